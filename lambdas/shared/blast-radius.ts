/**
 * The blast-radius limit: at most N containments per account and M per organization in each
 * clock hour (UTC). Counters live in the ledger table, one item per account-hour and one per
 * organization-hour; each slot is taken with a conditional `ADD`, so the count stays exact however
 * many responders run at once (fifty findings against a limit of ten: exactly ten slots).
 */
import {
  ConditionalCheckFailedException,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { LedgerTable } from './ledger';
import { LEDGER_KEYS } from './ledger-schema';

/** The limits, from the configuration (`blastRadius`). */
export interface Limits {
  readonly perAccountPerHour: number;
  readonly perOrganizationPerHour: number;
}

/** A counted scope: one account, or the whole organization. */
export type Scope =
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'organization' };

/** The answer to a reservation. */
export type Reservation =
  | { readonly admitted: true; release: () => Promise<void> }
  | { readonly admitted: false; readonly scope: Scope; readonly limit: number };

/** Counters are kept two days after their hour, then DynamoDB's TTL deletes them. */
const KEEP_SECONDS = 2 * 24 * 3600;

/** The hour a time falls in, `2026-11-30T15` (UTC). */
export function hourOf(now: Date): string {
  return now.toISOString().slice(0, 13);
}

function counterKey(scope: Scope): string {
  return scope.kind === 'account' ? `limit#account#${scope.accountId}` : 'limit#organization';
}

/** How a scope is named in an alert: `account 111122223333` or `the organization`. */
export function scopeLabel(scope: Scope): string {
  return scope.kind === 'account' ? `account ${scope.accountId}` : 'the organization';
}

function key(pk: string, hour: string) {
  return { [LEDGER_KEYS.partition]: { S: pk }, [LEDGER_KEYS.sort]: { S: hour } };
}

function expiry(now: Date): { N: string } {
  return { N: String(Math.floor(now.getTime() / 1000) + KEEP_SECONDS) };
}

/** Takes one slot of `scope` in the hour of `now`; false when the limit is reached. */
async function take(table: LedgerTable, scope: Scope, limit: number, now: Date): Promise<boolean> {
  try {
    await table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: key(counterKey(scope), hourOf(now)),
        UpdateExpression: 'ADD #n :one SET #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
        ExpressionAttributeNames: { '#n': 'n', '#ttl': LEDGER_KEYS.ttl },
        ExpressionAttributeValues: {
          ':one': { N: '1' },
          ':limit': { N: String(limit) },
          ':ttl': expiry(now),
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Gives a slot back (a reservation that was not used). */
async function giveBack(table: LedgerTable, scope: Scope, now: Date): Promise<void> {
  try {
    await table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: key(counterKey(scope), hourOf(now)),
        UpdateExpression: 'ADD #n :minus',
        ConditionExpression: '#n > :zero',
        ExpressionAttributeNames: { '#n': 'n' },
        ExpressionAttributeValues: { ':minus': { N: '-1' }, ':zero': { N: '0' } },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * Reserves one containment in the account and in the organization, both at once (one round
 * trip). When one scope is full, the slot taken in the other is given back. A slot given back
 * while another finding checks the same counter can make that finding see the limit one too
 * early: the count may err toward fewer containments, never more. Errors propagate (the caller
 * decides what an unavailable ledger means).
 */
export async function reserveContainment(
  table: LedgerTable,
  accountId: string,
  limits: Limits,
  now: Date,
): Promise<Reservation> {
  const account: Scope = { kind: 'account', accountId };
  const organization: Scope = { kind: 'organization' };
  const [a, o] = await Promise.allSettled([
    take(table, account, limits.perAccountPerHour, now),
    take(table, organization, limits.perOrganizationPerHour, now),
  ]);
  const taken = [
    a.status === 'fulfilled' && a.value ? account : undefined,
    o.status === 'fulfilled' && o.value ? organization : undefined,
  ].filter((x): x is Scope => x !== undefined);
  const release = async () => {
    await Promise.all(taken.map((scope) => giveBack(table, scope, now)));
  };
  if (a.status === 'rejected' || o.status === 'rejected') {
    await release().catch(() => undefined);
    throw a.status === 'rejected' ? a.reason : (o as PromiseRejectedResult).reason;
  }
  if (taken.length === 2) return { admitted: true, release };
  await release();
  return a.value
    ? { admitted: false, scope: organization, limit: limits.perOrganizationPerHour }
    : { admitted: false, scope: account, limit: limits.perAccountPerHour };
}

/**
 * Marks `scope` as paused for the hour of `now`. True for exactly one caller per scope and hour:
 * that one sends the "automation paused" alert.
 */
export async function markPaused(table: LedgerTable, scope: Scope, now: Date): Promise<boolean> {
  try {
    await table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: {
          ...key(`paused#${counterKey(scope)}`, hourOf(now)),
          [LEDGER_KEYS.ttl]: expiry(now),
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': LEDGER_KEYS.partition },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
