/**
 * The approval queue's function (`approval.endpoint`): approves or denies plans of `approve` mode
 * from messages a chat action (Amazon Q Developer in chat applications) or any AWS CLI sends to an
 * SQS queue, `approve:<responder>:<finding-id>` or `deny:<responder>:<finding-id>`.
 *
 * Who decided is never read from the message: it is the `SenderId` SQS records from the signed
 * SendMessage request (the unique id of the IAM user, or of the role plus the session name),
 * matched against the unique ids of the configured approvers (iam:GetRole / GetUser), and recorded
 * as the ARN STS gives that session. The function reads the queue itself (a schedule wakes it, its
 * event is ignored), so no invocation payload can claim an identity.
 *
 * A decision takes the same conditional ledger transitions as `security-ir approve|deny`; an
 * approval then asks the plan's responder to carry it out (lambda:InvokeFunction with
 * `{ approvedPlan }`): the responder reads the plan and the approver from the ledger item, reads
 * the resource live again and checks the exception tag and the blast-radius limit again.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { takeTransition } from './approval-decision';
import { beginApproval, denyApproval, settleApproval } from './approval-ledger';
import type { ApprovedPlanRequest } from './approved-plan';
import { RESPONDER_NAMES } from './catalogue';
import { describeCause } from './errors';
import { lazyModule } from './lazy';
import { getResponse, type LedgerTable } from './ledger';
import type { ResponseItem } from './ledger-schema';
import { writeLog } from './logger';
import { publishDecisionMetric } from './metrics';
import type { Outcome } from './outcome';
import { IAM_ROLE_OR_USER_ARN } from './patterns';

/** What the function does with one message. */
export interface QueueDecision {
  readonly messageId: string;
  /** `invalid`: the message or its sender is refused; nothing was changed. */
  readonly result: 'approved' | 'denied' | 'not-decided' | 'invalid';
  /** The approver as recorded (the sender's ARN), when the sender is one. */
  readonly by?: string;
  readonly findingId?: string;
  readonly responder?: string;
  /** The status the approved run ended in (`contained`, `skipped`, `dry-run`, `failed`). */
  readonly status?: string;
  readonly reason: string;
}

/** The function's settings, from its environment (set by the approval-queue module). */
export interface ApprovalQueueEnv {
  readonly queueUrl: string;
  readonly tableName: string;
  readonly prefix: string;
  readonly approverArns: readonly string[];
  /** The responders' timeout: an approval is not started with less time than this left. */
  readonly responderTimeoutSeconds: number;
}

/** Reads and checks the environment; throws naming the variable. */
export function approvalQueueEnv(env: NodeJS.ProcessEnv = process.env): ApprovalQueueEnv {
  const need = (name: string, re: RegExp): string => {
    const v = env[name];
    if (!v || !re.test(v)) throw new Error(`${name}: missing or malformed (${JSON.stringify(v)})`);
    return v;
  };
  const approvers = need('IAM_ROLE_OR_USER_ARNS', /^\S+$/).split(',');
  for (const arn of approvers) {
    if (!IAM_ROLE_OR_USER_ARN.test(arn))
      throw new Error(`IAM_ROLE_OR_USER_ARNS: ${arn} is not a role or user ARN`);
  }
  return {
    queueUrl: need('APPROVAL_QUEUE_URL', /^https:\/\/\S+$/),
    tableName: need('LEDGER_TABLE_NAME', /^[\w.-]{3,255}$/),
    prefix: need('RESOURCE_PREFIX', /^[a-z][a-z0-9-]{0,30}$/),
    approverArns: approvers,
    responderTimeoutSeconds: Number(need('RESPONDER_TIMEOUT_SECONDS', /^\d{1,3}$/)),
  };
}

// SDK modules loaded on first use and kept (one `import()` per container, not one per message).
const loadSqs = lazyModule(() => import('@aws-sdk/client-sqs'));
const loadIam = lazyModule(() => import('@aws-sdk/client-iam'));
const loadLambda = lazyModule(() => import('@aws-sdk/client-lambda'));
const loadDynamo = lazyModule(() => import('@aws-sdk/client-dynamodb'));

/** The AWS clients the function uses (tests pass their own). */
export interface ApprovalQueueClients {
  readonly sqs: SQSClient;
  readonly iam: IAMClient;
  readonly lambda: LambdaClient;
  readonly dynamodb: DynamoDBClient;
}

/** An approver by unique id: how to name a request it signed. */
interface Approver {
  readonly arn: string;
  /** The ARN of the request's principal, from the part of `SenderId` after the unique id. */
  readonly principal: (session: string | undefined) => string | undefined;
}

/**
 * The configured approvers by unique id (`AROA…` / `AIDA…`), read from IAM. An approver IAM does
 * not know (deleted, misspelt) is left out and logged: it can approve nothing.
 */
