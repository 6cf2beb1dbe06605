/**
 * The instance a finding names: from GuardDuty `resource.instanceDetails`, or from the
 * `AwsEc2Instance` resource of an ASFF finding. Validation only; no AWS call.
 */

import { InvalidEventError, quote } from '../shared/errors';
import { GuardDutyInstanceSchema, parseWith, type SourceFinding } from '../shared/events';
import type { Ignore } from '../shared/handler';
import { partitionOf } from '../shared/member-clients';
import * as z from '../shared/zod';

/** The instance to isolate, with the VPCs the finding says its interfaces are in. */
export interface Ec2Target {
  readonly instanceId: string;
  /** VPC ids carried by the finding: a hint to look up groups early, checked against the live read. */
  readonly vpcHints: readonly string[];
}

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const INSTANCE_ARN =
  /^arn:(aws[a-z-]{0,8}):ec2:([a-z0-9-]{1,32}):(\d{12}):instance\/(i-[0-9a-f]{8,17})$/;

/** The part of `Details.AwsEc2Instance` the responder reads (ASFF, PascalCase). */
const AsffInstanceDetailsSchema = z.object({
  VpcId: z.optional(z.string().check(z.regex(VPC_ID, 'must be a VPC id'))),
});

/** Parses a GuardDuty or Security Hub finding into the instance to isolate. */
export function toEc2Target(source: SourceFinding): Ec2Target | Ignore {
  if (source.kind === 'guardduty') {
    const { resourceType } = source.finding.resource;
    if (resourceType !== 'Instance') {
      return {
        ignore: `the finding is about a ${quote(resourceType)} resource, not an EC2 instance`,
        resource: resourceType.slice(0, 64),
      };
    }
    const details = parseWith(GuardDutyInstanceSchema, source.finding.resource.instanceDetails, [
      'detail',
      'resource',
      'instanceDetails',
    ]);
    const vpcs = (details.networkInterfaces ?? []).flatMap((n) => (n.vpcId ? [n.vpcId] : []));
    return { instanceId: details.instanceId, vpcHints: [...new Set(vpcs)] };
  }
  if (source.kind === 'securityhub') return fromAsff(source);
  throw new InvalidEventError(source.path, 'isolate-ec2 does not handle Config events');
}

function fromAsff(source: Extract<SourceFinding, { kind: 'securityhub' }>): Ec2Target | Ignore {
  const index = source.finding.Resources.findIndex((r) => r.Type === 'AwsEc2Instance');
  const resource = source.finding.Resources[index];
  if (!resource) {
    const types = source.finding.Resources.map((r) => r.Type).join(', ');
    return {
      ignore: `the finding has no AwsEc2Instance resource (resources: ${types.slice(0, 200)})`,
      resource: source.finding.Resources[0]?.Id.slice(0, 256) ?? '(none)',
    };
  }
  const path = `${source.path}.Resources[${index}]`;
  const instanceId = instanceIdOf(resource.Id, source, `${path}.Id`);
  const details = parseWith(AsffInstanceDetailsSchema, resource.Details?.AwsEc2Instance ?? {}, [
    ...pathSegments(source.path),
    'Resources',
    index,
    'Details',
    'AwsEc2Instance',
  ]);
  return { instanceId, vpcHints: details.VpcId ? [details.VpcId] : [] };
}

/** The instance id of an ASFF resource `Id`: an instance ARN of the finding's own account and region, or a bare id. */
function instanceIdOf(id: string, source: SourceFinding, path: string): string {
  if (INSTANCE_ID.test(id)) return id;
  const arn = INSTANCE_ARN.exec(id);
  if (!arn) {
    throw new InvalidEventError(path, `must be an EC2 instance ARN or id (got ${quote(id)})`);
  }
  const [, partition, region, account, instanceId] = arn as unknown as string[] as [
    string,
    string,
    string,
    string,
    string,
  ];
  // The member role is assumed in the finding's account, region and partition; an ARN elsewhere
  // would make the responder act on whatever instance carries that id there.
  if (
    account !== source.accountId ||
    region !== source.region ||
    partition !== partitionOf(source.region)
  ) {
    throw new InvalidEventError(
      path,
      `names an instance in ${partition}/${account}/${region}, but the finding is for ${partitionOf(source.region)}/${source.accountId}/${source.region}`,
    );
  }
  return instanceId;
}

/** `detail.findings[2]` as zod path segments. */
function pathSegments(path: string): (string | number)[] {
  return path
    .split(/\.|\[(\d+)\]/)
    .filter((s) => s !== undefined && s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
