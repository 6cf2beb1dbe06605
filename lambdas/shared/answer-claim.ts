/**
 * One answer per GuardDuty finding across dialects. GuardDuty delivers a finding natively, and
 * Security Hub delivers its copies (CSPM's ASFF custom action, the new Security Hub's OCSF event);
 * AWS warns that rules matching more than one deliver duplicates. The first copy to reach a
 * responder claims the finding in the ledger with a conditional write and answers it; the others
 * end `ignored` with "already answered" and change nothing. A failed answer gives its claim back
 * so that another copy may try; a claim lapses after {@link ANSWER_WINDOW_SECONDS}, so a later
 * occurrence of the finding (GuardDuty republishes every 6 hours by default) is answered again.
 *
 * A claim also records the winning copy's finding id (its response is kept under that id), so a
 * copy that lost can find the answer's response: the new Security Hub's OCSF copy, arriving after
 * a native escalation whose ticket could not be opened yet, opens it and links it there (tickets.ts).
 *
 * Claim items carry no `responder` attribute: `history` and `release` never see them.
 */
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { LedgerTable } from './ledger';
import { LEDGER_KEYS } from './ledger-schema';

/** How long a claim holds: longer than the copies take to arrive, shorter than a republication. */
export const ANSWER_WINDOW_SECONDS = 3600;

/** The answer to a claim. */
export type Claim =
  | { readonly won: true }
  | {
      readonly won: false;
      /** The dialect whose copy claimed the finding first, e.g. `GuardDuty`. */
      readonly by: string;
      readonly at: string;
      /** The status that answer ended in, once it ended. */
      readonly status?: string;
      /** The winning copy's finding id, under which its response is recorded. */
      readonly findingId?: string;
    };

/** A copy that lost the claim: the reason it reports, and the answer as the claim records it. */
export interface AnsweredElsewhere {
  readonly reason: string;
  /** The GuardDuty finding whose answer was claimed. */
  readonly guardDutyId: string;
  /** The status the winning answer ended in; absent while it is under way. */
  readonly status?: string;
  /** The winning copy's finding id (absent in claims written before it was recorded). */
  readonly findingId?: string;
}

function keyOf(guardDutyId: string, responder: string) {
  return {
    [LEDGER_KEYS.partition]: { S: `answer#${guardDutyId}` },
    [LEDGER_KEYS.sort]: { S: responder },
  };
}

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);

/**
 * Claims the answer to GuardDuty finding `guardDutyId` for `responder`; `dialect` names the copy
 * and `findingId` its own finding id (both reported to the copies that lose). Throws when the
 * ledger cannot be written.
 */
export async function claimAnswer(
  table: LedgerTable,
  guardDutyId: string,
  responder: string,
  dialect: string,
  now: Date,
  findingId?: string,
): Promise<Claim> {
  try {
    await table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: {
          ...keyOf(guardDutyId, responder),
          dialect: { S: dialect },
          ...(findingId ? { findingId: { S: findingId } } : {}),
          claimedAt: { S: now.toISOString() },
          [LEDGER_KEYS.ttl]: { N: String(seconds(now) + ANSWER_WINDOW_SECONDS) },
        },
        ConditionExpression: 'attribute_not_exists(#pk) OR #expires < :now',
        ExpressionAttributeNames: { '#pk': LEDGER_KEYS.partition, '#expires': LEDGER_KEYS.ttl },
        ExpressionAttributeValues: { ':now': { N: String(seconds(now)) } },
      }),
    );
    return { won: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // Only a copy that lost reads the claim, to say who answered (off the winner's path).
    const out = await table.client.send(
      new GetItemCommand({
        TableName: table.tableName,
        Key: keyOf(guardDutyId, responder),
        ConsistentRead: true,
      }),
    );
    const old = out.Item ?? {};
    const text = (k: string) => {
      const v = old[k];
      return v && 'S' in v ? v.S : undefined;
    };
    const status = text('status');
    const winner = text('findingId');
    return {
      won: false,
      by: text('dialect') ?? 'another copy',
      at: text('claimedAt') ?? 'within the hour',
      ...(status ? { status } : {}),
      ...(winner ? { findingId: winner } : {}),
    };
  }
}

/**
 * Settles a won claim with the answer's status. A failed answer gives the claim back (it lapses
 * now), so that another copy of the finding may still be answered.
 */
export async function settleClaim(
  table: LedgerTable,
  guardDutyId: string,
  responder: string,
  status: string,
  now: Date,
): Promise<void> {
  const failed = status === 'failed';
  await table.client.send(
    new UpdateItemCommand({
      TableName: table.tableName,
      Key: keyOf(guardDutyId, responder),
      UpdateExpression: failed
        ? 'SET #expires = :gone, #status = :status'
        : 'SET #status = :status',
      ExpressionAttributeNames: {
        '#status': 'status',
        ...(failed ? { '#expires': LEDGER_KEYS.ttl } : {}),
      },
      ExpressionAttributeValues: {
        ':status': { S: status },
        ...(failed ? { ':gone': { N: String(seconds(now) - 1) } } : {}),
      },
    }),
  );
}

/** The reason a copy that lost its claim reports. */
export function alreadyAnsweredReason(claim: Extract<Claim, { won: false }>, id: string): string {
  const how = claim.status ? `, ${claim.status}` : ', answer under way';
  return `already answered: the ${claim.by} copy of GuardDuty finding ${id} was answered at ${claim.at}${how}; this copy changes nothing`;
}
