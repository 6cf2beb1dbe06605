import { auditListing, type ScanContext } from '../../../lambdas/shared/exception-tags';

const ctx: ScanContext = {
  account: '222222222222',
  credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'secret' },
  tagKey: 'SecurityException',
  now: new Date('2026-12-06T12:00:00Z'),
};

async function* pagesOf(
  pages: { resource?: string; tags?: { Key: string; Value: string }[] }[][],
  failAfter?: number,
) {
  for (const [i, page] of pages.entries()) {
    if (i === failAfter) throw new Error('Throttling: Rate exceeded');
    yield page.map((r) => ({ resource: r.resource, tags: r.tags }));
  }
}

describe('auditListing: one listing of a region', () => {
  it('rows every resource that carries the exception tag, in any letter case, across pages', async () => {
    // Arrange
    const pages = pagesOf([
      [
        { resource: 'snap-0a', tags: [{ Key: 'securityexception', Value: 'CHG-1' }] },
        { resource: 'snap-0b', tags: [{ Key: 'team', Value: 'orders' }] },
      ],
      [{ resource: 'snap-0c', tags: [{ Key: 'SecurityException', Value: 'CHG-2' }] }],
    ]);

    // Act
    const rows = await auditListing(ctx, 'eu-west-1', 'snapshot', '(EBS snapshots)', pages);

    // Assert
    expect(rows.map((r) => [r.resource, r.type, r.region, r.account, r.value])).toEqual([
      ['snap-0a', 'snapshot', 'eu-west-1', '222222222222', 'CHG-1'],
      ['snap-0c', 'snapshot', 'eu-west-1', '222222222222', 'CHG-2'],
    ]);
  });

  it('answers one error row naming the listing when it fails part-way, not a partial list', async () => {
    // Arrange
    const pages = pagesOf(
      [[{ resource: 'snap-0a', tags: [{ Key: 'SecurityException', Value: 'CHG-1' }] }], []],
      1,
    );

    // Act
    const rows = await auditListing(ctx, 'eu-west-1', 'snapshot', '(EBS snapshots)', pages);

    // Assert
    expect(rows).toEqual([
      expect.objectContaining({
        resource: '(EBS snapshots)',
        type: 'error',
        region: 'eu-west-1',
        error: expect.stringContaining('Rate exceeded'),
      }),
    ]);
  });
});
