/**
 * Child process of the burst (started by run.ts with `--expose-gc`): runs one burst in a fresh
 * process, so its resident memory is the handler's alone, and prints the result as JSON.
 * Arguments: `mock` (aws-sdk-client-mock), `sdk` (bench/sdk-layer.ts: real SDK middleware and
 * retries) or `baseline` (bare EC2 clients, mocked: the memory baseline), then the
 * {@link BurstOptions} as JSON.
 */
import type { BaselineBurstResult, BurstOptions, BurstResult } from './burst';

/** Resident set size and V8 heap, after a full collection when `global.gc` is exposed. */
export interface MemorySample {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly heapTotalBytes: number;
  readonly externalBytes: number;
  readonly gcExposed: boolean;
}

/** The baseline burst (bare EC2 clients) with the memory of its process. */
export interface BaselineRun extends BaselineBurstResult {
  readonly memoryBefore: MemorySample;
  readonly memoryAfterFirst: MemorySample;
  readonly memoryAfter: MemorySample;
  readonly maxRssBytes: number;
}

/** A burst with the memory of its process before and after. */
export interface BurstRun extends BurstResult {
  readonly layer: 'mock' | 'sdk';
  /** Before the first event; after the first event (recording clients loaded); after the burst. */
  readonly memoryBefore: MemorySample;
  readonly memoryAfterFirst: MemorySample;
  readonly memoryAfter: MemorySample;
  /** Peak resident set size of the process. */
  readonly maxRssBytes: number;
}

function sample(): MemorySample {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const m = process.memoryUsage();
  return {
    rssBytes: m.rss,
    heapUsedBytes: m.heapUsed,
    heapTotalBytes: m.heapTotal,
    externalBytes: m.external,
    gcExposed: gc !== undefined,
  };
}

async function main(): Promise<void> {
  // The logger reads its level when its module loads: set it before any responder is imported.
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const layer = process.argv[2] === 'sdk' ? 'sdk' : 'mock';
  const options = JSON.parse(process.argv[3] ?? '{}') as BurstOptions;
  const { FakeAws } = await import('./fake-aws');
  const { runBurst, runBaselineBurst } = await import('./burst');
  const fake = new FakeAws();
  if (process.argv[2] === 'baseline') {
    fake.useMocks();
    const before = sample();
    let afterFirst = before;
    const result = await runBaselineBurst(fake, options, () => {
      afterFirst = sample();
    });
    const run: BaselineRun = {
      ...result,
      memoryBefore: before,
      memoryAfterFirst: afterFirst,
      memoryAfter: sample(),
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    process.stdout.write(`${JSON.stringify(run)}\n`);
    return;
  }
  if (layer === 'sdk') {
    const { SDK_CLIENTS } = await import('./sdk-clients');
    const { routeThroughSdk } = await import('./sdk-layer');
    routeThroughSdk(fake, SDK_CLIENTS);
  } else {
    fake.useMocks();
  }
  const memoryBefore = sample();
  let memoryAfterFirst = memoryBefore;
  const result = await runBurst(fake, options, () => {
    memoryAfterFirst = sample();
  });
  const memoryAfter = sample();
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  const run: BurstRun = {
    ...result,
    layer,
    memoryBefore,
    memoryAfterFirst,
    memoryAfter,
    maxRssBytes,
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
