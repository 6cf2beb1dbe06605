import { deflateRawSync } from 'node:zlib';
import { zipSize } from '../../bench/cold-start';
import { parseGnuTime } from '../../bench/processes';

describe('zip size of a bundle', () => {
  it('is the end record alone for no file', () => {
    // Arrange, Act, Assert
    expect(zipSize([])).toBe(22);
  });

  it('adds per file its deflated bytes, a local header and a central directory entry', () => {
    // Arrange
    const content = Buffer.from('export const handler = () => 1;\n'.repeat(200));
    const deflated = deflateRawSync(content, { level: 9 }).length;

    // Act
    const size = zipSize([{ name: 'a/index.mjs', content }]);

    // Assert
    expect(size).toBe(deflated + 30 + 46 + 2 * 'a/index.mjs'.length + 22);
  });

  it('stores data that does not compress', () => {
    // Arrange
    const content = Buffer.from([0x01]);

    // Act
    const size = zipSize([{ name: 'x', content }]);

    // Assert
    expect(size).toBe(1 + 30 + 46 + 2 + 22);
  });
});

describe('GNU time report', () => {
  it('gives the wall time and the peak resident set', () => {
    // Arrange
    const report = [
      '\tCommand being timed: "npx cdktf synth"',
      '\tElapsed (wall clock) time (h:mm:ss or m:ss): 0:05.01',
      '\tMaximum resident set size (kbytes): 277428',
      '\tExit status: 0',
    ].join('\n');

    // Act
    const parsed = parseGnuTime(report);

    // Assert
    expect(parsed).toEqual({ wallMs: 5010, peakRssBytes: 277428 * 1024 });
  });

  it('reads hours when the run took that long', () => {
    // Arrange, Act
    const parsed = parseGnuTime('Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02:03');

    // Assert
    expect(parsed.wallMs).toBe((3600 + 2 * 60 + 3) * 1000);
  });
});
