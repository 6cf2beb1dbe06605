import { PutMetricDataCommand, type PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { ArchiveFindingsCommand } from '@aws-sdk/client-guardduty';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { main } from '../../cli/main';
import { handler } from '../../lambdas/isolate-ec2';
import type { HandlerResult } from '../../lambdas/shared/handler';
import { getResponse } from '../../lambdas/shared/ledger';
import type { Outcome } from '../../lambdas/shared/outcome';
import { parseConfig } from '../../modules/config/load';
import type { ConfigInput } from '../../modules/config/schema';
import {
  ACCOUNT,
  arrange,
  FINDING_ID,
  guardDutyEvent,
  INSTANCE,
  instanceReply,
} from '../lambdas/isolate-ec2/support';
import { instanceFinding } from '../ledger/support';
import { awsError, createMocks, inputsOf } from '../support/aws';
import { forgetLedger, type LedgerServer, startLedger } from '../support/ledger';

const mocks = createMocks();
let ledger: LedgerServer;

const JANE = 'arn:aws:sts::111111111111:assumed-role/ir-operator/jane';
const JOE = 'arn:aws:sts::111111111111:assumed-role/ir-operator/joe';
const APPROVE = JSON.stringify({ default: 'approve', accounts: {}, organizationalUnits: {} });
const TAGGED = [{ Key: 'SecurityException', Value: 'CHG-1234' }];

/**
 * The operator's configuration: every account in approve mode, the approvers' role trusted by the
 * member role (an approval is carried out through it, as `respond` is).
 */
function config(extra: Partial<ConfigInput> = {}) {
  return parseConfig({
    homeRegion: 'us-east-1',
    responseModes: { default: 'approve' },
    operatorPrincipalArns: ['arn:aws:iam::111111111111:role/ir-operator'],
    ...extra,
  });
}

/** Runs `security-ir <args>` as `who` against the test's ledger table. */
async function cli(args: string[], who = JANE, extra: Partial<ConfigInput> = {}) {
  let out = '';
  let err = '';
  const code = await main([...args, '--table-name', ledger.table.tableName], {
    out: { write: (s: string) => (out += s) },
    err: { write: (s: string) => (err += s) },
    config: () => config(extra),
  });
  return { code, out, err, who };
}

/** DescribeInstances answers for any instance id, optionally with `tags`. */
function answerInstances(tags?: { Key: string; Value: string }[]) {
  mocks.ec2
    .on(DescribeInstancesCommand)
    .callsFake((input: DescribeInstancesCommandInput) =>
      instanceReply({ instanceId: input.InstanceIds?.[0] as string, ...(tags ? { tags } : {}) }),
    );
}

/** The Lambda answers the finding in approve mode: the plan awaits approval. */
async function plan(event: unknown = guardDutyEvent()): Promise<Outcome> {
  process.env.RESPONSE_MODES = APPROVE;
  process.env.LEDGER_TABLE_NAME = ledger.table.tableName;
  const { outcomes } = (await handler(event)) as HandlerResult;
  expect(outcomes[0]?.status).toBe('awaiting-approval');
  return outcomes[0] as Outcome;
}

function moves(): number {
  return mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand).length;
}

beforeEach(async () => {
  ledger = await startLedger();
  arrange(mocks, {
    groups: 'clean',
    env: { LEDGER_TABLE_NAME: ledger.table.tableName, RESPONSE_MODES: APPROVE },
  });
  answerInstances();
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Arn: JANE, Account: '111111111111' });
});
afterEach(async () => {
  await ledger.stop();
  forgetLedger();
});

