/**
 * TEMPLATE (not deployed): the registry entry of the skeleton responder. Copy it into
 * `lambdas/registry/responders.ts` under your responder's name; nothing else names a responder.
 * The type check keeps this example valid; test/lambdas/_template.test.ts keeps it working.
 */
import type { ResponderDeclaration } from '../registry/declaration';

/** The skeleton's declaration: what it answers, what it may call, how its exception is read. */
export const TEMPLATE_DECLARATION = {
  summary: 'Marks an EC2 instance named by a finding with a response tag',
  // Routed by the master stack only because this is declared (findingTypes.<name> defaults).
  guardDuty: {
    resourceTypes: ['Instance'],
    defaultFindingTypes: ['Recon:EC2/PortProbeUnprotectedPort'],
  },
  customAction: {
    identifier: 'MarkInstance',
    name: 'Mark instance',
    description: 'Tag the instance',
  },
  reads: ['ec2:DescribeInstances'],
  mutates: [{ action: 'ec2:CreateTags', resources: ['ec2:instance'] }],
  exception: { on: ['ec2:instance'], readBy: ['ec2:DescribeInstances'] },
  operator: { release: 'nothing to restore: the tag is left as a record' },
} as const satisfies ResponderDeclaration;
