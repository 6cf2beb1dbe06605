/**
 * The decisions on a plan of `approve` mode, as conditional transitions of its ledger item, so
 * that two people deciding at once cannot both win: `awaiting-approval` -> `approving` (then the
 * approved run writes its outcome), -> `denied`, or -> `expired` once its time has passed. Used by
 * `security-ir approve` / `deny` with the operator's credentials; no responder calls it.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { LedgerTable } from './ledger';
import { LEDGER_KEYS, type ResponseItem, responseKey } from './ledger-schema';

/**
 * After this long an `approving` item is taken to belong to a run that died (a responder run
 * takes at most Lambda's 900 s timeout; an operator's run is the same code), and a new approval
 * may take it over.
 */
export const APPROVING_STALE_SECONDS = 900;

/** Which response a decision is about. */
export type ResponseKey = Pick<ResponseItem, 'findingId' | 'responder'>;

const s = (v: string): AttributeValue => ({ S: v });

/** Sends one conditional update; false when its condition failed. */
async function transition(
  table: LedgerTable,
  key: ResponseKey,
  input: Omit<UpdateItemCommandInput, 'TableName' | 'Key'>,
): Promise<boolean> {
  try {
    await table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: {
          [LEDGER_KEYS.partition]: s(responseKey(key.findingId)),
          [LEDGER_KEYS.sort]: s(key.responder),
        },
        ...input,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

const NAMES = {
  '#status': 'status',
  '#decision': 'decision',
  '#by': 'decidedBy',
  '#at': 'decidedAt',
  '#expires': 'approvalExpiresAt',
} as const;

/**
 * Takes the plan for `by`: awaiting approval and not expired at `now`, or left `approving` by a
 * run that died. False when someone else decided first (or the plan expired).
 */
export function beginApproval(
  table: LedgerTable,
  key: ResponseKey,
  by: string,
  now: Date,
): Promise<boolean> {
  const stale = new Date(now.getTime() - APPROVING_STALE_SECONDS * 1000).toISOString();
  return transition(table, key, {
    UpdateExpression: 'SET #status = :approving, #decision = :approving, #by = :by, #at = :now',
    ConditionExpression:
      '(#status = :awaiting AND #expires > :now) OR (#status = :approving AND #at < :stale)',
    ExpressionAttributeNames: NAMES,
    ExpressionAttributeValues: {
      ':approving': s('approving'),
      ':awaiting': s('awaiting-approval'),
      ':by': s(by),
      ':now': s(now.toISOString()),
      ':stale': s(stale),
    },
  });
}

/** Denies the plan: awaiting approval and not expired at `now`. The stored event is dropped. */
export function denyApproval(
  table: LedgerTable,
  key: ResponseKey,
  by: string,
  now: Date,
): Promise<boolean> {
  return transition(table, key, {
    UpdateExpression:
      'SET #status = :denied, #decision = :denied, #by = :by, #at = :now REMOVE #event',
    ConditionExpression: '#status = :awaiting AND #expires > :now',
    ExpressionAttributeNames: { ...NAMES, '#event': 'event' },
    ExpressionAttributeValues: {
      ':denied': s('denied'),
      ':awaiting': s('awaiting-approval'),
      ':by': s(by),
      ':now': s(now.toISOString()),
    },
  });
}

/** Ends a plan whose time has passed as `expired`; it is never carried out. */
export function expireApproval(table: LedgerTable, key: ResponseKey, now: Date): Promise<boolean> {
  return transition(table, key, {
    UpdateExpression: 'SET #status = :expired, #decision = :expired, #at = :now REMOVE #event',
    ConditionExpression: '#status = :awaiting AND #expires <= :now',
    ExpressionAttributeNames: {
      '#status': NAMES['#status'],
      '#decision': NAMES['#decision'],
      '#at': NAMES['#at'],
      '#expires': NAMES['#expires'],
      '#event': 'event',
    },
    ExpressionAttributeValues: {
      ':expired': s('expired'),
      ':awaiting': s('awaiting-approval'),
      ':now': s(now.toISOString()),
    },
  });
}

/**
 * Closes an approval the approved run did not record itself (an `ignored` outcome, a run that
 * threw, a ledger write that failed): the item leaves `approving` with the run's status and reason.
 */
export function settleApproval(
  table: LedgerTable,
  key: ResponseKey,
  by: string,
  outcome: { readonly status: string; readonly reason: string },
): Promise<boolean> {
  return transition(table, key, {
    UpdateExpression:
      'SET #status = :status, #reason = :reason, #decision = :approved REMOVE #event',
    ConditionExpression: '#status = :approving AND #by = :by',
    ExpressionAttributeNames: {
      '#status': NAMES['#status'],
      '#decision': NAMES['#decision'],
      '#by': NAMES['#by'],
      '#reason': 'reason',
      '#event': 'event',
    },
    ExpressionAttributeValues: {
      ':status': s(outcome.status),
      ':reason': s(outcome.reason),
      ':approved': s('approved'),
      ':approving': s('approving'),
      ':by': s(by),
    },
  });
}

/** Whether a plan awaiting approval has expired at `now`. */
export function hasExpired(item: ResponseItem, now: Date): boolean {
  const expiresAt = item.approval?.expiresAt;
  return expiresAt !== undefined && expiresAt <= now.toISOString();
}
