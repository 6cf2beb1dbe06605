import { putResponse } from '../../lambdas/shared/ledger';
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
