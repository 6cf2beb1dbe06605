/**
 * Which responder contains a GuardDuty finding, from its type and resource type: the one rule the
 * EventBridge patterns, the catch-all escalation, the operator's `respond` and the coverage test
 * share, derived from the registry (each GuardDuty responder's resource types, configured types
 * and `alsoMatches`). Plain data: no SDK, no cdktf import.
 *
 * Resource types: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-summary.html
 */
import {
  declarationOf,
  GUARDDUTY_RESPONDERS,
  type GuardDutyResponderName,
} from '../registry/responders';

/** The finding types each GuardDuty responder is configured for (`findingTypes` in the config). */
export type GuardDutyFindingTypes = Readonly<Record<GuardDutyResponderName, readonly string[]>>;

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
 * none does and the finding is escalated. Registry order decides a tie (the schema forbids one).
 */
export function containerOf(
  type: string,
  resourceType: string,
  findingTypes: GuardDutyFindingTypes,
): GuardDutyResponderName | undefined {
  return GUARDDUTY_RESPONDERS.find((name) => {
    const declared = declarationOf(name).guardDuty;
    if (!declared || !(declared.resourceTypes as readonly string[]).includes(resourceType)) {
      return false;
    }
    return (
      findingTypes[name].includes(type) ||
      (declared.alsoMatches ?? []).some((p) => matchesWildcard(p, type))
    );
  });
}
