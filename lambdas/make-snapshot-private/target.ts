/**
 * Which account and region a finding asks to make snapshots private in. The managed Config rule
 * `ebs-snapshot-public-restorable-check` is periodic and evaluates the account
 * (`AWS::::Account`, resource id = the account id), not each snapshot; Security Hub's control
 * EC2.1 reports it on an `AwsAccount` resource. So the target is the account in the finding's
 * region, and the public snapshots are read live. Validates before any AWS call.
 * https://docs.aws.amazon.com/config/latest/developerguide/ebs-snapshot-public-restorable-check.html
 */

import { bounded } from '../shared/bounded';
import { type ConfigSource, configRuleFor } from '../shared/config-rule';
import { formatPath, InvalidEventError } from '../shared/errors';
import { findingIdOf, type SourceFinding } from '../shared/events';
import type { Ignore } from '../shared/handler';
import { NAME } from './name';

/** Config's resource type of an account-level evaluation. */
export const ACCOUNT_RESOURCE_TYPE = 'AWS::::Account';

/** The account (in the finding's region) whose public snapshots are made private. */
export interface SnapshotsTarget {
  readonly accountId: string;
  readonly region: string;
  /** Id of the finding, for the report. */
  readonly findingId: string;
}

type SecurityHub = Extract<SourceFinding, { kind: 'securityhub' }>;

/** The account of a finding, or why this responder does not handle it. Throws InvalidEventError. */
export function toSnapshotsTarget(
  source: Extract<SourceFinding, { kind: 'config' | 'securityhub' }>,
): SnapshotsTarget | Ignore {
  return source.kind === 'config' ? fromConfig(source) : fromSecurityHub(source);
}

function fromConfig(source: ConfigSource): SnapshotsTarget | Ignore {
  const { compliance } = source;
  const match = configRuleFor(source, NAME);
  if ('ignore' in match) return match;
  if (compliance.resourceType !== ACCOUNT_RESOURCE_TYPE) {
    return {
      ignore: `Config rule ${match.rule} reported a ${compliance.resourceType}, not an account`,
      resource: match.resource,
    };
  }
  if (compliance.resourceId !== compliance.awsAccountId) {
    throw new InvalidEventError(
      formatPath(['detail', 'resourceId']),
      `must be the evaluated account ${compliance.awsAccountId} (${ACCOUNT_RESOURCE_TYPE})`,
    );
  }
  return { accountId: source.accountId, region: source.region, findingId: findingIdOf(source) };
}

function fromSecurityHub(source: SecurityHub): SnapshotsTarget | Ignore {
  const resources = source.finding.Resources;
  const index = resources.findIndex((r) => r.Type === 'AwsAccount');
  const resource = resources[index];
  if (!resource) {
    return {
      ignore: 'the finding has no AwsAccount resource (control EC2.1 reports one)',
      resource: bounded(resources[0]?.Id ?? '-'),
    };
  }
  // Security Hub writes the account resource as `AWS::::Account:<account id>`.
  const id = /^AWS::::Account:(\d{12})$/.exec(resource.Id)?.[1];
  if (id !== source.accountId) {
    throw new InvalidEventError(
      formatPath([source.path, 'Resources', index, 'Id']),
      `must be AWS::::Account:${source.accountId} (the finding's AwsAccountId)`,
    );
  }
  return { accountId: source.accountId, region: source.region, findingId: findingIdOf(source) };
}
