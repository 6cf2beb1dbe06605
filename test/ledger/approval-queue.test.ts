import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { InvokeCommand, type InvokeCommandInput, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { handler as isolateEc2 } from '../../lambdas/isolate-ec2';
import {
  type ApprovalQueueEnv,
  drainQueue,
  parseQueueMessage,
  resetApprovers,
} from '../../lambdas/shared/approval-queue';
import type { HandlerResult } from '../../lambdas/shared/handler';
import { getResponse } from '../../lambdas/shared/ledger';
import * as metrics from '../../lambdas/shared/metrics';
import type { Outcome } from '../../lambdas/shared/outcome';
import { arrange, FINDING_ID, guardDutyEvent, instanceReply } from '../lambdas/isolate-ec2/support';
import { createMocks } from '../support/aws';
import { forgetLedger, type LedgerServer, startLedger } from '../support/ledger';

const mocks = createMocks();
const sqs = mockClient(SQSClient);
let ledger: LedgerServer;

const ACCOUNT_SEC = '111111111111';
const APPROVER_ROLE = `arn:aws:iam::${ACCOUNT_SEC}:role/chat-approver`;
const ROLE_ID = 'AROAEXAMPLEAPPROVER01';
const OTHER_ID = 'AROAEXAMPLEOTHERROLE9';
const JANE = `arn:aws:sts::${ACCOUNT_SEC}:assumed-role/chat-approver/jane`;
const APPROVE = JSON.stringify({ default: 'approve', accounts: {}, organizationalUnits: {} });
const TAGGED = [{ Key: 'SecurityException', Value: 'CHG-1234' }];

function env(): ApprovalQueueEnv {
  return {
    queueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT_SEC}/security-ir-approvals`,
    tableName: ledger.table.tableName,
    prefix: 'security-ir',
    approverArns: [APPROVER_ROLE],
    responderTimeoutSeconds: 120,
  };
}

let sent = 0;
/** A message as SQS delivers it, with the SenderId SQS records for the signed request. */
function message(body: string, senderId = `${ROLE_ID}:jane`): Message {
  sent += 1;
  return {
    MessageId: `m-${sent}`,
    ReceiptHandle: `r-${sent}`,
    Body: body,
    Attributes: { SenderId: senderId },
  };
}

/** The queue holds `batch` once, then is empty. */
function queueHolds(...batch: Message[]) {
  sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: batch }).resolves({ Messages: [] });
}

/** Runs the approval queue's function once, as its schedule would. */
function drain() {
  return drainQueue(
    {
      sqs: new SQSClient({}),
      iam: new IAMClient({}),
      lambda: new LambdaClient({}),
      dynamodb: ledger.table.client,
    },
    env(),
    () => 600_000,
  );
}

function answerInstances(tags?: { Key: string; Value: string }[]) {
  mocks.ec2
    .on(DescribeInstancesCommand)
    .callsFake((input: DescribeInstancesCommandInput) =>
      instanceReply({ instanceId: input.InstanceIds?.[0] as string, ...(tags ? { tags } : {}) }),
    );
}

async function plan(): Promise<Outcome> {
  process.env.RESPONSE_MODES = APPROVE;
  process.env.LEDGER_TABLE_NAME = ledger.table.tableName;
  const { outcomes } = (await isolateEc2(guardDutyEvent())) as HandlerResult;
  expect(outcomes[0]?.status).toBe('awaiting-approval');
  return outcomes[0] as Outcome;
}

const moves = () => mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand).length;

let counted: jest.SpyInstance;
beforeEach(async () => {
  counted = jest.spyOn(metrics, 'publishDecisionMetric');
  ledger = await startLedger();
  arrange(mocks, {
    groups: 'clean',
    env: { LEDGER_TABLE_NAME: ledger.table.tableName, RESPONSE_MODES: APPROVE },
  });
  answerInstances();
  sqs.reset();
  sqs.on(DeleteMessageCommand).resolves({});
  resetApprovers();
  mocks.iam.on(GetRoleCommand, { RoleName: 'chat-approver' }).resolves({
    Role: {
      RoleId: ROLE_ID,
      RoleName: 'chat-approver',
      Arn: APPROVER_ROLE,
      Path: '/',
      CreateDate: new Date(0),
    },
  });
  // The responder Lambda, invoked in-process as Lambda would run it.
  mocks.lambda.on(InvokeCommand).callsFake(async (input: InvokeCommandInput) => {
    expect(input.FunctionName).toBe('security-ir-isolate-ec2');
    const payload = JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array));
    try {
      const result = await isolateEc2(payload);
      return { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify(result)) };
    } catch (error) {
      const body = { errorType: (error as Error).name, errorMessage: (error as Error).message };
      return {
        StatusCode: 200,
        FunctionError: 'Unhandled',
        Payload: new TextEncoder().encode(JSON.stringify(body)),
      };
    }
  });
});
afterEach(async () => {
  counted.mockRestore();
  await ledger.stop();
  forgetLedger();
});

describe('approval queue: plan -> approve from chat -> contained', () => {
  it('contains after a fresh live read and records the sender SQS reports as the approver', async () => {
    // Arrange
    await plan();
    const reads = mocks.ec2.commandCalls(DescribeInstancesCommand).length;
    queueHolds(message(`approve:isolate-ec2:${FINDING_ID}`));

    // Act
    const decisions = await drain();

    // Assert
    expect(decisions).toEqual([
      expect.objectContaining({ result: 'approved', by: JANE, status: 'contained' }),
    ]);
    expect(mocks.ec2.commandCalls(DescribeInstancesCommand).length).toBeGreaterThan(reads);
    expect(moves()).toBe(6);
    const item = await getResponse(ledger.table, FINDING_ID, 'isolate-ec2');
    expect(item).toMatchObject({
      status: 'contained',
      approval: { decision: 'approved', by: JANE },
    });
    expect(item?.event).toBeUndefined();
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(1);
    expect(counted).toHaveBeenCalledWith('isolate-ec2', 'approved');
    expect(sqs.commandCalls(ReceiveMessageCommand)[0]?.args[0].input).toMatchObject({
      MessageSystemAttributeNames: ['SenderId'],
    });
  });

  it('contains once when two approvals arrive at once; the second is told who approved', async () => {
    // Arrange
    await plan();
    queueHolds(
      message(`approve:isolate-ec2:${FINDING_ID}`),
      message(`approve:isolate-ec2:${FINDING_ID}`, `${ROLE_ID}:joe`),
    );

    // Act
    const decisions = await drain();

    // Assert
    expect(decisions.map((d) => d.result)).toEqual(['approved', 'not-decided']);
    expect(decisions[1]?.reason).toContain(`already approved by ${JANE}`);
    expect(counted.mock.calls).toEqual([['isolate-ec2', 'approved']]);
    expect(moves()).toBe(6);
  });

  it('two functions draining at once contain once', async () => {
    // Arrange
    await plan();
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [message(`approve:isolate-ec2:${FINDING_ID}`)] })
      .resolvesOnce({ Messages: [message(`approve:isolate-ec2:${FINDING_ID}`, `${ROLE_ID}:joe`)] })
      .resolves({ Messages: [] });

    // Act
    const both = (await Promise.all([drain(), drain()])).flat();

    // Assert
    expect(both.map((d) => d.result).sort()).toEqual(['approved', 'not-decided']);
    expect(moves()).toBe(6);
    const item = await getResponse(ledger.table, FINDING_ID, 'isolate-ec2');
    expect(item?.status).toBe('contained');
  });
});

describe('approval queue: an empty queue', () => {
  it('decides nothing and reads no approver from IAM', async () => {
    // Arrange
    queueHolds();

    // Act
    const decisions = await drain();

    // Assert
    expect(decisions).toEqual([]);
    expect(mocks.iam.commandCalls(GetRoleCommand)).toHaveLength(0);
    expect(mocks.lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });
});

describe('approval queue: deny', () => {
  it('denies as the sender and changes nothing in the member account', async () => {
    // Arrange
    await plan();
    queueHolds(message(`deny:isolate-ec2:${FINDING_ID}`));

    // Act
    const decisions = await drain();

    // Assert
    expect(decisions[0]).toMatchObject({ result: 'denied', by: JANE });
    expect(counted.mock.calls).toEqual([['isolate-ec2', 'denied']]);
    expect(moves()).toBe(0);
    expect(mocks.lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    const item = await getResponse(ledger.table, FINDING_ID, 'isolate-ec2');
    expect(item).toMatchObject({ status: 'denied', approval: { decision: 'denied', by: JANE } });
  });
});

describe('approval queue: expired plan', () => {
  it('ends the plan expired and carries nothing out', async () => {
    // Arrange
    await plan();
    queueHolds(message(`approve:isolate-ec2:${FINDING_ID}`));
    const later = new Date(Date.now() + 2 * 3600_000);
    jest.useFakeTimers({ now: later, doNotFake: ['nextTick', 'setImmediate', 'setTimeout'] });

    // Act
    let decisions: Awaited<ReturnType<typeof drain>>;
    try {
      decisions = await drain();
    } finally {
      jest.useRealTimers();
    }

    // Assert
    expect(decisions[0]?.result).toBe('not-decided');
    expect(decisions[0]?.reason).toContain('EXPIRED at');
    expect(counted.mock.calls).toEqual([['isolate-ec2', 'expired']]);
    expect(moves()).toBe(0);
    expect((await getResponse(ledger.table, FINDING_ID, 'isolate-ec2'))?.status).toBe('expired');
  });
});

describe('approval queue: the resource got the exception tag after the plan', () => {
  it('skips it with the reason and never contains', async () => {
    // Arrange
    await plan();
    answerInstances(TAGGED);
    queueHolds(message(`approve:isolate-ec2:${FINDING_ID}`));

    // Act
    const decisions = await drain();

    // Assert
    expect(decisions[0]).toMatchObject({ result: 'approved', by: JANE, status: 'skipped' });
    expect(decisions[0]?.reason).toContain('SecurityException="CHG-1234"');
    expect(moves()).toBe(0);
    const item = await getResponse(ledger.table, FINDING_ID, 'isolate-ec2');
    expect(item).toMatchObject({ status: 'skipped', approval: { decision: 'approved', by: JANE } });
  });
});

describe('approval queue: senders and messages it refuses', () => {
  it.each([
    ['a role that is no approver', `${OTHER_ID}:mallory`],
    ['an IAM user that is no approver', 'AIDAEXAMPLEUSER00001'],
    ['no SenderId at all', ''],
  ])('refuses %s: nothing is decided', async (_what, senderId) => {
    // Arrange
    await plan();
    queueHolds(message(`approve:isolate-ec2:${FINDING_ID}`, senderId));

    // Act
    const decisions = await drain();

    // Assert
    expect(decisions[0]?.result).toBe('invalid');
    expect(decisions[0]?.reason).toContain('is not an approver (approval.endpoint.approverArns)');
    expect(moves()).toBe(0);
    expect((await getResponse(ledger.table, FINDING_ID, 'isolate-ec2'))?.status).toBe(
      'awaiting-approval',
    );
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(1);
  });

  it.each([
    ['', 'the decision must be "approve" or "deny"'],
    [`contain:isolate-ec2:${FINDING_ID}`, 'the decision must be "approve" or "deny"'],
    [
      `approve:isolate-everything:${FINDING_ID}`,
      'responder "isolate-everything" is not a responder',
    ],
    ['approve:isolate-ec2:', 'finding id must be 1-1024 printable characters'],
  ])('refuses the body %j naming the part that is wrong', async (body, why) => {
    // Arrange
    await plan();
    queueHolds(message(body));

    // Act
    const decisions = await drain();

    // Assert
    expect(decisions[0]).toMatchObject({ result: 'invalid', by: JANE });
    expect(decisions[0]?.reason).toContain(`message body: ${why}`);
    expect(moves()).toBe(0);
    expect((await getResponse(ledger.table, FINDING_ID, 'isolate-ec2'))?.status).toBe(
      'awaiting-approval',
    );
  });

  it('says so when the ledger holds no such response', async () => {
    // Arrange
    queueHolds(message('approve:isolate-ec2:0123456789abcdef0123456789abcdef'));

    // Act
    const decisions = await drain();

    // Assert
    expect(decisions[0]).toMatchObject({ result: 'not-decided' });
    expect(decisions[0]?.reason).toContain('the ledger holds no response of isolate-ec2');
  });

  it('parses a finding id that holds colons (an ASFF ARN)', () => {
    const id = 'arn:aws:securityhub:us-east-1:222222222222:subscription/x/finding/abc';
    expect(parseQueueMessage(`deny:block-principal:${id}`)).toEqual({
      decision: 'deny',
      responder: 'block-principal',
      findingId: id,
    });
  });
});

describe('approval queue: AWS errors', () => {
  it('leaves the message in the queue when the ledger cannot be read', async () => {
    // Arrange
    await plan();
    queueHolds(message(`approve:isolate-ec2:${FINDING_ID}`));
    await ledger.stop();

    // Act
    const decisions = await drain();

    // Assert
    expect(decisions).toEqual([]);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(moves()).toBe(0);
  });

  it('settles the plan failed when the responder cannot be invoked', async () => {
    // Arrange
    await plan();
    queueHolds(message(`approve:isolate-ec2:${FINDING_ID}`));
    mocks.lambda.on(InvokeCommand).rejects(new Error('Rate exceeded'));

    // Act
    const decisions = await drain();

    // Assert
    expect(decisions[0]).toMatchObject({ result: 'approved', status: 'failed' });
    expect(decisions[0]?.reason).toContain('Rate exceeded');
    const item = await getResponse(ledger.table, FINDING_ID, 'isolate-ec2');
    expect(item).toMatchObject({ status: 'failed', approval: { decision: 'approved', by: JANE } });
    expect(moves()).toBe(0);
  });

  it('fails the run (the message stays) when IAM cannot name the approvers', async () => {
    // Arrange
    await plan();
    queueHolds(message(`approve:isolate-ec2:${FINDING_ID}`));
    mocks.iam.on(GetRoleCommand).rejects(new Error('Throttling'));

    // Act / Assert
    await expect(drain()).rejects.toThrow('Throttling');
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });
});

describe('responder: an approved-plan request', () => {
  it('refuses a request for a plan nobody is approving, and runs nothing', async () => {
    // Arrange
    await plan();

    // Act / Assert
    await expect(
      isolateEc2({ approvedPlan: { findingId: FINDING_ID, responder: 'isolate-ec2' } }),
    ).rejects.toThrow('has no plan of isolate-ec2 being approved (awaiting-approval)');
    expect(moves()).toBe(0);
  });
});
