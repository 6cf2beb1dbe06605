import {
  publishDecisionMetric,
  publishResponseMetrics,
  resetMetrics,
} from '../../../lambdas/shared/metrics';
import type { Outcome } from '../../../lambdas/shared/outcome';

const outcome: Outcome = {
  status: 'contained',
  responder: 'isolate-ec2',
  accountId: '222222222222',
  region: 'eu-west-1',
  resource: 'i-0a1b2c3d4e5f60789',
  reason: 'isolated',
  steps: [],
};

/** The EMF documents written to stdout while `act` runs. */
function emfOf(act: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const spy = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  try {
    act();
  } finally {
    spy.mockRestore();
  }
  return lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

beforeEach(() => {
  resetMetrics();
  process.env.AWS_LAMBDA_FUNCTION_NAME = 'security-ir-isolate-ec2';
  process.env.POWERTOOLS_SERVICE_NAME = 'isolate-ec2';
});
afterEach(() => {
  delete process.env.AWS_LAMBDA_FUNCTION_NAME;
  delete process.env.POWERTOOLS_SERVICE_NAME;
  resetMetrics();
});

describe('metrics: a contained response', () => {
  it('publishes the outcome by status and the time to contain as EMF', () => {
    const docs = emfOf(() =>
      publishResponseMetrics(outcome, {
        secondsToContain: 312.5,
        paused: false,
        ledgerUnavailable: false,
      }),
    );
    const byStatus = docs.find((d) => 'Responses' in d);
    expect(byStatus).toMatchObject({ Responses: 1, Status: 'contained', service: 'isolate-ec2' });
    expect(
      JSON.stringify(
        (byStatus?._aws as { CloudWatchMetrics?: unknown } | undefined)?.CloudWatchMetrics,
      ),
    ).toContain('"Namespace":"SecurityIR"');
    const time = docs.find((d) => 'TimeToContainSeconds' in d);
    expect(time).toMatchObject({ TimeToContainSeconds: 312.5, service: 'isolate-ec2' });
  });
});

describe('metrics: paused automation and an unavailable ledger', () => {
  it('counts each', () => {
    const docs = emfOf(() =>
      publishResponseMetrics(
        { ...outcome, status: 'dry-run' },
        { paused: true, ledgerUnavailable: true },
      ),
    );
    const stored = docs.find((d) => 'AutomationPaused' in d);
    expect(stored).toMatchObject({ AutomationPaused: 1, LedgerUnavailable: 1 });
    expect(docs.some((d) => 'TimeToContainSeconds' in d)).toBe(false);
  });
});

describe('metrics: outside Lambda', () => {
  it('writes nothing (stdout belongs to the operator CLI)', () => {
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    const docs = emfOf(() =>
      publishResponseMetrics(outcome, { paused: false, ledgerUnavailable: false }),
    );
    expect(docs).toEqual([]);
  });
});

describe('metrics: a decision the approval queue took', () => {
  it('counts it under the plan’s responder, not the queue function', () => {
    process.env.POWERTOOLS_SERVICE_NAME = 'approval-queue';
    const docs = emfOf(() => publishDecisionMetric('block-principal', 'denied'));
    expect(docs).toEqual([
      expect.objectContaining({
        ApprovalDecisions: 1,
        Decision: 'denied',
        service: 'block-principal',
      }),
    ]);
  });

  it('publishes nothing outside Lambda (the CLI counts its own decisions)', () => {
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    expect(emfOf(() => publishDecisionMetric('block-principal', 'approved'))).toEqual([]);
  });
});
