import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { ArchiveFindingsCommand } from '@aws-sdk/client-guardduty';
import { PublishCommand } from '@aws-sdk/client-sns';
import { handler } from '../../lambdas/isolate-ec2';
import type { HandlerResult } from '../../lambdas/shared/handler';
import { getResponse, listResponses } from '../../lambdas/shared/ledger';
import { MAX_APPROVAL_EVENT_BYTES } from '../../lambdas/shared/ledger-schema';
import {
  ACCOUNT,
  arrange,
  FINDING_ID,
  guardDutyEvent,
  INSTANCE,
  instanceReply,
  securityHubEvent,
} from '../lambdas/isolate-ec2/support';
import { createMocks } from '../support/aws';
import { type LedgerServer, useLedger } from '../support/ledger';
import { published } from './support';

const mocks = createMocks();
let ledger: LedgerServer;

/** `approve` for account 222222222222 only; every other account contains. */
const APPROVE_IN_ACCOUNT = JSON.stringify({
  default: 'contain',
  accounts: { [ACCOUNT]: 'approve' },
  organizationalUnits: {},
});

function arrangeApprove(env: Record<string, string> = {}, live = {}) {
  arrange(mocks, {
    groups: 'clean',
    live,
    env: {
      LEDGER_TABLE_NAME: ledger.table.tableName,
      RESPONSE_MODES: APPROVE_IN_ACCOUNT,
      ...env,
    },
  });
}

useLedger((l) => {
  ledger = l;
});

describe('approve mode: a plan that would change something', () => {
  it('ends awaiting-approval with the plan, changes nothing and records nothing on the finding', async () => {
    // Arrange
    arrangeApprove();
    const before = Date.now();

    // Act
    const { outcomes } = (await handler(guardDutyEvent())) as HandlerResult;

    // Assert
    const [o] = outcomes;
    expect(o).toMatchObject({ status: 'awaiting-approval', mode: 'approve', resource: INSTANCE });
    expect(o?.steps.length).toBeGreaterThan(0);
    expect(o?.steps.every((s) => s.status === 'planned')).toBe(true);
    expect(o?.approval?.command).toBe(`security-ir approve ${FINDING_ID} --responder isolate-ec2`);
    const expires = Date.parse(o?.approval?.expiresAt ?? '');
    expect(expires - before).toBeGreaterThanOrEqual(60 * 60_000 - 1000);
    expect(expires - before).toBeLessThanOrEqual(60 * 60_000 + 5000);
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(0);
    expect(mocks.guardduty.commandCalls(ArchiveFindingsCommand)).toHaveLength(0);
    expect(mocks.securityhub.calls()).toHaveLength(0);
  });

  it('stores the plan, its expiry, the command and the raw event in the ledger item', async () => {
    // Arrange
    arrangeApprove();
    const event = guardDutyEvent();

    // Act
    const { outcomes } = (await handler(event)) as HandlerResult;

    // Assert
    const item = await getResponse(ledger.table, FINDING_ID, 'isolate-ec2');
    expect(item).toMatchObject({
      status: 'awaiting-approval',
      mode: 'approve',
      approval: {
        expiresAt: outcomes[0]?.approval?.expiresAt,
        command: `security-ir approve ${FINDING_ID} --responder isolate-ec2`,
      },
    });
    expect(JSON.parse(item?.event ?? 'null')).toEqual(event);
    expect(item?.steps).toEqual(outcomes[0]?.steps);
  });

  it('takes its expiry from APPROVAL_EXPIRY_MINUTES', async () => {
    // Arrange
    arrangeApprove({ APPROVAL_EXPIRY_MINUTES: '15' });
    const before = Date.now();

    // Act
    const { outcomes } = (await handler(guardDutyEvent())) as HandlerResult;

    // Assert
    const expires = Date.parse(outcomes[0]?.approval?.expiresAt ?? '');
    expect(expires - before).toBeGreaterThanOrEqual(15 * 60_000 - 1000);
    expect(expires - before).toBeLessThanOrEqual(15 * 60_000 + 5000);
  });

  it('notifies at high priority with the exact approve and deny commands', async () => {
    // Arrange
    arrangeApprove();

    // Act
    await handler(guardDutyEvent());

    // Assert
    const [message] = published(mocks);
    expect(message?.priority).toBe('high');
    expect(message?.subject).toContain('awaiting-approval');
    expect(message?.message).toContain(
      `: security-ir approve ${FINDING_ID} --responder isolate-ec2\n`,
    );
    expect(message?.message).toContain(
      `Deny: security-ir deny ${FINDING_ID} --responder isolate-ec2`,
    );
    expect(message?.outcome?.approval?.command).toBe(
      `security-ir approve ${FINDING_ID} --responder isolate-ec2`,
    );
  });

  it('sends chat (HTTPS subscribers) the custom notification and e-mail the text', async () => {
    // Arrange
    arrangeApprove();

    // Act
    await handler(guardDutyEvent());

    // Assert
    const [call] = mocks.sns.commandCalls(PublishCommand);
    const input = call?.args[0].input;
    expect(input?.MessageStructure).toBe('json');
    const messages = JSON.parse(input?.Message ?? '{}') as Record<string, string>;
    expect(Object.keys(messages).sort()).toEqual(['default', 'https']);
    expect(messages.default).toContain('Approve before');
    const chat = JSON.parse(messages.https ?? '{}');
    expect(chat).toMatchObject({ version: '1.0', source: 'custom' });
    expect(chat.content.nextSteps[0]).toContain(
      `security-ir approve ${FINDING_ID} --responder isolate-ec2`,
    );
  });

  it('publishes any other outcome as text only', async () => {
    // Arrange
    arrangeApprove({
      RESPONSE_MODES: JSON.stringify({ default: 'contain', accounts: {}, organizationalUnits: {} }),
    });

    // Act
    await handler(guardDutyEvent());

    // Assert
    const input = mocks.sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.MessageStructure).toBeUndefined();
    expect(input?.Message).toContain('isolate-ec2: CONTAINED');
  });

  it('keeps only its own finding of a Security Hub event that carries two', async () => {
    // Arrange: both accounts of the custom action in approve mode
    arrangeApprove({
      RESPONSE_MODES: JSON.stringify({ default: 'approve', accounts: {}, organizationalUnits: {} }),
    });
    mocks.ec2
      .on(DescribeInstancesCommand)
      .callsFake((input: DescribeInstancesCommandInput) =>
        instanceReply({ instanceId: input.InstanceIds?.[0] as string }),
      );
    const event = securityHubEvent();

    // Act
    const { outcomes } = (await handler(event)) as HandlerResult;

    // Assert
    expect(outcomes.map((o) => o.status)).toEqual(['awaiting-approval', 'awaiting-approval']);
    const items = await listResponses(ledger.table, {});
    expect(items).toHaveLength(2);
    for (const item of items) {
      const stored = JSON.parse(item.event ?? 'null');
      expect(stored.detail.findings).toHaveLength(1);
      expect(stored.detail.findings[0].Id).toBe(item.findingId);
      expect(stored['detail-type']).toBe(event['detail-type']);
    }
  });
});

