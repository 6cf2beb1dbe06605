import { existsSync, readFileSync } from 'node:fs';
import {
  type BuiltBundles,
  buildBaseline,
  INIT_RATIO_TARGET,
  type InitTime,
  initRatio,
} from '../../bench/cold-start';
import { coldStartTable } from '../../bench/report';

const init = (module: string, initMs: number): InitTime => ({
  module,
  runs: 15,
  initMs,
  medianWithMs: initMs + 300,
  medianEmptyMs: 300,
});

const bundles: BuiltBundles = {
  buildMs: 500,
  asset: { files: 10, minifiedBytes: 1_750_000, zippedBytes: 486_000 },
  coldStart: [
    {
      name: 'isolate-ec2',
      entry: 'a.mjs',
      files: 3,
      minifiedBytes: 320_000,
      zippedBytes: 107_000,
      containment: { files: 4, minifiedBytes: 389_000, zippedBytes: 130_000 },
      all: { files: 9, minifiedBytes: 1_180_000, zippedBytes: 330_000 },
    },
    {
      name: 'block-principal',
      entry: 'b.mjs',
      files: 2,
      minifiedBytes: 354_000,
      zippedBytes: 115_000,
      containment: { files: 3, minifiedBytes: 1_040_000, zippedBytes: 300_000 },
      all: { files: 8, minifiedBytes: 1_150_000, zippedBytes: 320_000 },
    },
  ],
};

describe('bench: cold start judged against a baseline of the same run', () => {
  it('divides a responder init by the baseline init', () => {
    expect(initRatio(init('x', 120), init('base', 80))).toBe(1.5);
  });

  it('passes a slow machine where every init is slow alike, and flags a responder that loads more', () => {
    // Arrange: a busy machine: 850 ms for the bare client, 800 ms and 1,400 ms for the responders.
    const baseline = init('ec2-client.mjs', 850);

    // Act
    const table = coldStartTable(bundles, [init('a.mjs', 800), init('b.mjs', 1400)], baseline);

    // Assert
    expect(table).toMatch(/isolate-ec2\s.*800 ms\s+\|\s+0\.94\s+\|\s+0\.94 ok/);
    expect(table).toMatch(/block-principal\s.*1\.65\s+\|\s+1\.65 MISSED/);
    expect(table).toContain(`/ target ${INIT_RATIO_TARGET.toFixed(1)}`);
    expect(table).toMatch(
      /bare EC2 client, bundled the same way \(baseline\).*850 ms\s+\|\s+1\.00/,
    );
  });

  it('judges the bytes loaded up to containment against 1 MB, as a ratio', () => {
    const table = coldStartTable(bundles, [init('a.mjs', 800), init('b.mjs', 900)], init('b', 850));

    expect(table).toMatch(/isolate-ec2\s+\|\s+3\s+\|\s+320 KB\s+\|\s+389 KB\s+\|\s+0\.39 ok/);
    expect(table).toMatch(
      /block-principal\s+\|\s+2\s+\|\s+354 KB\s+\|\s+1\.04 MB\s+\|\s+1\.04 MISSED/,
    );
  });

  it('bundles the bare EC2 client as an ES module, as the responders are bundled', () => {
    // Act
    const file = buildBaseline();

    // Assert
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain("import{createRequire as __cr}from'node:module'");
  });
});