describe('approve: plan -> approve -> contained', () => {
  it('contains after a fresh live read and records who approved and when', async () => {
    // Arrange
    await plan();
    const reads = mocks.ec2.commandCalls(DescribeInstancesCommand).length;

    // Act
    const { code, out, err } = await cli(['approve', FINDING_ID, '--responder', 'isolate-ec2']);

    // Assert
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`isolate-ec2 ${INSTANCE} in ${ACCOUNT}/us-east-1`);
    expect(out).toMatch(
      /approved by arn:aws:sts::111111111111:assumed-role\/ir-operator\/jane at /,
    );
    expect(out).toContain(`isolate-ec2: CONTAINED ${INSTANCE}`);
    expect(mocks.ec2.commandCalls(DescribeInstancesCommand).length).toBeGreaterThan(reads);
    // 3 interfaces, each through passthrough then quarantine
    expect(moves()).toBe(6);
    expect(mocks.guardduty.commandCalls(ArchiveFindingsCommand)).toHaveLength(1);
    const item = await getResponse(ledger.table, FINDING_ID, 'isolate-ec2');
    expect(item).toMatchObject({
      status: 'contained',
      mode: 'contain',
      approval: { decision: 'approved', by: JANE },
    });
    expect(Date.parse(item?.approval?.at ?? '')).not.toBeNaN();
    expect(item?.before).toBeDefined();
    expect(item?.event).toBeUndefined();
  });

  it('finds the plan without --responder when the finding has one response', async () => {
    // Arrange
    await plan();

    // Act
    const { code } = await cli(['approve', FINDING_ID]);

    // Assert
    expect(code).toBe(0);
    expect(moves()).toBe(6);
  });

  it('contains once when approved twice; the second approval is told who approved', async () => {
    // Arrange
    await plan();
    await cli(['approve', FINDING_ID, '--responder', 'isolate-ec2']);

    // Act
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Arn: JOE });
    const again = await cli(['approve', FINDING_ID, '--responder', 'isolate-ec2'], JOE);

    // Assert
    expect(again.code).toBe(1);
    expect(again.err).toContain(`not carried out: already approved by ${JANE} at `);
    expect(again.err).toContain('it ended contained');
    expect(moves()).toBe(6);
  });
});

describe('approve: two approvers at once', () => {
  it('carries the plan out once; the other approver is told who has it', async () => {
    // Arrange
    await plan();
    const callers = [JANE, JOE];
    mocks.sts.on(GetCallerIdentityCommand).callsFake(() => ({ Arn: callers.shift() }));

    // Act
    const results = await Promise.all([
      cli(['approve', FINDING_ID, '--responder', 'isolate-ec2'], JANE),
      cli(['approve', FINDING_ID, '--responder', 'isolate-ec2'], JOE),
    ]);

    // Assert
    expect(results.map((r) => r.code).sort()).toEqual([0, 1]);
    const winner = results.find((r) => r.code === 0);
    const loser = results.find((r) => r.code === 1);
    const item = await getResponse(ledger.table, FINDING_ID, 'isolate-ec2');
    expect(item?.status).toBe('contained');
    const by = item?.approval?.by as string;
    expect([JANE, JOE]).toContain(by);
    expect(winner?.out).toContain(`approved by ${by}`);
    expect(loser?.err).toMatch(
      new RegExp(`(being approved by|already approved by) ${by.replace(/[/.]/g, '\\$&')}`),
    );
    expect(moves()).toBe(6);
  });
});

describe('approve: the resource got the exception tag after the plan', () => {
  it('skips it with the reason and never contains', async () => {
    // Arrange
    await plan();
    answerInstances(TAGGED);

    // Act
    const { code, out } = await cli(['approve', FINDING_ID, '--responder', 'isolate-ec2']);

    // Assert
    expect(code).toBe(0);
    expect(out).toContain(`isolate-ec2: SKIPPED ${INSTANCE}`);
    expect(out).toContain(
      'carries the exception tag SecurityException="CHG-1234"; nothing changed',
    );
    expect(moves()).toBe(0);
    const item = await getResponse(ledger.table, FINDING_ID, 'isolate-ec2');
    expect(item).toMatchObject({ status: 'skipped', approval: { decision: 'approved', by: JANE } });
  });
});

describe('approve: the blast-radius limit is checked again', () => {
  it('plans instead of containing once the hour is full', async () => {
    // Arrange: two plans in one account, a limit of one containment per hour
    const first = instanceFinding(1);
    const second = instanceFinding(2);
    await plan(first);
    await plan(second);
    const limit = { blastRadius: { perAccountPerHour: 1, perOrganizationPerHour: 50 } };

    // Act
    const a = await cli(['approve', first.detail.id], JANE, limit);
    const b = await cli(['approve', second.detail.id], JANE, limit);

    // Assert
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.out).toContain('CONTAINED');
    expect(b.out).toContain('DRY-RUN');
    expect(b.out).toMatch(/automation paused for account 222222222222: its limit of 1/);
    expect(moves()).toBe(6);
    expect((await getResponse(ledger.table, second.detail.id, 'isolate-ec2'))?.status).toBe(
      'dry-run',
    );
  });
});

