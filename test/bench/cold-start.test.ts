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
    { name: 'isolate-ec2', entry: 'a.mjs', files: 3, minifiedBytes: 889_000, zippedBytes: 247_000 },
    {
      name: 'block-principal',
      entry: 'b.mjs',
      files: 2,
      minifiedBytes: 354_000,
      zippedBytes: 115_000,
    },
  ],
};

describe('bench: cold start judged against a baseline of the same run', () => {
  it('divides a responder init by the baseline init', () => {
    expect(initRatio(init('x', 120), init('base', 80))).toBe(1.5);
  });

  it('passes a slow machine where every init is slow alike, and flags a responder that loads more', () => {
    // Arrange: a busy machine: 850 ms for the bare client, 900 ms and 1,400 ms for the responders.
    const baseline = init('ec2-client.mjs', 850);

    // Act
    const table = coldStartTable(bundles, [init('a.mjs', 900), init('b.mjs', 1400)], baseline);

    // Assert
    expect(table).toMatch(/isolate-ec2\s.*900 ms\s+\|\s+1\.06 ok/);
    expect(table).toMatch(/block-principal\s.*1\.65 MISSED/);
    expect(table).toContain(`init / baseline <= ${INIT_RATIO_TARGET}`);
    expect(table).toMatch(
      /bare EC2 client, bundled the same way \(baseline\).*850 ms\s+\|\s+1\.00/,
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
