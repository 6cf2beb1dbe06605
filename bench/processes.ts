/**
 * Part 4: wall time and peak memory of whole commands (synth, the app alone, the test suite),
 * measured with GNU time (`/usr/bin/time -v`) on a child process. Its peak is the largest
 * resident set of one process of the tree (rusage of the children), not a sum.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../modules/shared/bundle';
import { msSince } from './stats';

const GNU_TIME = '/usr/bin/time';

/** A measured command. */
export interface CommandRun {
  readonly command: string;
  readonly exitCode: number | null;
  readonly wallMs: number;
  /** Undefined where GNU time is not installed. */
  readonly peakRssBytes?: number;
  /** The last lines of its output when it failed. */
  readonly failure?: string;
}

/** Wall time in ms and peak RSS in bytes from the report of `time -v`. */
export function parseGnuTime(report: string): { wallMs?: number; peakRssBytes?: number } {
  const wall =
    /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):(\d+(?:\.\d+)?)/.exec(
      report,
    );
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
  return {
    ...(wall
      ? {
          wallMs: (Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3])) * 1000,
        }
      : {}),
    ...(rss ? { peakRssBytes: Number(rss[1]) * 1024 } : {}),
  };
}

/** Runs `argv` in the project folder with `env` added, under GNU time when it is installed. */
export function measureCommand(
  argv: readonly string[],
  env: Record<string, string> = {},
): CommandRun {
  const withTime = existsSync(GNU_TIME);
  const [file, ...args] = withTime ? [GNU_TIME, '-v', ...argv] : argv;
  const started = process.hrtime.bigint();
  const run = spawnSync(file as string, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = msSince(started);
  const parsed = withTime ? parseGnuTime(run.stderr ?? '') : {};
  const exitCode = withTime ? exitOf(run.stderr ?? '', run.status) : run.status;
  const tail = `${run.stdout ?? ''}\n${run.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
  return {
    command: argv.join(' '),
    exitCode,
    wallMs: parsed.wallMs ?? wallMs,
    ...(parsed.peakRssBytes === undefined ? {} : { peakRssBytes: parsed.peakRssBytes }),
    ...(exitCode === 0 ? {} : { failure: tail }),
  };
}

function exitOf(report: string, status: number | null): number | null {
  const m = /Exit status: (\d+)/.exec(report);
  return m ? Number(m[1]) : status;
}

/** The zip files cdktf wrote for the assets of a synth output folder. */
export function assetZips(outdir: string): { path: string; bytes: number }[] {
  const stacks = join(outdir, 'stacks');
  if (!existsSync(stacks)) return [];
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  return walk(stacks)
    .filter((f) => f.endsWith('.zip'))
    .map((path) => ({ path, bytes: statSync(path).size }));
}

/** Where synth writes in the benchmark (not cdktf.out, which other work may be using). */
export const SYNTH_OUT = join(PROJECT_ROOT, '.tmp', 'bench-synth');
/** Where the app alone writes. */
export const APP_OUT = join(PROJECT_ROOT, '.tmp', 'bench-app');

/** `npx cdktf synth` of both stacks, bundling included, into {@link SYNTH_OUT}. */
export function measureSynth(): CommandRun {
  rmSync(SYNTH_OUT, { recursive: true, force: true });
  return measureCommand(['npx', 'cdktf', 'synth', '--output', SYNTH_OUT], {
    CHECKPOINT_DISABLE: '1',
  });
}

/** `npx cdktf synth` of {@link ./baseline-app.ts}: the same CLI and ts-node, one resource. */
export function measureBaselineSynth(): CommandRun {
  const out = join(PROJECT_ROOT, '.tmp', 'bench-baseline');
  rmSync(out, { recursive: true, force: true });
  return measureCommand(
    [
      'npx',
      'cdktf',
      'synth',
      '--app',
      'node -r ts-node/register/transpile-only bench/baseline-app.ts',
      '--output',
      out,
    ],
    { CHECKPOINT_DISABLE: '1' },
  );
}

/** The cdktf app without the CLI: `node -r ts-node/register/transpile-only main.ts`. */
export function measureApp(): CommandRun {
  rmSync(APP_OUT, { recursive: true, force: true });
  return measureCommand(['node', '-r', 'ts-node/register/transpile-only', 'main.ts'], {
    CDKTF_OUTDIR: APP_OUT,
  });
}

/** The whole jest suite (long: only with BENCH_TESTS=1). */
export function measureTests(): CommandRun {
  return measureCommand(['npx', 'jest', '--silent'], { TMPDIR: join(PROJECT_ROOT, '.tmp') });
}
