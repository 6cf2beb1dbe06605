import { ModifyNetworkInterfaceAttributeCommand } from '@aws-sdk/client-ec2';
import { handler } from '../../lambdas/isolate-ec2';
import type { HandlerResult } from '../../lambdas/shared/handler';
import { ENIS } from '../lambdas/isolate-ec2/support';
import { createMocks } from '../support/aws';
import { forgetLedger, type LedgerServer, startLedger } from '../support/ledger';
import { arrangeInstances, instanceFinding, published } from './support';

const mocks = createMocks();
let ledger: LedgerServer;

beforeEach(async () => {
  ledger = await startLedger();
  arrangeInstances(mocks, { LEDGER_TABLE_NAME: ledger.table.tableName });
});
afterEach(async () => {
  await ledger.stop();
  forgetLedger();
});

describe('ledger unavailable: the server is down for the whole response', () => {
  it('still contains the real threat', async () => {
    // Arrange
    await ledger.stop();
    // Act
    const { outcomes } = (await handler(instanceFinding(7))) as HandlerResult;
    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(6);
  });

  it('says in the outcome that the limit was not applied and that undo will be manual', async () => {
    // Arrange
    await ledger.stop();
    // Act
    const { outcomes } = (await handler(instanceFinding(7))) as HandlerResult;
    // Assert
    const reason = outcomes[0]?.reason ?? '';
    expect(reason).toMatch(
      /the ledger was unavailable at the start \(.+\): the blast-radius limit was not applied/,
    );
    expect(reason).toMatch(/the ledger could not record this response \(.+\): undo will be manual/);
  });

  it('sends one high-priority alert that carries the state before the change', async () => {
    // Arrange
    await ledger.stop();
    // Act
    await handler(instanceFinding(7));
    // Assert
    const alerts = published(mocks).filter((m) => m.outcome === undefined);
    expect(alerts).toHaveLength(1);
    const alert = alerts[0];
    expect(alert?.subject).toBe('[security-ir] undo will be manual: i-00000000700000000');
    expect(alert?.priority).toBe('high');
    const before = JSON.parse(alert?.message.slice(alert.message.indexOf('{')) ?? '{}');
    expect(before).toMatchObject({
      kind: 'isolate-ec2',
      instanceId: 'i-00000000700000000',
      interfaces: ENIS.map((e) => ({ eni: e.id, vpcId: e.vpc, groups: [...e.groups] })),
    });
  });
});

describe('ledger unavailable: a response that changes nothing', () => {
  it('is not alerted as a manual undo, only noted', async () => {
    // Arrange
    await ledger.stop();
    arrangeInstances(mocks, { LEDGER_TABLE_NAME: ledger.table.tableName, DRY_RUN: 'true' });
    // Act
    const { outcomes } = (await handler(instanceFinding(7))) as HandlerResult;
    // Assert
    expect(outcomes[0]?.status).toBe('dry-run');
    expect(outcomes[0]?.reason).toMatch(/the ledger could not record this response/);
    expect(published(mocks).filter((m) => m.outcome === undefined)).toHaveLength(0);
  });
});
