/** The printed tables of the benchmarks, one per part. */
import type { BaselineRun, BurstRun } from './burst-child';
import {
  BUNDLE_TARGET_BYTES,
  type BuiltBundles,
  type FirstCallTime,
  INIT_RATIO_TARGET,
  type InitTime,
  initRatio,
} from './cold-start';
import type { PathResult } from './critical-path';
import type { CommandRun } from './processes';
import { formatBytes, formatMs, ofTarget, renderTable, verdict } from './stats';

/**
 * Part 1: sequential round trips to the last containment call. The seed design's figures are a
 * documented table in docs/performance.md (part 1), not modelled here.
 */
export function pathTable(results: readonly PathResult[], delayMs: number): string {
  const rows = results.map((r) => [
    r.label,
    String(r.sequential),
    `${formatMs(r.simulatedMs)}${r.agrees ? '' : ' (!)'}`,
    r.target === undefined ? '-' : `<= ${r.target}`,
    ofTarget(r.sequential, r.target),
    String(r.totalCalls),
    String(r.depthOfAll),
    String(r.assumeRoleCalls),
    r.statuses.join(','),
  ]);
  const table = renderTable(
    [
      'scenario',
      'seq',
      `time @${delayMs} ms`,
      'target',
      'seq / target',
      'calls',
      'seq all',
      'AssumeRole',
      'outcome',
    ],
    rows,
  );
  const chains = results.map(
    (r) => `${r.label}:\n${r.chain.map((c, i) => `  ${i + 1}. ${c}`).join('\n')}`,
  );
  return [table, '', 'Call chains (calls of one step run in parallel):', ...chains].join('\n');
}

/**
 * Part 2: bundle sizes and module initialisation. Init is judged as a ratio to `baseline` (the bare
 * EC2 client bundled the same way, measured in the same run), not against an absolute time.
 */
export function coldStartTable(
  bundles: BuiltBundles,
  inits: readonly InitTime[],
  baseline: InitTime,
  published?: InitTime,
  firstCalls: readonly FirstCallTime[] = [],
): string {
  const rows = bundles.coldStart.map((b, i) => {
    const init = inits[i];
    const ratio = init ? initRatio(init, baseline) : undefined;
    const first = firstCalls[i];
    return [
      b.name,
      String(b.files),
      formatBytes(b.minifiedBytes),
      formatBytes(b.containment.minifiedBytes),
      ofTarget(b.containment.minifiedBytes, BUNDLE_TARGET_BYTES),
      formatBytes(b.all.minifiedBytes),
      formatBytes(b.zippedBytes),
      init ? formatMs(init.initMs) : 'n/a',
      ratio === undefined ? 'n/a' : ratio.toFixed(2),
      ratio === undefined ? 'n/a' : ofTarget(ratio, INIT_RATIO_TARGET),
      first ? formatMs(first.initMs) : 'n/a',
      first ? initRatio(first, baseline).toFixed(2) : 'n/a',
      first ? first.firstCall : 'n/a',
    ];
  });
  const base = [
    'bare EC2 client, bundled the same way (baseline)',
    '1',
    '-',
    '-',
    '',
    '-',
    '-',
    formatMs(baseline.initMs),
    '1.00',
    '',
    '-',
    '',
    '',
  ];
  const reference = [
    ...(published
      ? [
          [
            'bare EC2 client, SDK schemas as published (reference)',
            '1',
            '-',
            '-',
            '',
            '-',
            '-',
            formatMs(published.initMs),
            initRatio(published, baseline).toFixed(2),
            '',
            '-',
            '',
            '',
          ],
        ]
      : []),
    ...inits
      .slice(bundles.coldStart.length)
      .map((i) => [
        `${i.module} (node_modules, reference)`,
        '-',
        '-',
        '-',
        '',
        '-',
        '-',
        formatMs(i.initMs),
        initRatio(i, baseline).toFixed(2),
        '',
        '-',
        '',
        '',
      ]),
  ];
  const asset = [
    'whole asset (every responder, every chunk)',
    String(bundles.asset.files),
    formatBytes(bundles.asset.minifiedBytes),
    '-',
    '',
    '-',
    formatBytes(bundles.asset.zippedBytes),
    '-',
    '',
    '',
    '-',
    '',
    '',
  ];
  return renderTable(
    [
      'bundle',
      'files',
      'cold start',
      'to containment',
      '/ 1 MB',
      'all it can load',
      'cold start zipped',
      'init',
      'init / baseline',
      `/ target ${INIT_RATIO_TARGET.toFixed(1)}`,
      'init + 1st invoke to 1st call',
      '/ baseline',
      '1st call',
    ],
    [...rows, base, ...reference, asset],
  );
}

