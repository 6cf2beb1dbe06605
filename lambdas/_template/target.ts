/**
 * TEMPLATE: which resource a finding names. Validate only what you act on (the id), with your own
 * schema of the GuardDuty `resource.<x>Details` you need; the event layer keeps every detail.
 */
import { quote } from '../shared/errors';
import { parseWith, type SourceFinding } from '../shared/events';
import type { Ignore } from '../shared/handler';
import * as z from '../shared/zod';

/** The resource the skeleton acts on. */
export interface TemplateTarget {
  readonly instanceId: string;
}

const DetailsSchema = z.lazySchema(() =>
  z.object({
    instanceId: z.string().check(z.regex(/^i-[0-9a-f]{8,17}$/, 'must be an EC2 instance id')),
  }),
);

/** Parses a GuardDuty finding into the target, or says why it is not handled. */
export function toTemplateTarget(
  source: Extract<SourceFinding, { kind: 'guardduty' }>,
): TemplateTarget | Ignore {
  const { resource } = source.finding;
  if (resource.resourceType !== 'Instance') {
    return {
      ignore: `the finding is about a ${quote(resource.resourceType)} resource, not an EC2 instance`,
      resource: resource.resourceType.slice(0, 64),
    };
  }
  return parseWith(DetailsSchema, resource.instanceDetails, [
    'detail',
    'resource',
    'instanceDetails',
  ]);
}