export async function approversById(
  iam: IAMClient,
  arns: readonly string[],
): Promise<Map<string, Approver>> {
  const { GetRoleCommand, GetUserCommand } = await loadIam();
  const byId = new Map<string, Approver>();
  for (const arn of arns) {
    const [, partition, account, kind, name] = IAM_ROLE_OR_USER_ARN.exec(arn) ?? [];
    if (!partition || !account || !name) continue;
    try {
      if (kind === 'role') {
        const { Role } = await iam.send(new GetRoleCommand({ RoleName: name }));
        if (!Role?.RoleId) continue;
        // What STS GetCallerIdentity returns for a session of the role (the path is not in it).
        byId.set(Role.RoleId, {
          arn,
          principal: (session) =>
            session
              ? `arn:${partition}:sts::${account}:assumed-role/${name}/${session}`
              : undefined,
        });
      } else {
        const { User } = await iam.send(new GetUserCommand({ UserName: name }));
        if (!User?.UserId) continue;
        byId.set(User.UserId, { arn, principal: (session) => (session ? undefined : arn) });
      }
    } catch (error) {
      if ((error as { name?: string }).name !== 'NoSuchEntityException') throw error;
      await writeLog('error', 'approver not found in IAM: it can approve nothing', {
        approver: arn,
      });
    }
  }
  return byId;
}

/** The approver's ARN for a message's `SenderId`, or undefined when the sender is none. */
export function senderArn(
  approvers: ReadonlyMap<string, Approver>,
  senderId: string | undefined,
): string | undefined {
  if (!senderId) return undefined;
  const at = senderId.indexOf(':');
  const id = at < 0 ? senderId : senderId.slice(0, at);
  const session = at < 0 ? undefined : senderId.slice(at + 1);
  if (session !== undefined && !/^[\w+=,.@-]{2,64}$/.test(session)) return undefined;
  return approvers.get(id)?.principal(session);
}

/** A message's decision, checked: which plan and what to do with it. */
export interface QueueRequest {
  readonly decision: 'approve' | 'deny';
  readonly responder: string;
  readonly findingId: string;
}

/** Parses `approve:<responder>:<finding-id>`; throws naming the part that is wrong. */
export function parseQueueMessage(body: string | undefined): QueueRequest {
  const text = (body ?? '').trim();
  const [decision, responder, ...rest] = text.split(':');
  const findingId = rest.join(':');
  if (decision !== 'approve' && decision !== 'deny') {
    throw new Error(
      `message body: the decision must be "approve" or "deny" (approve:<responder>:<finding-id>), got ${JSON.stringify(text.slice(0, 80))}`,
    );
  }
  if (!(RESPONDER_NAMES as readonly string[]).includes(responder ?? '')) {
    throw new Error(`message body: responder ${JSON.stringify(responder)} is not a responder`);
  }
  if (findingId === '' || findingId.length > 1024 || /[\p{Cc}]/u.test(findingId)) {
    throw new Error('message body: finding id must be 1-1024 printable characters');
  }
  return { decision, responder: responder as string, findingId };
}

/** Decides the plan a checked message names, as `by`. */
export async function decide(
  request: QueueRequest,
  by: string,
  table: LedgerTable,
  lambda: LambdaClient,
  env: Pick<ApprovalQueueEnv, 'prefix'>,
  now = new Date(),
): Promise<Omit<QueueDecision, 'messageId'>> {
  const base = { by, findingId: request.findingId, responder: request.responder };
  const plan = await getResponse(table, request.findingId, request.responder);
  if (!plan) {
    return {
      ...base,
      result: 'not-decided',
      reason: `the ledger holds no response of ${request.responder} to finding ${request.findingId}`,
    };
  }
  const expired = async () => publishDecisionMetric(plan.responder, 'expired');
  if (request.decision === 'deny') {
    const taken = await takeTransition(table, plan, by, now, denyApproval, 'not denied', expired);
    if (!taken.taken) return { ...base, result: 'not-decided', reason: taken.why };
    publishDecisionMetric(plan.responder, 'denied');
    return { ...base, result: 'denied', reason: `denied by ${by}; nothing was changed` };
  }
  const taken = await takeTransition(
    table,
    plan,
    by,
    now,
    beginApproval,
    'not carried out',
    expired,
  );
  if (!taken.taken) return { ...base, result: 'not-decided', reason: taken.why };
  publishDecisionMetric(plan.responder, 'approved');
  const outcome = await carryOut(plan, lambda, env.prefix);
  // The approved run records its own outcome; anything it did not record is settled here.
  const after = await getResponse(table, plan.findingId, plan.responder);
  if (after?.status === 'approving') {
    await settleApproval(table, plan, by, { status: outcome.status, reason: outcome.reason });
  }
  return { ...base, result: 'approved', status: outcome.status, reason: outcome.reason };
}