/**
 * Part 3: the bursts. Memory is judged as the peak resident set of the burst's process over the
 * peak of the baseline process (the same findings through bare EC2 clients, in the same run).
 */
export function burstTable(
  runs: readonly { label: string; run: BurstRun }[],
  baseline: BaselineRun,
): string {
  const rows = runs.map(({ label, run }) => {
    const growth = run.memoryAfter.rssBytes - run.memoryBefore.rssBytes;
    const heap = run.memoryAfter.heapUsedBytes - run.memoryBefore.heapUsedBytes;
    const peak = run.maxRssBytes / baseline.maxRssBytes;
    const e = run.end;
    return [
      label,
      `${String(run.assumeRoleCalls)} ${verdict(run.assumeRoleCalls, run.options.accounts)}`,
      `${formatMs(run.overheadMs.p50)} / ${formatMs(run.overheadMs.p99)}`,
      formatBytes(run.maxRssBytes),
      peak.toFixed(2),
      ofTarget(peak, BURST_PEAK_RATIO),
      formatBytes(growth),
      formatBytes(heap),
      String(run.throttledCalls),
      e.deliveries.join(' / '),
      `${e.complete} ${verdict(run.options.findings - e.complete, 0)}`,
      String(e.containedButIncomplete),
      `${e.deadLettered} (${e.isolatedWithoutEvidence} isolated, evidence missing; ${e.failedLoudly} not isolated)`,
      String(e.lostSilently),
      String(e.leftInPassthrough),
      formatMs(run.wallMs),
    ];
  });
  const base = [
    'baseline: same findings, bare EC2 clients (one per account and region), mocks',
    '-',
    '-',
    formatBytes(baseline.maxRssBytes),
    '1.00',
    '',
    formatBytes(baseline.memoryAfter.rssBytes - baseline.memoryBefore.rssBytes),
    formatBytes(baseline.memoryAfter.heapUsedBytes - baseline.memoryBefore.heapUsedBytes),
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    formatMs(baseline.wallMs),
  ];
  return renderTable(
    [
      'burst',
      'AssumeRole',
      'per finding p50 / p99',
      'peak RSS',
      'peak / baseline',
      `/ target ${BURST_PEAK_RATIO.toFixed(1)}`,
      'RSS growth',
      'heap growth (after GC)',
      'throttled',
      'delivered 1/2/3x',
      'complete',
      'contained w/o evidence',
      'dead-lettered after last delivery (failed outcome, alarm)',
      'lost silently',
      'in passthrough',
      'wall',
    ],
    [...rows, base],
  );
}

/**
 * The bound of a burst's memory: its process's peak RSS at most twice that of the baseline process,
 * which holds the same findings' SDK clients and calls without the handler. Both processes load
 * the same modules first, so the ratio reads what the handler adds under a burst.
 */
export const BURST_PEAK_RATIO = 2;

/** Part 4: commands. */
export function processTable(
  runs: readonly { label: string; run?: CommandRun; target?: [number, number] }[],
  /** The wall time the targeted commands are judged against (a run of the same kind). */
  baseline: CommandRun,
): string {
  const rows = runs.map(({ label, run, target }) => {
    if (!run) return [label, 'not run (set BENCH_TESTS=1)', '', '', ''];
    const rss = run.peakRssBytes ?? Number.NaN;
    const ratio = run.wallMs / baseline.wallMs;
    return [
      label,
      run.exitCode === 0
        ? formatMs(run.wallMs)
        : `exit ${run.exitCode} after ${formatMs(run.wallMs)}`,
      target ? ratio.toFixed(2) : '-',
      target ? ofTarget(ratio, target[0]) : '-',
      formatBytes(rss),
      target ? ofTarget(rss, target[1]) : '-',
    ];
  });
  return renderTable(
    ['command', 'wall', 'wall / baseline', `/ target ${SYNTH_RATIO}`, 'peak RSS', '/ 500 MB'],
    rows,
  );
}

/**
 * Synth may take at most this many times the baseline app's synth: the product bundles seven
 * responders and builds three stacks where the baseline writes one resource.
 */
export const SYNTH_RATIO = 3;
