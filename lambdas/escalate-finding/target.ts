/**
 * escalate-finding's decision, from the finding alone: a finding another responder contains is
 * left to it (quietly: that responder reports); every other finding is escalated with the
 * resources it names and what to check first. No AWS call.
 */
import { bounded } from '../shared/bounded';
import { responderEnv } from '../shared/config';
import { InvalidEventError } from '../shared/errors';
import type { SourceFinding } from '../shared/events';
import { containerOf } from '../shared/guardduty-routes';
import type { Ignore } from '../shared/handler';
import { FIRST_CHECKS, familyOf } from './checks';
import { namedResources } from './resources';

/** Longest escalation reason: the alert keeps 1,024 characters of a reason (report.ts). */
export const MAX_REASON = 1000;

/** The resource an escalation names: the first the finding lists, else its resource type. */
function mainResource(resources: readonly string[], resourceType: string): string {
  return bounded(resources[0] ?? resourceType, 128);
}

/** Joins the parts, dropping listed resources from the end until the reason fits. */
function fitReason(head: string, resources: string[], checks: string): string {
  const listed = [...resources];
  for (;;) {
    const dropped = resources.length - listed.length;
    const names = [...listed, ...(dropped > 0 ? [`(+${dropped} more)`] : [])];
    const text = `${head} Resources: ${names.length ? names.join('; ') : 'none named'}. ${checks}`;
    if (text.length <= MAX_REASON || listed.length === 0) return bounded(text, MAX_REASON);
    listed.pop();
  }
}

/** The responder that contains a GuardDuty finding, if any (the configured types and the registry). */
export function containerOfFinding(source: SourceFinding): string | undefined {
  if (source.kind !== 'guardduty') return undefined;
  const { type, resource } = source.finding;
  return containerOf(type, resource.resourceType, responderEnv().FINDING_TYPES);
}

/**
 * The escalation of a GuardDuty finding that no responder contains, or an Ignore naming the
 * responder that contains it (not notified: see `leftToOthers` in index.ts). Throws InvalidEventError for anything but a GuardDuty finding.
 */
export function toEscalation(source: SourceFinding): Ignore {
  if (source.kind !== 'guardduty') {
    throw new InvalidEventError(source.path, 'escalate-finding handles GuardDuty findings only');
  }
  const { type, resource } = source.finding;
  const resources = namedResources(source.finding);
  const container = containerOfFinding(source);
  if (container) {
    return {
      ignore: `contained by ${container}, which reports on it`,
      resource: mainResource(resources, resource.resourceType),
    };
  }
  const family = familyOf(type, resource.resourceType);
  const checks = FIRST_CHECKS[family].map((c, i) => `${i + 1}) ${c}`).join(' ');
  const head =
    `no automated containment for ${type} on a ${resource.resourceType} resource: ` +
    'an analyst must act; no change was made.';
  return {
    ignore: fitReason(head, resources, `Check first: ${checks}.`),
    resource: mainResource(resources, resource.resourceType),
    status: 'escalated',
  };
}
