/**
 * The ledger side of tickets: one ticket item per finding (`ticket#<finding id>`), claimed with a
 * conditional write before CreateTicketV2 is called, so two deliveries of a finding (a retry, a
 * GuardDuty republication, an approval that ends in another status) open one ticket; and the
 * ticket's link on the finding's response item, which `security-ir history` shows. Only
 * `GetItem`, `PutItem` and `UpdateItem`, which the responders already hold.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { LedgerTable } from './ledger';
import {
  LEDGER_KEYS,
  type ResponseItem,
  responseKey,
  TICKET_SORT_KEY,
  type TicketRecord,
  ticketKey,
} from './ledger-schema';

/**
 * After this long a claim whose holder never recorded a ticket is taken to belong to a run that
 * died (a responder runs at most Lambda's 900 s), and another delivery may take it over; it sends
 * the same ClientToken, so a ticket the dead run did open is returned, not opened twice.
 */
export const TICKET_CLAIM_STALE_SECONDS = 900;

/** What the ledger says of a finding's ticket. */
export type TicketState =
  | { readonly kind: 'opened'; readonly ticket: TicketRecord }
  /** Another delivery holds a fresh claim and is opening it. */
  | { readonly kind: 'opening'; readonly since: string }
  /** This delivery holds the claim (`claimedAt` identifies it). */
  | { readonly kind: 'claimed'; readonly claimedAt: string }
  | { readonly kind: 'none' };

const s = (v: string): AttributeValue => ({ S: v });

const keyOf = (findingId: string) => ({
  [LEDGER_KEYS.partition]: s(ticketKey(findingId)),
  [LEDGER_KEYS.sort]: s(TICKET_SORT_KEY),
});

function str(item: Record<string, AttributeValue>, key: string): string | undefined {
  const v = item[key];
  return v && 'S' in v ? v.S : undefined;
}

/** The ticket state of a finding as stored, read consistently. */
export async function readTicket(
  table: LedgerTable,
  findingId: string,
  now: Date,
): Promise<TicketState> {
  const out = await table.client.send(
    new GetItemCommand({ TableName: table.tableName, Key: keyOf(findingId), ConsistentRead: true }),
  );
  const item = out.Item;
  if (!item) return { kind: 'none' };
  const id = str(item, 'ticketId');
  if (str(item, 'status') === 'opened' && id) {
    const url = str(item, 'ticketUrl');
    return {
      kind: 'opened',
      ticket: {
        id,
        ...(url ? { url } : {}),
        connectorId: str(item, 'connectorId') ?? '',
        at: str(item, 'openedAt') ?? '',
      },
    };
  }
  const since = str(item, 'claimedAt') ?? '';
  return isStale(since, now) ? { kind: 'none' } : { kind: 'opening', since };
}

function isStale(claimedAt: string, now: Date): boolean {
  const t = Date.parse(claimedAt);
  return Number.isNaN(t) || now.getTime() - t >= TICKET_CLAIM_STALE_SECONDS * 1000;
}

/**
 * Claims the opening of a finding's ticket: of two deliveries at once exactly one gets `claimed`;
 * the other is told the ticket is `opening` (or `opened`, when the first was quick).
 */
export async function claimTicket(
  table: LedgerTable,
  findingId: string,
  connectorId: string,
  now: Date,
): Promise<TicketState> {
  const claimedAt = now.toISOString();
  const stale = new Date(now.getTime() - TICKET_CLAIM_STALE_SECONDS * 1000).toISOString();
  try {
    await table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: {
          ...keyOf(findingId),
          status: s('opening'),
          claimedAt: s(claimedAt),
          connectorId: s(connectorId),
        },
        ConditionExpression:
          'attribute_not_exists(#pk) OR (#status = :opening AND #claimedAt <= :stale)',
        ExpressionAttributeNames: {
          '#pk': LEDGER_KEYS.partition,
          '#status': 'status',
          '#claimedAt': 'claimedAt',
        },
        ExpressionAttributeValues: { ':opening': s('opening'), ':stale': s(stale) },
      }),
    );
    return { kind: 'claimed', claimedAt };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const state = await readTicket(table, findingId, now);
    // Taken and given back in between: say it is being opened rather than race again.
    return state.kind === 'none' ? { kind: 'opening', since: claimedAt } : state;
  }
}

/** Records the ticket opened under this delivery's claim. */
export async function recordTicket(
  table: LedgerTable,
  findingId: string,
  ticket: TicketRecord,
): Promise<void> {
  await table.client.send(
    new PutItemCommand({
      TableName: table.tableName,
      Item: {
        ...keyOf(findingId),
        status: s('opened'),
        ticketId: s(ticket.id),
        ...(ticket.url ? { ticketUrl: s(ticket.url) } : {}),
        connectorId: s(ticket.connectorId),
        openedAt: s(ticket.at),
      },
    }),
  );
}

/**
 * Gives a claim back after CreateTicketV2 failed, so the next delivery may try at once: the claim
 * is made stale (only if it is still this delivery's), and keeps the error for the console.
 */
export async function giveBackTicketClaim(
  table: LedgerTable,
  findingId: string,
  claimedAt: string,
  error: string,
): Promise<void> {
  try {
    await table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: keyOf(findingId),
        UpdateExpression: 'SET #claimedAt = :never, #error = :error',
        ConditionExpression: '#status = :opening AND #claimedAt = :mine',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#claimedAt': 'claimedAt',
          '#error': 'lastError',
        },
        ExpressionAttributeValues: {
          ':never': s(new Date(0).toISOString()),
          ':error': s(error.slice(0, 1024)),
          ':opening': s('opening'),
          ':mine': s(claimedAt),
        },
      }),
    );
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
  }
}

/**
 * Links the ticket on the finding's response item (`ticket`), which `history` shows; false when
 * the ledger holds no such response (it could not be written).
 */
export async function linkTicket(
  table: LedgerTable,
  response: Pick<ResponseItem, 'findingId' | 'responder'>,
  ticket: TicketRecord,
): Promise<boolean> {
  try {
    await table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: {
          [LEDGER_KEYS.partition]: s(responseKey(response.findingId)),
          [LEDGER_KEYS.sort]: s(response.responder),
        },
        UpdateExpression: 'SET #ticket = :ticket',
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#ticket': 'ticket', '#pk': LEDGER_KEYS.partition },
        ExpressionAttributeValues: { ':ticket': s(JSON.stringify(ticket)) },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
