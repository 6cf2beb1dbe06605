/**
 * Which RDS snapshot a finding asks to make private. The managed Config rule
 * `rds-snapshots-public-prohibited` evaluates `AWS::RDS::DBSnapshot` and
 * `AWS::RDS::DBClusterSnapshot` resources; Security Hub's control RDS.1 reports them as
 * `AwsRdsDbSnapshot` / `AwsRdsDbClusterSnapshot` resources whose `Id` is the snapshot ARN. Only the
 * snapshot (type, identifier, and for an ARN its account and region) is validated; whether it is
 * public, and its tags, are read live. Validates before any AWS call.
 * https://docs.aws.amazon.com/config/latest/developerguide/rds-snapshots-public-prohibited.html
 * https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-1
 */
import { type ConfigSource, configRuleFor } from '../shared/config-rule';
import { formatPath, InvalidEventError, quote } from '../shared/errors';
import { findingIdOf, type SourceFinding } from '../shared/events';
import { checkInFindingScope } from '../shared/finding-region';
import type { Ignore } from '../shared/handler';
import type { RdsSnapshotType } from './before';
import { NAME } from './name';

/** The snapshot to make private, in the finding's account and region. */
export interface RdsSnapshotTarget {
  readonly accountId: string;
  readonly region: string;
  readonly snapshotType: RdsSnapshotType;
  /** `DBSnapshotIdentifier` or `DBClusterSnapshotIdentifier`. */
  readonly identifier: string;
  /** Id of the finding, for the report. */
  readonly findingId: string;
}

/** Config resource types of the rule, with the snapshot type each names. */
export const CONFIG_TYPES: Readonly<Record<string, RdsSnapshotType>> = {
  'AWS::RDS::DBSnapshot': 'snapshot',
  'AWS::RDS::DBClusterSnapshot': 'cluster-snapshot',
};

/** ASFF resource types of control RDS.1, with the snapshot type each names. */
export const ASFF_TYPES: Readonly<Record<string, RdsSnapshotType>> = {
  AwsRdsDbSnapshot: 'snapshot',
  AwsRdsDbClusterSnapshot: 'cluster-snapshot',
};

/**
 * A manual snapshot identifier, as RDS constrains it: 1 to 255 letters, digits or hyphens, first a
 * letter, no two hyphens in a row, none last. Automated snapshots (`rds:…`) cannot be shared.
 */
export const IDENTIFIER = /^[a-zA-Z](?:-?[a-zA-Z0-9]){0,254}$/;

/** An RDS snapshot ARN: partition, region, account, type and identifier. */
export const SNAPSHOT_ARN =
  /^arn:(aws[a-z-]{0,8}):rds:([a-z0-9-]{1,32}):(\d{12}):(snapshot|cluster-snapshot):([^:]{1,255})$/;

type SecurityHub = Extract<SourceFinding, { kind: 'securityhub' }>;

/** The snapshot of a finding, or why this responder does not handle it. Throws InvalidEventError. */
export function toRdsSnapshotTarget(
  source: Extract<SourceFinding, { kind: 'config' | 'securityhub' }>,
): RdsSnapshotTarget | Ignore {
  return source.kind === 'config' ? fromConfig(source) : fromSecurityHub(source);
}

function fromConfig(source: ConfigSource): RdsSnapshotTarget | Ignore {
  const { compliance } = source;
  const match = configRuleFor(source, NAME);
  if ('ignore' in match) return match;
  const snapshotType = CONFIG_TYPES[compliance.resourceType];
  if (!snapshotType) {
    return {
      ignore: `Config rule ${match.rule} reported a ${compliance.resourceType}, not an RDS snapshot`,
      resource: match.resource,
    };
  }
  const path = formatPath(['detail', 'resourceId']);
  // The evaluated resource is read as its ARN or its identifier; either names one snapshot here.
  const named = SNAPSHOT_ARN.test(compliance.resourceId)
    ? fromArn(compliance.resourceId, source, path)
    : { snapshotType, identifier: checkIdentifier(compliance.resourceId, path) };
  if (named.snapshotType !== snapshotType) {
    throw new InvalidEventError(path, `names a ${named.snapshotType}, not a ${snapshotType}`);
  }
  return { ...base(source), ...named };
}

function fromSecurityHub(source: SecurityHub): RdsSnapshotTarget | Ignore {
  const resources = source.finding.Resources;
  const index = resources.findIndex((r) => Object.hasOwn(ASFF_TYPES, r.Type));
  const resource = resources[index];
  if (!resource) {
    const types = resources.map((r) => r.Type).join(', ');
    return {
      ignore: `the finding has no AwsRdsDbSnapshot or AwsRdsDbClusterSnapshot resource (resources: ${types.slice(0, 200)})`,
      resource: resources[0]?.Id.slice(0, 256) ?? '(none)',
    };
  }
  const path = formatPath([source.path, 'Resources', index, 'Id']);
  const named = fromArn(resource.Id, source, path);
  if (named.snapshotType !== ASFF_TYPES[resource.Type]) {
    throw new InvalidEventError(path, `names a ${named.snapshotType}, not a ${resource.Type}`);
  }
  return { ...base(source), ...named };
}

function base(source: SourceFinding) {
  return { accountId: source.accountId, region: source.region, findingId: findingIdOf(source) };
}

/**
 * The snapshot of an ARN of the finding's own account, region and partition: the member role is
 * assumed there, so an ARN elsewhere would change whatever snapshot has that name there.
 */
function fromArn(
  arn: string,
  source: SourceFinding,
  path: string,
): { snapshotType: RdsSnapshotType; identifier: string } {
  const m = SNAPSHOT_ARN.exec(arn);
  if (!m) throw new InvalidEventError(path, `must be an RDS snapshot ARN (got ${quote(arn)})`);
  const [, partition, region, account, snapshotType, identifier] = m as unknown as [
    string,
    string,
    string,
    string,
    RdsSnapshotType,
    string,
  ];
  checkInFindingScope({ partition, region, account }, source, path, 'a snapshot');
  return { snapshotType, identifier: checkIdentifier(identifier, path) };
}

function checkIdentifier(identifier: string, path: string): string {
  if (identifier.length > 255 || !IDENTIFIER.test(identifier)) {
    throw new InvalidEventError(
      path,
      `must name a manual RDS snapshot (a letter, then letters, digits and single hyphens; got ${quote(identifier)})`,
    );
  }
  return identifier;
}
