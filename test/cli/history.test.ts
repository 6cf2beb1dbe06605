import { putResponse } from '../../lambdas/shared/ledger';
import { linkTicket } from '../../lambdas/shared/ticket-ledger';
import { createMocks } from '../support/aws';
import { forgetLedger, type LedgerServer, startLedger } from '../support/ledger';
import { cli } from '../support/release';

const mocks = createMocks();
let ledger: LedgerServer;

beforeEach(async () => {
  ledger = await startLedger();
  for (const [findingId, accountId, status, endedAt, seconds] of [
    ['f1', '222222222222', 'contained', '2026-11-30T10:00:00.000Z', 312.5],
    ['f2', '333333333333', 'dry-run', '2026-11-30T11:00:00.000Z', undefined],
  ] as const) {
    await putResponse(ledger.table, {
      findingId,
      responder: 'isolate-ec2',
      accountId,
      region: 'eu-west-1',
      resource: `i-0${findingId}aaaaaaaaaaaaaa`,
      status,
      reason: 'r',
      steps: [],
      startedAt: endedAt,
      endedAt,
      ...(seconds ? { secondsToContain: seconds } : {}),
    });
  }
});
afterEach(async () => {
  await ledger.stop();
  forgetLedger();
});

describe('history: table', () => {
  it('lists every response with its time to contain', async () => {
    const { code, out } = await cli(mocks, ledger, ['history']);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(
      /^ENDED\s+ACCOUNT\s+REGION\s+RESPONDER\s+RESOURCE\s+STATUS\s+TO CONTAIN\s+FINDING$/,
    );
    expect(lines[1]).toMatch(
      /^2026-11-30T10:00:00.000Z\s+222222222222 .*contained\s+312.5 s\s+f1$/,
    );
    expect(lines[2]).toMatch(/dry-run\s+-\s+f2$/);
    expect(lines[3]).toBe('2 response(s)');
  });

  it('filters by account', async () => {
    const { out } = await cli(mocks, ledger, ['history', '--account', '333333333333']);
    expect(out).toContain('f2');
    expect(out).not.toContain('f1');
  });
});

describe('history: JSON', () => {
  it('prints the items as a JSON array', async () => {
    const { out } = await cli(mocks, ledger, ['history', '--status', 'contained', '--json']);
    expect(JSON.parse(out).map((i: { findingId: string }) => i.findingId)).toEqual(['f1']);
  });
});

describe('history: bad input', () => {
  it('names the option and changes nothing (exit 2)', async () => {
    const bad = await cli(mocks, ledger, ['history', '--status', 'gone']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error: --status takes one of contained, /);
    const since = await cli(mocks, ledger, ['history', '--since', 'yesterday']);
    expect(since.err).toBe('error: --since takes an ISO date or time (got "yesterday")\n');
  });
});

describe('history: tickets', () => {
  it('adds a TICKET column with the link of a ticketed response, and keeps it in JSON', async () => {
    // Arrange: the escalation of f3 opened SEC-7 (as the responders' ticket step links it).
    const ticket = {
      id: 'SEC-7',
      url: 'https://acme.atlassian.net/browse/SEC-7',
      connectorId: '8f3c2a1b-4d5e-4f60-9a7b-0c1d2e3f4a5b',
      at: '2026-11-30T12:00:01.000Z',
    };
    await putResponse(ledger.table, {
      findingId: 'f3',
      responder: 'escalate-finding',
      accountId: '222222222222',
      region: 'eu-west-1',
      resource: 'EKS cluster prod',
      status: 'escalated',
      reason: 'r',
      steps: [],
      startedAt: '2026-11-30T12:00:00.000Z',
      endedAt: '2026-11-30T12:00:00.000Z',
    });
    await linkTicket(ledger.table, { findingId: 'f3', responder: 'escalate-finding' }, ticket);

    // Act
    const table = await cli(mocks, ledger, ['history']);
    const json = await cli(mocks, ledger, ['history', '--finding', 'f3', '--json']);

    // Assert
    const lines = table.out.trim().split('\n');
    expect(lines[0]).toMatch(/\s+FINDING\s+TICKET$/);
    expect(lines[1]).toMatch(/\s+f1\s+-$/);
    expect(lines[3]).toMatch(/escalated\s+-\s+f3\s+https:\/\/acme\.atlassian\.net\/browse\/SEC-7$/);
    expect(JSON.parse(json.out)[0].ticket).toEqual(ticket);
  });

  it('links nothing on a response the ledger does not hold', async () => {
    const linked = await linkTicket(
      ledger.table,
      { findingId: 'nope', responder: 'escalate-finding' },
      { id: 'SEC-8', connectorId: 'c', at: '2026-11-30T12:00:00.000Z' },
    );

    expect(linked).toBe(false);
    const { out } = await cli(mocks, ledger, ['history', '--finding', 'nope']);
    expect(out).toBe('no response matches\n');
  });
});
