import { listResponses, putResponse } from '../../lambdas/shared/ledger';
import type { ResponseItem } from '../../lambdas/shared/ledger-schema';
import type { RunbookBefore } from '../../lambdas/start-ssm-automation/before';
import { forgetLedger, type LedgerServer, startLedger } from '../support/ledger';

let ledger: LedgerServer;

beforeAll(async () => {
  ledger = await startLedger();
  const rows: [string, string, string, string, string][] = [
    ['f1', '222222222222', 'i-0aaaaaaaaaaaaaaa1', 'contained', '2026-11-30T10:00:00.000Z'],
    ['f2', '222222222222', 'i-0aaaaaaaaaaaaaaa2', 'dry-run', '2026-11-30T11:00:00.000Z'],
    ['f3', '333333333333', 'i-0aaaaaaaaaaaaaaa1', 'contained', '2026-11-30T12:00:00.000Z'],
    ['f4', '333333333333', 'sg-0aaaaaaaaaaaaaaa1', 'skipped', '2026-11-30T13:00:00.000Z'],
  ];
  for (const [findingId, accountId, resource, status, endedAt] of rows) {
    await putResponse(ledger.table, response({ findingId, accountId, resource, status, endedAt }));
  }
});
afterAll(async () => {
  await ledger.stop();
  forgetLedger();
});

function response(fields: Partial<ResponseItem>): ResponseItem {
  return {
    findingId: 'f0',
    responder: 'isolate-ec2',
    accountId: '222222222222',
    region: 'eu-west-1',
    resource: 'i-0aaaaaaaaaaaaaaa1',
    mode: 'contain',
    status: 'contained',
    reason: 'isolated',
    steps: [{ action: 'ec2:ModifyNetworkInterfaceAttribute', target: 'eni-1', status: 'done' }],
    startedAt: '2026-11-30T09:59:59.000Z',
    endedAt: '2026-11-30T10:00:00.000Z',
    ...fields,
  };
}

const ids = (items: ResponseItem[]) => items.map((i) => i.findingId);

describe('ledger: listing responses', () => {
  it('lists by account through the account index, oldest first', async () => {
    expect(ids(await listResponses(ledger.table, { accountId: '333333333333' }))).toEqual([
      'f3',
      'f4',
    ]);
  });

  it('lists by resource across accounts', async () => {
    expect(ids(await listResponses(ledger.table, { resource: 'i-0aaaaaaaaaaaaaaa1' }))).toEqual([
      'f1',
      'f3',
    ]);
  });

  it('narrows by status and time window, and never lists counters', async () => {
    const found = await listResponses(ledger.table, {
      status: 'contained',
      since: '2026-11-30T11:30:00.000Z',
    });
    expect(ids(found)).toEqual(['f3']);
    expect(ids(await listResponses(ledger.table, {}))).toEqual(['f1', 'f2', 'f3', 'f4']);
  });

  it('combines the resource index with an account and an end time', async () => {
    const found = await listResponses(ledger.table, {
      resource: 'i-0aaaaaaaaaaaaaaa1',
      accountId: '222222222222',
      until: '2026-11-30T12:00:00.000Z',
    });
    expect(ids(found)).toEqual(['f1']);
  });

  it('keeps every field of a response as written', async () => {
    const [item] = await listResponses(ledger.table, { findingId: 'f2' });
    expect(item).toEqual(
      response({
        findingId: 'f2',
        resource: 'i-0aaaaaaaaaaaaaaa2',
        status: 'dry-run',
        endedAt: '2026-11-30T11:00:00.000Z',
      }),
    );
  });
});

function runbookBefore(document: string): RunbookBefore {
  return { kind: 'start-ssm-automation', resourceId: 'b', document };
}

describe('ledger: a finding delivered again', () => {
  it('never overwrites the first containment, whose state before is the real one', async () => {
    // Arrange
    const first = response({
      findingId: 'again',
      before: runbookBefore('first'),
    });
    await putResponse(ledger.table, first);
    // Act
    const result = await putResponse(
      ledger.table,
      response({
        findingId: 'again',
        reason: 'already isolated',
        before: runbookBefore('second'),
      }),
    );
    // Assert
    expect(result).toBe('kept-earlier');
    const [kept] = await listResponses(ledger.table, { findingId: 'again' });
    expect(kept?.before).toEqual(first.before);
  });

  it('replaces a response that did not contain (a dry-run, a failure)', async () => {
    await putResponse(ledger.table, response({ findingId: 'later', status: 'failed' }));
    expect(await putResponse(ledger.table, response({ findingId: 'later' }))).toBe('written');
  });
});