/** Asks the plan's responder to carry it out; its outcome, or `failed` with why. */
async function carryOut(
  plan: ResponseItem,
  lambda: LambdaClient,
  prefix: string,
): Promise<Pick<Outcome, 'status' | 'reason'>> {
  const { InvokeCommand } = await loadLambda();
  const request: ApprovedPlanRequest = {
    approvedPlan: { findingId: plan.findingId, responder: plan.responder },
  };
  try {
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: `${prefix}-${plan.responder}`,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(request)),
      }),
    );
    const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
    if (out.FunctionError) {
      const message = (JSON.parse(text || '{}') as { errorMessage?: string }).errorMessage;
      return {
        status: 'failed',
        reason: `the approved run failed: ${message ?? out.FunctionError}`,
      };
    }
    const first = (JSON.parse(text) as { outcomes?: Outcome[] }).outcomes?.[0];
    return first ?? { status: 'failed', reason: 'the approved run returned no outcome' };
  } catch (error) {
    return { status: 'failed', reason: `the approved run failed: ${describeCause(error)}` };
  }
}

/** Handles one message; a refused sender or malformed message changes nothing. */
async function handleMessage(
  message: Message,
  approvers: ReadonlyMap<string, Approver>,
  table: LedgerTable,
  lambda: LambdaClient,
  env: ApprovalQueueEnv,
): Promise<QueueDecision> {
  const messageId = message.MessageId ?? '?';
  const senderId = message.Attributes?.SenderId;
  const by = senderArn(approvers, senderId);
  if (!by) {
    return {
      messageId,
      result: 'invalid',
      reason: `the sender ${JSON.stringify(senderId ?? '(none)')} is not an approver (approval.endpoint.approverArns); nothing was decided`,
    };
  }
  let request: QueueRequest;
  try {
    request = parseQueueMessage(message.Body);
  } catch (error) {
    return { messageId, by, result: 'invalid', reason: describeCause(error) };
  }
  return { messageId, ...(await decide(request, by, table, lambda, env)) };
}

let cachedApprovers: Promise<Map<string, Approver>> | undefined;

/** Forgets the approvers read from IAM (tests change them). */
export function resetApprovers(): void {
  cachedApprovers = undefined;
}

/** Clients of the deployed function, created on first use. */
async function defaultClients(): Promise<ApprovalQueueClients> {
  const [sqs, iam, lambda, dynamodb] = await Promise.all([
    loadSqs(),
    loadIam(),
    loadLambda(),
    loadDynamo(),
  ]);
  return {
    sqs: new sqs.SQSClient({}),
    iam: new iam.IAMClient({}),
    // An approved run takes up to the responder's timeout: no SDK timeout below Lambda's own.
    lambda: new lambda.LambdaClient({ maxAttempts: 1 }),
    dynamodb: new dynamodb.DynamoDBClient({}),
  };
}

/**
 * Reads the queue until it is empty or too little time is left for one more approved run. A
 * message is deleted once decided or refused; one whose decision met an AWS error is left for a
 * later run (it comes back after the visibility timeout).
 */
export async function drainQueue(
  clients: ApprovalQueueClients,
  env: ApprovalQueueEnv,
  remainingMs: () => number,
): Promise<QueueDecision[]> {
  const { ReceiveMessageCommand, DeleteMessageCommand } = await loadSqs();
  // Read from IAM once per container, and only when a message arrives (most runs find none).
  const approvers = () => {
    cachedApprovers ??= approversById(clients.iam, env.approverArns).catch((error: unknown) => {
      cachedApprovers = undefined;
      throw error;
    });
    return cachedApprovers;
  };
  const table: LedgerTable = { client: clients.dynamodb, tableName: env.tableName };
  const decisions: QueueDecision[] = [];
  let wait = 20;
  while (remainingMs() > (env.responderTimeoutSeconds + wait + 10) * 1000) {
    const out = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: env.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: wait,
        MessageSystemAttributeNames: ['SenderId'],
      }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) break;
    wait = 0;
    const senders = await approvers();
    for (const message of messages) {
      if (remainingMs() < (env.responderTimeoutSeconds + 10) * 1000) break;
      let decision: QueueDecision;
      try {
        decision = await handleMessage(message, senders, table, clients.lambda, env);
      } catch (error) {
        await writeLog('error', 'decision not taken: the message stays in the queue', {
          messageId: message.MessageId,
          error: describeCause(error),
        });
        continue;
      }
      await writeLog(decision.result === 'invalid' ? 'error' : 'info', 'approval queue', {
        ...decision,
      });
      decisions.push(decision);
      await clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: env.queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
    }
  }
  return decisions;
}

let clients: Promise<ApprovalQueueClients> | undefined;

/** The Lambda handler: its (scheduled) event is ignored; the queue is the only input. */
export const handler = async (
  _event: unknown,
  context?: { getRemainingTimeInMillis(): number },
): Promise<{ decisions: QueueDecision[] }> => {
  const env = approvalQueueEnv();
  clients ??= defaultClients();
  const remaining = () => context?.getRemainingTimeInMillis() ?? 60_000;
  return { decisions: await drainQueue(await clients, env, remaining) };
};
