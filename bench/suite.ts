/**
 * The benchmark suite: critical paths (in this process, with aws-sdk-client-mock), cold start
 * (bundles and fresh `node` processes), bursts (child processes), synth and tests. Prints one
 * table per part and writes everything to bench/results.json.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../modules/shared/bundle';
import type { BurstOptions } from './burst';
import type { BaselineRun, BurstRun } from './burst-child';
import {
  buildBaseline,
  buildBundles,
  FIRST_CALL_EVENTS,
  type InitTime,
  measureFirstCall,
  measureInits,
} from './cold-start';
import { measurePaths } from './critical-path';
import { reportMarkdown, writeReportDoc } from './doc';
import { FakeAws } from './fake-aws';
import { ledgerCostTable, measureLedgerCost } from './ledger-path';
import {
  assetZips,
  type CommandRun,
  measureApp,
  measureBaselineSynth,
  measureSynth,
  measureTests,
  SYNTH_OUT,
} from './processes';
import { burstTable, coldStartTable, pathTable, processTable, SYNTH_RATIO } from './report';
import { scenarios } from './scenarios';
import { formatBytes, formatMs, msSince } from './stats';

/** Simulated latency of every AWS call in the critical-path runs. */
export const DELAY_MS = 50;
/** Fresh processes per module for the initialisation time (rounds, each with one empty process). */
export const INIT_RUNS = 21;

const BURST: Omit<BurstOptions, 'throttleEvery' | 'concurrency'> = {
  findings: 1000,
  accounts: 200,
  regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
  maxDeliveries: 3,
};

function runBurstChild(
  layer: 'mock' | 'sdk' | 'baseline',
  options: BurstOptions,
  nodeFlags: string[] = [],
) {
  const child = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      ...nodeFlags,
      '-r',
      'ts-node/register/transpile-only',
      join('bench', 'burst-child.ts'),
      layer,
      JSON.stringify(options),
    ],
    { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  const last = (child.stdout ?? '').trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !last.startsWith('{')) {
    throw new Error(`burst child failed (${child.status}): ${(child.stderr ?? '').slice(-2000)}`);
  }
  return JSON.parse(last) as unknown;
}

const sections: { title: string; body: string }[] = [];

function section(title: string, body: string): void {
  sections.push({ title, body });
  process.stdout.write(`\n## ${title}\n\n${body}\n`);
}

/**
 * Part 3: the bursts, each in its own process (resident memory of the handler alone), and their
 * baseline, into `results` and the report.
 */
function measureBursts(results: Record<string, unknown>): void {
  const burstBaseline = runBurstChild('baseline', {
    ...BURST,
    throttleEvery: 0,
    concurrency: 1,
  }) as BaselineRun;
  const bursts = [
    {
      label: 'burst, mocks',
      run: runBurstChild('mock', { ...BURST, throttleEvery: 0, concurrency: 1 }) as BurstRun,
    },
    {
      label: 'burst, mocks, --max-old-space-size=160',
      run: runBurstChild('mock', { ...BURST, throttleEvery: 0, concurrency: 1 }, [
        '--max-old-space-size=160',
      ]) as BurstRun,
    },
    {
      label: 'burst, every 10th change throttled, mocks (no SDK retry), re-delivered',
      run: runBurstChild('mock', { ...BURST, throttleEvery: 10, concurrency: 1 }) as BurstRun,
    },
    {
      label: 'burst, every 10th change throttled, SDK middleware + adaptive retries, 100 in flight',
      run: runBurstChild('sdk', { ...BURST, throttleEvery: 10, concurrency: 100 }) as BurstRun,
    },
  ];
  results.burst = bursts;
  results.burstBaseline = burstBaseline;
  section(
    `Burst (${BURST.findings} findings, ${BURST.accounts} accounts, ${BURST.regions.length} regions, isolate-ec2, 1 ENI each)`,
    burstTable(bursts, burstBaseline),
  );
}

/**
 * Runs every part and writes bench/results.json. `BENCH_ONLY=burst` runs part 3 alone (a burst
 * takes about a minute; the whole suite several): its results only, no report doc.
 */
