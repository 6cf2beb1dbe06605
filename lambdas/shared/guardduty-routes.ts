/**
 * Which responder answers a GuardDuty finding, from its type and resource type: the one rule the
 * EventBridge patterns, the catch-all escalation and the coverage test share. Plain data: no SDK,
 * no cdktf import.
 *
 * Resource types: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-summary.html
 */

/**
 * Findings on an EC2 instance that isolate-ec2 answers beside its configured types, as EventBridge
 * wildcard patterns (`*` matches any run of characters): Runtime Monitoring findings (their
 * resource type says whether they are on an instance, an ECS task or an EKS workload) and Malware
 * Protection for EC2. Only findings whose resource type is `Instance` match.
 * https://docs.aws.amazon.com/guardduty/latest/ug/findings-runtime-monitoring.html
 * https://docs.aws.amazon.com/guardduty/latest/ug/findings-malware-protection.html
 */
export const INSTANCE_THREAT_TYPES = ['*:Runtime/*', 'Execution:EC2/MaliciousFile'] as const;

/** The GuardDuty resource type each containing responder acts on. */
export const CONTAINED_RESOURCE_TYPES = {
  'isolate-ec2': ['Instance'],
  // S3 findings name the access key that made the calls (`resource.accessKeyDetails`).
  'block-principal': ['AccessKey', 'S3Bucket'],
} as const satisfies Record<string, readonly string[]>;

/** A responder that contains GuardDuty findings of the types configured for it. */
export type ContainingResponder = keyof typeof CONTAINED_RESOURCE_TYPES;

/** The finding types each containing responder is configured for (`findingTypes` in the config). */
export type GuardDutyFindingTypes = Readonly<Record<ContainingResponder, readonly string[]>>;

/** Whether `value` matches an EventBridge wildcard pattern (`*` = any run of characters). */
export function matchesWildcard(pattern: string, value: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === value;
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (!value.startsWith(first) || value.length < first.length + last.length) return false;
  let at = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = value.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return value.slice(at).endsWith(last) && value.length - last.length >= at;
}

/**
 * The responder that contains a finding of this type on this resource type, or `undefined` when
 * none does and the finding is escalated.
 */
export function containerOf(
  type: string,
  resourceType: string,
  findingTypes: GuardDutyFindingTypes,
): ContainingResponder | undefined {
  const on = (r: ContainingResponder) =>
    (CONTAINED_RESOURCE_TYPES[r] as readonly string[]).includes(resourceType);
  if (
    on('isolate-ec2') &&
    (findingTypes['isolate-ec2'].includes(type) ||
      INSTANCE_THREAT_TYPES.some((p) => matchesWildcard(p, type)))
  ) {
    return 'isolate-ec2';
  }
  if (on('block-principal') && findingTypes['block-principal'].includes(type)) {
    return 'block-principal';
  }
  return undefined;
}
