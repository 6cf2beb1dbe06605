/**
 * Which security group a finding asks to confine: a non-compliant Config evaluation of a rule the
 * configuration answers with `confine-security-group`, or a Security Hub finding sent by an analyst
 * with an `AwsEc2SecurityGroup` resource. Validates before any AWS call.
 */

import { bounded } from '../shared/bounded';
import { type ConfigSource, configRuleFor } from '../shared/config-rule';
import { formatPath, InvalidEventError } from '../shared/errors';
import { findingIdOf, parseWith, type SourceFinding } from '../shared/events';
import { checkInFindingScope } from '../shared/finding-region';
import type { Ignore } from '../shared/handler';
import * as z from '../shared/zod';

/** A security group id, e.g. `sg-0123456789abcdef0`. */
export const GroupIdSchema = z.lazySchema(() =>
  z
    .string()
    .check(
      z.regex(/^sg-[0-9a-f]{8,17}$/, 'must be a security group id (sg- and 8 or 17 hex digits)'),
    ),
);

const GROUP_ARN =
  /^arn:(aws[a-z-]{0,8}):ec2:([a-z0-9-]{1,32}):(\d{12}):security-group\/([^/]{1,64})$/;

const DetailsSchema = z.lazySchema(() =>
  z.object({
    AwsEc2SecurityGroup: z.optional(z.object({ GroupId: z.optional(GroupIdSchema()) })),
  }),
);

/** The security group a finding asks to confine. */
export interface GroupTarget {
  readonly groupId: string;
  /** Id of the finding, named in the description of every replacement rule. */
  readonly findingId: string;
}

type SecurityHub = Extract<SourceFinding, { kind: 'securityhub' }>;

/** The group of a finding, or why this responder does not handle it. Throws InvalidEventError. */
export function toGroupTarget(
  source: Extract<SourceFinding, { kind: 'config' | 'securityhub' }>,
): GroupTarget | Ignore {
  return source.kind === 'config' ? fromConfig(source) : fromSecurityHub(source);
}

function fromConfig(source: ConfigSource): GroupTarget | Ignore {
  const { compliance } = source;
  const match = configRuleFor(source, 'confine-security-group');
  if ('ignore' in match) return match;
  const { rule, resource } = match;
  if (compliance.resourceType !== 'AWS::EC2::SecurityGroup') {
    return {
      ignore: `Config rule ${rule} reported a ${compliance.resourceType}, not a security group`,
      resource,
    };
  }
  const groupId = parseWith(GroupIdSchema, compliance.resourceId, ['detail', 'resourceId']);
  return { groupId, findingId: findingIdOf(source) };
}

function fromSecurityHub(source: SecurityHub): GroupTarget | Ignore {
  const resources = source.finding.Resources;
  const index = resources.findIndex((r) => r.Type === 'AwsEc2SecurityGroup');
  const resource = resources[index];
  if (!resource) {
    return {
      ignore: 'the finding has no AwsEc2SecurityGroup resource',
      resource: bounded(resources[0]?.Id ?? '-'),
    };
  }
  const at = [source.path, 'Resources', index];
  const details = parseWith(DetailsSchema, resource.Details ?? {}, [...at, 'Details']);
  const fromDetails = details.AwsEc2SecurityGroup?.GroupId;
  const arn = GROUP_ARN.exec(resource.Id);
  const idPath = formatPath([...at, 'Id']);
  if (!arn) {
    if (fromDetails) return { groupId: fromDetails, findingId: findingIdOf(source) };
    throw new InvalidEventError(
      idPath,
      'must be a security group ARN (arn:aws:ec2:<region>:<account>:security-group/sg-...), or ' +
        'Details.AwsEc2SecurityGroup.GroupId must be set',
    );
  }
  const [, partition, region, account, id] = arn;
  const groupId = parseWith(GroupIdSchema, id, [...at, 'Id']);
  checkInFindingScope({ partition, region, account }, source, idPath, 'a security group');
  if (fromDetails && fromDetails !== groupId) {
    throw new InvalidEventError(
      idPath,
      `names ${groupId}, but Details.AwsEc2SecurityGroup.GroupId is ${fromDetails}`,
    );
  }
  return { groupId, findingId: findingIdOf(source) };
}