export async function runSuite(): Promise<void> {
  const started = process.hrtime.bigint();
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, loadavg: loadavg() },
  };

  if (process.env.BENCH_ONLY === 'burst') {
    if (process.env.BENCH_WRITE_DOC === '1')
      throw new Error('BENCH_WRITE_DOC=1 needs every part: unset BENCH_ONLY');
    measureBursts(results);
    writeResults(results, started);
    return;
  }

  // 1. Critical paths. A first pass without delay warms the JIT; it is not reported.
  const fake = new FakeAws();
  await measurePaths(fake, scenarios(), 0);
  const paths = await measurePaths(fake, scenarios(), DELAY_MS);
  results.criticalPath = { delayMs: DELAY_MS, scenarios: paths };
  section(`Critical path (every call answered after ${DELAY_MS} ms)`, pathTable(paths, DELAY_MS));

  // 1b. The ledger's cost on the same paths.
  const ledger = await measureLedgerCost(fake, scenarios(), DELAY_MS);
  results.ledgerCost = ledger.map((c) => ({
    id: c.id,
    sequential: [c.without.sequential, c.with.sequential],
    simulatedMs: [c.without.simulatedMs, c.with.simulatedMs],
    depthOfAll: [c.without.depthOfAll, c.with.depthOfAll],
    ledgerCalls: c.ledgerCalls,
  }));
  section(
    `The ledger on the critical path (every call answered after ${DELAY_MS} ms)`,
    ledgerCostTable(ledger, DELAY_MS),
  );

  // 2. Cold start.
  const bundles = buildBundles();
  // The baseline is measured in the same round robin as the responders: every module alike.
  const measured = measureInits(
    [
      ...bundles.coldStart.map((b) => b.entry),
      '@aws-sdk/client-ec2',
      buildBaseline(),
      buildBaseline({ published: true }),
    ],
    INIT_RUNS,
  );
  const [baseline, published] = measured.slice(-2) as [InitTime, InitTime];
  const inits = measured.slice(0, -2);
  const firstCalls = bundles.coldStart.map((b) =>
    measureFirstCall(b.entry, FIRST_CALL_EVENTS[b.name], INIT_RUNS),
  );
  results.coldStart = { bundles, inits, baseline, published, firstCalls };
  section(
    `Cold start (sizes minified; init = median of ${INIT_RUNS} fresh node processes loading the entry, minus the median of the ${INIT_RUNS} empty ones run beside them, every module and the baseline in turn; judged as a ratio to the bare EC2 client bundled the same way, measured in this run. init + 1st invoke: the same, until the first invocation's first AWS request reaches a loopback endpoint, minus the same process without the handler)`,
    `${coldStartTable(bundles, inits, baseline, published, firstCalls)}\nesbuild build of every responder: ${formatMs(bundles.buildMs)}`,
  );

  // 3. Bursts, each in its own process (resident memory of the handler alone), and the baseline.
  measureBursts(results);

  // 4. Synth and tests.
  const synthBaseline = measureBaselineSynth();
  const synth = measureSynth();
  const zips = assetZips(SYNTH_OUT);
  const app = measureApp();
  const tests: CommandRun | undefined =
    process.env.BENCH_TESTS === '1' ? measureTests() : undefined;
  results.commands = {
    baseline,
    synth,
    app,
    tests: tests ?? 'not run (set BENCH_TESTS=1)',
    assetZips: zips,
  };
  section(
    'Synth and tests (GNU time: wall, peak RSS of the largest process; synth judged as a ratio to a one-resource cdktf app synthesized the same way in this run)',
    [
      processTable(
        [
          {
            label: 'npx cdktf synth (both stacks, bundling)',
            run: synth,
            target: [SYNTH_RATIO, 500_000_000],
          },
          { label: 'node -r ts-node/register/transpile-only main.ts', run: app },
          { label: 'npx cdktf synth of a one-resource app (baseline)', run: synthBaseline },
          { label: 'npx jest', ...(tests ? { run: tests } : {}) },
        ],
        synthBaseline,
      ),
      ...zips.map(
        (z) =>
          `asset zip written by synth: ${formatBytes(z.bytes)} (${z.path.slice(PROJECT_ROOT.length + 1)})`,
      ),
      ...[synth, app, tests].flatMap((r) =>
        r?.failure ? [`${r.command} failed:\n${r.failure}`] : [],
      ),
    ].join('\n'),
  );

  const totalMs = writeResults(results, started);
  if (process.env.BENCH_WRITE_DOC === '1') {
    const meta = `Run of ${String(results.date).slice(0, 10)}: Node ${process.version}, ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}; ${formatMs(totalMs)} in all.`;
    const path = writeReportDoc(reportMarkdown(sections, meta));
    process.stdout.write(`${path} rewritten between its bench markers.\n`);
  }
}

/** Writes bench/results.json with the total time; returns the time. */
function writeResults(results: Record<string, unknown>, started: bigint): number {
  const totalMs = msSince(started);
  results.totalMs = totalMs;
  writeFileSync(
    join(PROJECT_ROOT, 'bench', 'results.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  process.stdout.write(`\nbench/results.json written; the benchmarks took ${formatMs(totalMs)}.\n`);
  return totalMs;
}
