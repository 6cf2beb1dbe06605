import { handler as blockPrincipal } from '../../lambdas/block-principal';
import type { HandlerResult } from '../../lambdas/shared/handler';
import { arrange, events, variant } from '../lambdas/block-principal/support';
import { createMocks } from '../support/aws';
import { forgetLedger, type LedgerServer, startLedger } from '../support/ledger';

const mocks = createMocks();
let ledger: LedgerServer;

beforeEach(async () => {
  ledger = await startLedger();
  arrange(mocks, {
    env: { LEDGER_TABLE_NAME: ledger.table.tableName, BLAST_RADIUS_PER_ACCOUNT: '1' },
  });
});
afterEach(async () => {
  await ledger.stop();
  forgetLedger();
});

describe('blast radius: block-principal honours the limit too', () => {
  it('blocks the first principal and only plans the second, with no IAM write', async () => {
    // Arrange
    const second = variant(events.user(), (e) => {
      e.detail.id = 'c4e8d2c6a0f94b1e8d7c6b5a4f3e2d1c';
    });
    // Act
    const first = (await blockPrincipal(events.user())) as HandlerResult;
    const writesAfterFirst = mocks.iam.calls().length;
    const paused = (await blockPrincipal(second)) as HandlerResult;
    // Assert
    expect(first.outcomes[0]?.status).toBe('contained');
    expect(paused.outcomes[0]?.status).toBe('dry-run');
    expect(paused.outcomes[0]?.reason).toMatch(/^automation paused for account 222222222222/);
    const writes = mocks.iam
      .calls()
      .slice(writesAfterFirst)
      .map((c) => (c.args[0] as { constructor: { name: string } }).constructor.name)
      .filter((n) => /^(Attach|Put|Update)/.test(n));
    expect(writes).toEqual([]);
  });
});
