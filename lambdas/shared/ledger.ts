/**
 * The response ledger's table access: one item per (finding, responder) with the state before
 * each change, read by `security-ir release` and `history`. Items hold scalar attributes for the
 * indexes and JSON strings for the nested parts (steps, before-state, release), so the item stays
 * readable in the console and one `PutItem` writes it.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  type ApprovalRecord,
  LEDGER_KEYS,
  type ReleaseRecord,
  type ResponseItem,
  responseKey,
  type TicketRecord,
} from './ledger-schema';

/** A ledger table and the client that reaches it. */
export interface LedgerTable {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/** What {@link putResponse} did. */
export type PutResult = 'written' | 'kept-earlier';

const s = (v: string): AttributeValue => ({ S: v });
const n = (v: number): AttributeValue => ({ N: String(v) });

/** The item of a response. */
export function toItem(r: ResponseItem): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {
    [LEDGER_KEYS.partition]: s(responseKey(r.findingId)),
    [LEDGER_KEYS.sort]: s(r.responder),
    findingId: s(r.findingId),
    responder: s(r.responder),
    accountId: s(r.accountId),
    region: s(r.region),
    resource: s(r.resource),
    status: s(r.status),
    reason: s(r.reason),
    steps: s(JSON.stringify(r.steps)),
    startedAt: s(r.startedAt),
    endedAt: s(r.endedAt),
  };
  if (r.findingType) item.findingType = s(r.findingType);
  if (r.mode) item.mode = s(r.mode);
  if (r.before) item.before = s(JSON.stringify(r.before));
  if (r.findingCreatedAt) item.findingCreatedAt = s(r.findingCreatedAt);
  if (r.secondsToContain !== undefined) item.secondsToContain = n(r.secondsToContain);
  if (r.release) item.release = s(JSON.stringify(r.release));
  const a = r.approval;
  if (a?.expiresAt) item.approvalExpiresAt = s(a.expiresAt);
  if (a?.command) item.approvalCommand = s(a.command);
  if (a?.decision) item.decision = s(a.decision);
  if (a?.by) item.decidedBy = s(a.by);
  if (a?.at) item.decidedAt = s(a.at);
  if (r.ticket) item.ticket = s(JSON.stringify(r.ticket));
  if (r.event) item.event = s(r.event);
  return item;
}

/**
 * The size DynamoDB counts for an item: the UTF-8 bytes of every attribute name and string value
 * (numbers count at most 21 bytes).
 */
export function itemBytes(item: Record<string, AttributeValue>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name);
    if ('S' in value && value.S !== undefined) bytes += Buffer.byteLength(value.S);
    else bytes += 21;
  }
  return bytes;
}

/** The approval attributes of an item, when it has any. */
function approvalOf(item: Record<string, AttributeValue>): ApprovalRecord | undefined {
  const record = {
    expiresAt: str(item, 'approvalExpiresAt'),
    command: str(item, 'approvalCommand'),
    decision: str(item, 'decision') as ApprovalRecord['decision'],
    by: str(item, 'decidedBy'),
    at: str(item, 'decidedAt'),
  };
  const present = Object.entries(record).filter(([, v]) => v !== undefined);
  return present.length > 0 ? (Object.fromEntries(present) as ApprovalRecord) : undefined;
}

function str(item: Record<string, AttributeValue>, key: string): string | undefined {
  const v = item[key];
  return v && 'S' in v ? v.S : undefined;
}

function json<T>(item: Record<string, AttributeValue>, key: string): T | undefined {
  const v = str(item, key);
  return v === undefined ? undefined : (JSON.parse(v) as T);
}

/** A response from its item. */
export function fromItem(item: Record<string, AttributeValue>): ResponseItem {
  const seconds = item.secondsToContain;
  const optional = {
    findingType: str(item, 'findingType'),
    mode: str(item, 'mode'),
    before: json<ResponseItem['before']>(item, 'before'),
    findingCreatedAt: str(item, 'findingCreatedAt'),
    secondsToContain: seconds && 'N' in seconds ? Number(seconds.N) : undefined,
    release: json<ReleaseRecord>(item, 'release'),
    approval: approvalOf(item),
    ticket: json<TicketRecord>(item, 'ticket'),
    event: str(item, 'event'),
  };
  return {
    findingId: str(item, 'findingId') ?? '',
    responder: str(item, 'responder') ?? '',
    accountId: str(item, 'accountId') ?? '',
    region: str(item, 'region') ?? '',
    resource: str(item, 'resource') ?? '',
    status: str(item, 'status') ?? '',
    reason: str(item, 'reason') ?? '',
    steps: json<ResponseItem['steps']>(item, 'steps') ?? [],
    startedAt: str(item, 'startedAt') ?? '',
    endedAt: str(item, 'endedAt') ?? '',
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

/**
 * Writes a response. A finding's contained response is never overwritten by a later delivery of
 * the same finding: the later one sees the resource already contained, and only the first knows
 * the state before. A released response may be overwritten (the threat came back). A response
 * being approved is overwritten only by the approved run of the person who approved it.
 */
export async function putResponse(table: LedgerTable, response: ResponseItem): Promise<PutResult> {
  const approvedBy = response.approval?.decision === 'approved' ? response.approval.by : undefined;
  try {
    await table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: toItem(response),
        ...(approvedBy
          ? {
              ConditionExpression: '#status = :approving AND #by = :by',
              ExpressionAttributeNames: { '#status': 'status', '#by': 'decidedBy' },
              ExpressionAttributeValues: { ':approving': s('approving'), ':by': s(approvedBy) },
            }
          : {
              ConditionExpression:
                'attribute_not_exists(#pk) OR NOT (#status IN (:contained, :approving))',
              ExpressionAttributeNames: { '#pk': LEDGER_KEYS.partition, '#status': 'status' },
              ExpressionAttributeValues: {
                ':contained': s('contained'),
                ':approving': s('approving'),
              },
            }),
      }),
    );
    return 'written';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'kept-earlier';
    throw error;
  }
}

