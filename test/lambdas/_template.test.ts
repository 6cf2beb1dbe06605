import { CreateTagsCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { TEMPLATE_DECLARATION } from '../../lambdas/_template/declaration';
import { TEMPLATE_SPEC } from '../../lambdas/_template/index';
import { readActionOf } from '../../lambdas/registry/declaration';
import { RESPONDER_NAMES, type ResponderName } from '../../lambdas/registry/responders';
import { CENTRAL_ACTIONS } from '../../lambdas/shared/catalogue';
import { createHandler } from '../../lambdas/shared/handler';
import fixture from '../fixtures/guardduty/ec2-backdoor.json';
import { createMocks, inputsOf, resetAll, sentActions } from '../support/aws';

// The skeleton responder folder stays compiling and working: it runs here under a registered
// name (the name only labels outcomes), against mocked AWS.
const mocks = createMocks();
const handler = createHandler({ name: RESPONDER_NAMES[0] as ResponderName, ...TEMPLATE_SPEC });
const INSTANCE = fixture.detail.resource.instanceDetails.instanceId;

function arrange(tags: { Key: string; Value: string }[], env: Record<string, string> = {}) {
  resetAll(mocks, env);
  mocks.ec2
    .on(DescribeInstancesCommand)
    .resolves({ Reservations: [{ Instances: [{ InstanceId: INSTANCE, Tags: tags }] }] });
  mocks.ec2.on(CreateTagsCommand).resolves({});
}

describe('skeleton responder (lambdas/_template)', () => {
  it('tags the instance, calling only what its declaration and the pipeline declare', async () => {
    // Arrange
    arrange([]);

    // Act
    const { outcomes } = await handler(structuredClone(fixture));

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(inputsOf(mocks.ec2, CreateTagsCommand)).toEqual([
      { Resources: [INSTANCE], Tags: [{ Key: 'security-ir:flagged', Value: 'true' }] },
    ]);
    const declared = new Set<string>([
      ...TEMPLATE_DECLARATION.reads.map(readActionOf),
      ...TEMPLATE_DECLARATION.mutates.map((m) => m.action),
      ...CENTRAL_ACTIONS,
    ]);
    expect(sentActions(mocks).filter((a) => !declared.has(a))).toEqual([]);
  });

  it('skips an instance under exception and plans in dry-run', async () => {
    // Arrange
    arrange([{ Key: 'SecurityException', Value: 'CHG-1' }]);
    const run = handler;

    // Act
    const skipped = await run(structuredClone(fixture));
    arrange([], { DRY_RUN: 'true' });
    const planned = await run(structuredClone(fixture));

    // Assert
    expect(skipped.outcomes[0]?.status).toBe('skipped');
    expect(planned.outcomes[0]?.status).toBe('dry-run');
    expect(mocks.ec2.commandCalls(CreateTagsCommand)).toHaveLength(0);
  });
});