describe('approve mode: nothing to approve', () => {
  it('leaves an exception skip as skipped, with no approval and no event', async () => {
    // Arrange
    arrangeApprove({}, { tags: [{ Key: 'SecurityException', Value: 'CHG-1234' }] });

    // Act
    const { outcomes } = (await handler(guardDutyEvent())) as HandlerResult;

    // Assert
    expect(outcomes[0]?.status).toBe('skipped');
    expect(outcomes[0]?.approval).toBeUndefined();
    const item = await getResponse(ledger.table, FINDING_ID, 'isolate-ec2');
    expect(item?.status).toBe('skipped');
    expect(item?.event).toBeUndefined();
    expect(item?.approval).toBeUndefined();
  });

  it('contains directly in an account whose mode is contain', async () => {
    // Arrange
    arrangeApprove({
      RESPONSE_MODES: JSON.stringify({
        default: 'approve',
        accounts: { [ACCOUNT]: 'contain' },
        organizationalUnits: {},
      }),
    });

    // Act
    const { outcomes } = (await handler(guardDutyEvent())) as HandlerResult;

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand).length).toBeGreaterThan(
      0,
    );
  });

  it('stays a dry-run that says why when no ledger can hold the plan', async () => {
    // Arrange
    arrangeApprove({ LEDGER_TABLE_NAME: '' });
    delete process.env.LEDGER_TABLE_NAME;

    // Act
    const { outcomes } = (await handler(guardDutyEvent())) as HandlerResult;

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'dry-run', mode: 'approve' });
    expect(outcomes[0]?.reason).toMatch(/not awaiting approval: no ledger holds the plan/);
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(0);
  });

  it('refuses to store an event above the bound, and says so in the outcome', async () => {
    // Arrange: a finding padded past 256 KB (GuardDuty's `service` is a hint the parser keeps)
    arrangeApprove();
    const event = guardDutyEvent();
    (event.detail as { description: string }).description = 'x'.repeat(MAX_APPROVAL_EVENT_BYTES);

    // Act
    const { outcomes } = (await handler(event)) as HandlerResult;

    // Assert
    expect(outcomes[0]?.status).toBe('dry-run');
    expect(outcomes[0]?.reason).toMatch(
      /not awaiting approval: the finding's event is 2\d\d KB, above the 256 KB the ledger keeps for an approval/,
    );
    const item = await getResponse(ledger.table, FINDING_ID, 'isolate-ec2');
    expect(item?.status).toBe('dry-run');
    expect(item?.event).toBeUndefined();
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(0);
  });
});
