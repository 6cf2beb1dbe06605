/**
 * The region and partition a finding is about, taken from the finding itself and never from the
 * EventBridge envelope: with cross-region aggregation the envelope names where the event was
 * delivered (the security account's home region), not where the resource lives. When the finding
 * does not say, the responder does not act.
 *
 * ASFF: `Region` ("the Region from which the finding was generated"), `Resources[].Region`,
 * `Resources[].Partition`, `ProductArn`; GuardDuty: `detail.region`, `detail.partition`,
 * `detail.arn`. https://docs.aws.amazon.com/securityhub/latest/userguide/asff-top-level-attributes.html
 */
import { InvalidEventError } from './errors';
import { partitionOf } from './member-clients';

/** An ARN's partition, region and account (region and account may be empty), with bounded parts. */
const ARN = /^arn:(aws[a-z-]{0,12}):[a-z0-9-]{1,64}:([a-z0-9-]{0,32}):(\d{12})?:/;

/** The partition, region and account an ARN names (bounded), or undefined if it is not an ARN. */
export function arnParts(
  arn: string,
): { partition: string; region: string; account: string } | undefined {
  const m = ARN.exec(arn);
  if (!m) return undefined;
  return { partition: m[1] as string, region: m[2] ?? '', account: m[3] ?? '' };
}

/**
 * Checks that a resource ARN (its partition, region and account) is in the finding's own scope.
 * The member role is assumed in the finding's account, region and partition: an ARN elsewhere is
 * unreachable, or worse, names whatever resource carries the same id there. Throws
 * {@link InvalidEventError} naming `path` and `what` the ARN names.
 */
export function checkInFindingScope(
  named: { readonly partition: string; readonly region: string; readonly account: string },
  finding: { readonly accountId: string; readonly region: string },
  path: string,
  what: string,
): void {
  const partition = partitionOf(finding.region);
  if (
    named.account !== finding.accountId ||
    named.region !== finding.region ||
    named.partition !== partition
  ) {
    throw new InvalidEventError(
      path,
      `names ${what} in ${named.partition}/${named.account}/${named.region}, but the finding is for ${partition}/${finding.accountId}/${finding.region}`,
    );
  }
}

/** Where a candidate region came from, as a field path. */
interface Stated {
  readonly path: string;
  readonly region?: string | undefined;
  readonly partition?: string | undefined;
}

/** The region fields of an ASFF finding, as the schema parsed them. */
export interface AsffRegionFields {
  readonly Region?: string | undefined;
  readonly ProductArn: string;
  readonly Resources: readonly {
    readonly Id: string;
    readonly Region?: string | undefined;
    readonly Partition?: string | undefined;
  }[];
}

/**
 * The region of an ASFF finding: `Region`, else the first resource `Region`, else the region of
 * the first regional resource ARN, else the region of `ProductArn`. Every partition the finding
 * states must be that region's. Throws {@link InvalidEventError} when the finding names no
 * region, or contradicts itself on the partition.
 */
export function asffRegion(finding: AsffRegionFields, path: string): string {
  const stated: Stated[] = [{ path: `${path}.Region`, region: finding.Region }];
  finding.Resources.forEach((r, i) => {
    stated.push({ path: `${path}.Resources[${i}].Region`, region: r.Region });
    stated.push({ path: `${path}.Resources[${i}].Partition`, partition: r.Partition });
  });
  finding.Resources.forEach((r, i) => {
    const arn = arnParts(r.Id);
    if (arn)
      stated.push({
        path: `${path}.Resources[${i}].Id`,
        region: arn.region,
        partition: arn.partition,
      });
  });
  const product = arnParts(finding.ProductArn);
  if (product) {
    stated.push({
      path: `${path}.ProductArn`,
      region: product.region,
      partition: product.partition,
    });
  }
  const region = stated.find((s) => s.region)?.region;
  if (!region) {
    throw new InvalidEventError(
      `${path}.Region`,
      'is missing, and no resource Region, regional resource ARN or ProductArn names the region: ' +
        'not acting in a region the finding does not name (the envelope region is where the event was delivered)',
    );
  }
  checkPartitions(region, stated);
  return region;
}

/**
 * Checks that a GuardDuty finding's `partition`, and the partition of its `arn`, are those of its
 * `region`. Throws {@link InvalidEventError} on a contradiction.
 */
export function checkGuardDutyPartition(finding: {
  readonly region: string;
  readonly partition?: string | undefined;
  readonly arn?: string | undefined;
}): void {
  const arn = finding.arn === undefined ? undefined : arnParts(finding.arn);
  checkPartitions(finding.region, [
    { path: 'detail.partition', partition: finding.partition },
    { path: 'detail.arn', partition: arn?.partition },
  ]);
}

function checkPartitions(region: string, stated: readonly Stated[]): void {
  const expected = partitionOf(region);
  const wrong = stated.find((s) => s.partition !== undefined && s.partition !== expected);
  if (wrong) {
    throw new InvalidEventError(
      wrong.path,
      `names partition ${wrong.partition}, but region ${region} is in ${expected}`,
    );
  }
}