describe('deny', () => {
  it('records who denied; a later approval changes nothing and says who denied', async () => {
    // Arrange
    await plan();

    // Act
    const denied = await cli(['deny', FINDING_ID, '--responder', 'isolate-ec2']);
    const approved = await cli(['approve', FINDING_ID, '--responder', 'isolate-ec2']);

    // Assert
    expect(denied.code).toBe(0);
    expect(denied.out).toContain(`DENIED by ${JANE} at `);
    expect(approved.code).toBe(1);
    expect(approved.err).toContain(`not carried out: denied by ${JANE} at `);
    expect(moves()).toBe(0);
    const item = await getResponse(ledger.table, FINDING_ID, 'isolate-ec2');
    expect(item).toMatchObject({ status: 'denied', approval: { decision: 'denied', by: JANE } });
    expect(item?.event).toBeUndefined();
  });
});

describe('expiry', () => {
  /** Moves the plan's expiry into the past, as if its hour had gone by. */
  async function expire(findingId: string) {
    await ledger.table.client.send(
      new UpdateItemCommand({
        TableName: ledger.table.tableName,
        Key: { pk: { S: `response#${findingId}` }, sk: { S: 'isolate-ec2' } },
        UpdateExpression: 'SET approvalExpiresAt = :past',
        ExpressionAttributeValues: { ':past': { S: '2026-01-01T00:00:00.000Z' } },
      }),
    );
  }

  it('ends an expired plan expired, says so and never carries it out', async () => {
    // Arrange
    await plan();
    await expire(FINDING_ID);

    // Act
    const { code, err } = await cli(['approve', FINDING_ID, '--responder', 'isolate-ec2']);

    // Assert
    expect(code).toBe(1);
    expect(err).toContain('EXPIRED at 2026-01-01T00:00:00.000Z: the plan was not carried out');
    expect(moves()).toBe(0);
    const item = await getResponse(ledger.table, FINDING_ID, 'isolate-ec2');
    expect(item?.status).toBe('expired');
    expect(item?.event).toBeUndefined();
    const again = await cli(['deny', FINDING_ID, '--responder', 'isolate-ec2']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('expired at 2026-01-01T00:00:00.000Z without approval');
  });
});

describe('decisions on the dashboard (ApprovalDecisions, published by the CLI)', () => {
  const counted = () =>
    inputsOf<PutMetricDataCommandInput>(mocks.cloudwatch, PutMetricDataCommand).map(
      (i) => i.MetricData?.[0]?.Dimensions?.find((d) => d.Name === 'Decision')?.Value,
    );

  it('counts a denial once, with the responder and the decision', async () => {
    // Arrange
    await plan();

    // Act
    await cli(['deny', FINDING_ID, '--responder', 'isolate-ec2']);
    await cli(['deny', FINDING_ID, '--responder', 'isolate-ec2']);

    // Assert: the refused second denial is not counted.
    expect(inputsOf<PutMetricDataCommandInput>(mocks.cloudwatch, PutMetricDataCommand)).toEqual([
      {
        Namespace: 'SecurityIR',
        MetricData: [
          {
            MetricName: 'ApprovalDecisions',
            Dimensions: [
              { Name: 'service', Value: 'isolate-ec2' },
              { Name: 'Decision', Value: 'denied' },
            ],
            Unit: 'Count',
            Value: 1,
          },
        ],
      },
    ]);
  });

  it('counts an approval once, also when someone approves again', async () => {
    // Arrange
    await plan();

    // Act
    await cli(['approve', FINDING_ID, '--responder', 'isolate-ec2']);
    await cli(['approve', FINDING_ID, '--responder', 'isolate-ec2'], JOE);

    // Assert
    expect(counted()).toEqual(['approved']);
  });

  it('counts an expiry once, when a decision finds the plan past its time', async () => {
    // Arrange
    await plan();
    await ledger.table.client.send(
      new UpdateItemCommand({
        TableName: ledger.table.tableName,
        Key: { pk: { S: `response#${FINDING_ID}` }, sk: { S: 'isolate-ec2' } },
        UpdateExpression: 'SET approvalExpiresAt = :past',
        ExpressionAttributeValues: { ':past': { S: '2026-01-01T00:00:00.000Z' } },
      }),
    );

    // Act
    await cli(['approve', FINDING_ID, '--responder', 'isolate-ec2']);
    await cli(['deny', FINDING_ID, '--responder', 'isolate-ec2']);

    // Assert
    expect(counted()).toEqual(['expired']);
  });

  it('keeps the decision when it cannot be counted, and says so', async () => {
    // Arrange
    await plan();
    mocks.cloudwatch.on(PutMetricDataCommand).rejects(awsError('AccessDenied'));

    // Act
    const { code, err } = await cli(['deny', FINDING_ID, '--responder', 'isolate-ec2']);

    // Assert
    expect(code).toBe(0);
    expect(err).toContain(
      'warning: the decision (denied) stands, but the dashboard did not count it (cloudwatch:PutMetricData): AccessDenied',
    );
    expect((await getResponse(ledger.table, FINDING_ID, 'isolate-ec2'))?.status).toBe('denied');
  });
});

describe('history of approvals', () => {
  it('shows awaiting, approved (by whom), denied and expired responses', async () => {
    // Arrange: four plans, then one approved, one denied, one past its expiry
    const [a, b, c, d] = [1, 2, 3, 4].map((n) => instanceFinding(n));
    for (const e of [a, b, c, d]) await plan(e);
    await cli(['approve', a?.detail.id as string]);
    await cli(['deny', b?.detail.id as string]);
    await ledger.table.client.send(
      new UpdateItemCommand({
        TableName: ledger.table.tableName,
        Key: { pk: { S: `response#${c?.detail.id}` }, sk: { S: 'isolate-ec2' } },
        UpdateExpression: 'SET approvalExpiresAt = :past',
        ExpressionAttributeValues: { ':past': { S: '2026-01-01T00:00:00.000Z' } },
      }),
    );

    // Act
    const all = await cli(['history']);
    const expired = await cli(['history', '--status', 'expired', '--json']);
    const awaiting = await cli(['history', '--status', 'awaiting-approval', '--json']);

    // Assert
    const row = (id?: string) => all.out.split('\n').find((l) => id && l.includes(id)) ?? '';
    expect(row(a?.detail.id)).toMatch(/contained .* approved by .*jane at /);
    expect(row(b?.detail.id)).toMatch(/denied .* denied by .*jane at /);
    expect(row(c?.detail.id)).toMatch(
      /expired .* expired at 2026-01-01T00:00:00.000Z, not decided/,
    );
    expect(row(d?.detail.id)).toMatch(/awaiting-approval .* awaiting until 20/);
    expect((JSON.parse(expired.out) as { findingId: string }[]).map((r) => r.findingId)).toEqual([
      c?.detail.id,
    ]);
    const open = JSON.parse(awaiting.out) as { findingId: string; event?: string }[];
    expect(open.map((r) => r.findingId)).toEqual([d?.detail.id]);
    expect(open[0]?.event).toBeUndefined();
  });
});

describe('approve and deny: what they refuse', () => {
  it('exits 2 naming <finding-id> when it is empty', async () => {
    const { code, err } = await cli(['approve', ' ']);
    expect(code).toBe(2);
    expect(err).toMatch(/^error: <finding-id> takes the finding id/);
  });

  it('exits 2 naming --responder when it is not a responder', async () => {
    const { code, err } = await cli(['deny', FINDING_ID, '--responder', 'isolate-everything']);
    expect(code).toBe(2);
    expect(err).toContain("option '--responder <name>' argument 'isolate-everything' is invalid");
  });

  it('exits 2 when the ledger holds no response to the finding', async () => {
    const { code, err } = await cli(['approve', 'f0000000000000000000000000000000']);
    expect(code).toBe(2);
    expect(err).toContain(
      'the ledger holds no response to finding "f0000000000000000000000000000000"',
    );
    expect(moves()).toBe(0);
  });

  it('exits 2 naming --responder when the finding has no response by it', async () => {
    await plan();
    const { code, err } = await cli(['approve', FINDING_ID, '--responder', 'block-principal']);
    expect(code).toBe(2);
    expect(err).toContain('--responder block-principal: finding');
    expect(err).toContain('has responses only by isolate-ec2');
  });

  it('exits 1 when nothing awaits approval (a response contained directly)', async () => {
    // Arrange: the account contains without approval
    process.env.RESPONSE_MODES = JSON.stringify({
      default: 'contain',
      accounts: {},
      organizationalUnits: {},
    });
    await handler(guardDutyEvent());
    const before = moves();

    // Act
    const { code, err } = await cli(['approve', FINDING_ID]);

    // Assert
    expect(code).toBe(1);
    expect(err).toContain('not carried out: nothing awaits approval: the response is contained');
    expect(moves()).toBe(before);
  });
});
