/**
 * The instance a finding names: from GuardDuty `resource.instanceDetails`, or from the
 * `AwsEc2Instance` resource of an ASFF finding. Validation only; no AWS call.
 */

import { InvalidEventError, quote } from '../shared/errors';
import { parseWith, type SourceFinding } from '../shared/events';
import { isRecord } from '../shared/fields';
import { checkInFindingScope } from '../shared/finding-region';
import type { Ignore } from '../shared/handler';
import * as z from '../shared/zod';

/**
 * The instance of a GuardDuty finding. Only the id, which the responder acts on, is validated; the
 * network interfaces are hints (older findings lack `networkInterfaceId`, samples carry
 * `GeneratedFindingVPCId`), read loosely by the responder and never a reason to reject.
 */
export const GuardDutyInstanceSchema = z.lazySchema(() =>
  z.object({
    instanceId: z.string().check(z.regex(/^i-[0-9a-f]{8,17}$/, 'must be an EC2 instance id')),
    networkInterfaces: z.optional(z.unknown()),
  }),
);

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

/** Interfaces read for VPC hints: an instance has at most a few dozen. */
const MAX_HINTED_INTERFACES = 64;

/** A VPC id from the finding, or nothing when it is missing or malformed (a hint is dropped, not rejected). */
function vpcHint(value: unknown): string[] {
  return typeof value === 'string' && VPC_ID.test(value) ? [value] : [];
}

/**
 * The VPC ids of GuardDuty `networkInterfaces`: hints to look up the isolation groups early. An
 * interface without `networkInterfaceId` or a VPC id such as `GeneratedFindingVPCId` is skipped;
 * the live DescribeInstances read decides which interfaces are moved.
 */
export function vpcHintsOf(networkInterfaces: unknown): string[] {
  if (!Array.isArray(networkInterfaces)) return [];
  const vpcs = networkInterfaces
    .slice(0, MAX_HINTED_INTERFACES)
    .flatMap((n) => (isRecord(n) ? vpcHint(n.vpcId) : []));
  return [...new Set(vpcs)];
}

/** Parses a GuardDuty or Security Hub finding into the instance to isolate. */
export function toEc2Target(
  source: Extract<SourceFinding, { kind: 'guardduty' | 'securityhub' }>,
): Ec2Target | Ignore {
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
    return { instanceId: details.instanceId, vpcHints: vpcHintsOf(details.networkInterfaces) };
  }
  return fromAsff(source);
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
  const details = resource.Details?.AwsEc2Instance;
  return { instanceId, vpcHints: isRecord(details) ? vpcHint(details.VpcId) : [] };
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
  checkInFindingScope({ partition, region, account }, source, path, 'an instance');
  return instanceId;
}
