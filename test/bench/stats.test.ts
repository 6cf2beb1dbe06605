import { formatBytes, formatMs, median, percentile, renderTable, verdict } from '../../bench/stats';

describe('bench statistics', () => {
  it('takes the nearest-rank percentile of unsorted values', () => {
    // Arrange
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];

    // Act
    const [p50, p99, p10] = [
      percentile(values, 50),
      percentile(values, 99),
      percentile(values, 10),
    ];

    // Assert
    expect([p50, p99, p10]).toEqual([5, 10, 1]);
    expect(percentile([], 50)).toBeNaN();
  });

  it('takes the median of odd and even counts', () => {
    // Arrange, Act, Assert
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('formats durations and sizes in readable units', () => {
    // Arrange, Act, Assert
    expect([formatMs(1.234), formatMs(340.4), formatMs(2310)]).toEqual([
      '1.2 ms',
      '340 ms',
      '2.31 s',
    ]);
    expect([formatBytes(512), formatBytes(812_400), formatBytes(1_480_000)]).toEqual([
      '512 B',
      '812 KB',
      '1.48 MB',
    ]);
    expect(formatBytes(Number.NaN)).toBe('n/a');
  });

  it('says whether a figure meets its upper bound', () => {
    // Arrange, Act, Assert
    expect([verdict(3, 3), verdict(4, 3), verdict(4, undefined)]).toEqual(['ok', 'MISSED', '-']);
  });

  it('pads every column to its widest cell', () => {
    // Arrange
    const rows = [
      ['isolate', '3'],
      ['block user', '12'],
    ];

    // Act
    const table = renderTable(['scenario', 'seq'], rows);

    // Assert
    expect(table.split('\n')).toEqual([
      'scenario   | seq',
      '-----------|----',
      'isolate    | 3',
      'block user | 12',
    ]);
  });
});
