import { FakeAws } from '../../bench/fake-aws';
import { type LedgerCost, measureLedgerCost } from '../../bench/ledger-path';
import { scenarios } from '../../bench/scenarios';

let costs: LedgerCost[];

beforeAll(async () => {
  costs = await measureLedgerCost(new FakeAws(), scenarios(), 5);
});

describe('bench: the ledger on the critical path', () => {
  it('adds no sequential round trip before the last containment call, in any scenario', () => {
    expect(costs.length).toBeGreaterThan(0);
    expect(
      costs.filter((c) => c.addedSequential !== 0).map((c) => [c.id, c.addedSequential]),
    ).toEqual([]);
  });

  it('really reserves and writes in each contained scenario (two counters and the item)', () => {
    for (const c of costs) {
      expect(c.with.statuses).toEqual(c.without.statuses);
      if (c.with.statuses.includes('contained')) expect(c.ledgerCalls).toBeGreaterThanOrEqual(3);
    }
  });
});