/** The response of one finding by one responder, if recorded. */
export async function getResponse(
  table: LedgerTable,
  findingId: string,
  responder: string,
): Promise<ResponseItem | undefined> {
  const out = await table.client.send(
    new GetItemCommand({
      TableName: table.tableName,
      Key: { [LEDGER_KEYS.partition]: s(responseKey(findingId)), [LEDGER_KEYS.sort]: s(responder) },
      ConsistentRead: true,
    }),
  );
  return out.Item ? fromItem(out.Item) : undefined;
}

/** Filters of {@link listResponses}. */
export interface ResponseFilter {
  readonly findingId?: string;
  readonly accountId?: string;
  readonly resource?: string;
  readonly status?: string;
  /** ISO time: responses that ended at or after it. */
  readonly since?: string;
  /** ISO time: responses that ended at or before it. */
  readonly until?: string;
  /** @default 1000 */
  readonly limit?: number;
}

/**
 * Responses matching `filter`, oldest first. Uses the finding's partition, or the resource or
 * account index, and scans only when none of them is given.
 */
export async function listResponses(
  table: LedgerTable,
  filter: ResponseFilter,
): Promise<ResponseItem[]> {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const keyParts: string[] = [];
  const filters: string[] = [];
  let index: string | undefined;
  if (filter.findingId !== undefined) {
    names['#pk'] = LEDGER_KEYS.partition;
    values[':pk'] = s(responseKey(filter.findingId));
    keyParts.push('#pk = :pk');
  } else if (filter.resource !== undefined) {
    index = LEDGER_KEYS.byResource;
    names['#resource'] = 'resource';
    values[':resource'] = s(filter.resource);
    keyParts.push('#resource = :resource');
  } else if (filter.accountId !== undefined) {
    index = LEDGER_KEYS.byAccount;
    names['#accountId'] = 'accountId';
    values[':accountId'] = s(filter.accountId);
    keyParts.push('#accountId = :accountId');
  }
  if (filter.accountId !== undefined && index !== LEDGER_KEYS.byAccount) {
    names['#accountId'] = 'accountId';
    values[':accountId'] = s(filter.accountId);
    filters.push('#accountId = :accountId');
  }
  if (filter.resource !== undefined && index !== LEDGER_KEYS.byResource) {
    names['#resource'] = 'resource';
    values[':resource'] = s(filter.resource);
    filters.push('#resource = :resource');
  }
  if (filter.status !== undefined) {
    names['#status'] = 'status';
    values[':status'] = s(filter.status);
    filters.push('#status = :status');
  }
  if (filter.since !== undefined || filter.until !== undefined) {
    names['#endedAt'] = 'endedAt';
    if (filter.since !== undefined) values[':since'] = s(filter.since);
    if (filter.until !== undefined) values[':until'] = s(filter.until);
    const window =
      filter.since !== undefined && filter.until !== undefined
        ? '#endedAt BETWEEN :since AND :until'
        : filter.since !== undefined
          ? '#endedAt >= :since'
          : '#endedAt <= :until';
    // On an index, endedAt is the range key: the window narrows the read itself (a filter may
    // not name a key attribute).
    (index ? keyParts : filters).push(window);
  }
  // Counter and marker items carry no `responder`: they are not responses.
  names['#responder'] = 'responder';
  filters.push('attribute_exists(#responder)');
  const limit = filter.limit ?? 1000;
  const common = {
    TableName: table.tableName,
    ExpressionAttributeNames: names,
    // DynamoDB rejects an empty map: a plain listing has no values.
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
    FilterExpression: filters.join(' AND '),
  };
  const items: ResponseItem[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out =
      keyParts.length > 0
        ? await table.client.send(
            new QueryCommand({
              ...common,
              ...(index ? { IndexName: index } : { ConsistentRead: true }),
              KeyConditionExpression: keyParts.join(' AND '),
              ...(start ? { ExclusiveStartKey: start } : {}),
            } satisfies QueryCommandInput),
          )
        : await table.client.send(
            new ScanCommand({ ...common, ...(start ? { ExclusiveStartKey: start } : {}) }),
          );
    for (const item of out.Items ?? []) items.push(fromItem(item));
    start = out.LastEvaluatedKey;
  } while (start && items.length < limit);
  return items.sort((a, b) => a.endedAt.localeCompare(b.endedAt)).slice(0, limit);
}

/**
 * Records a release on the response. Only a contained response (or one whose release failed) can
 * be released: two operators releasing at once cannot both record it.
 */
export async function recordRelease(
  table: LedgerTable,
  response: Pick<ResponseItem, 'findingId' | 'responder'>,
  release: ReleaseRecord,
): Promise<void> {
  await table.client.send(
    new UpdateItemCommand({
      TableName: table.tableName,
      Key: {
        [LEDGER_KEYS.partition]: s(responseKey(response.findingId)),
        [LEDGER_KEYS.sort]: s(response.responder),
      },
      UpdateExpression: 'SET #status = :status, #release = :release',
      ConditionExpression: '#status IN (:contained, :failed)',
      ExpressionAttributeNames: { '#status': 'status', '#release': 'release' },
      ExpressionAttributeValues: {
        ':status': s(release.status),
        ':release': s(JSON.stringify(release)),
        ':contained': s('contained'),
        ':failed': s('release-failed'),
      },
    }),
  );
}
