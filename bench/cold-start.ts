/**
 * Part 2: what a cold start loads. The responders are bundled with the synth options
 * (`bundleOptions`: one esbuild call, ES modules with code splitting) into .tmp/bench-bundles.
 * For each responder the files its entry loads before its first line runs (`staticClosure`) are
 * measured, minified and zipped, and so is the whole asset every function is deployed with; the
 * time `import()` of the entry adds to a fresh `node` process is measured too. Zip sizes are
 * computed, not estimated: a zip is, per file, its raw DEFLATE stream (zlib, level 9) plus a local
 * header and a central directory entry, and one end record, whose sizes the format fixes (no
 * directory entries, no extra fields).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { RESPONDER_NAMES, type ResponderName } from '../lambdas/shared/catalogue';
import {
  bundleOptions,
  containmentClosure,
  PROJECT_ROOT,
  staticClosure,
} from '../modules/shared/bundle';
import { median, msSince } from './stats';

/** Where the benchmark's bundles are built (ignored by git). */
export const BUNDLE_DIR = join(PROJECT_ROOT, '.tmp', 'bench-bundles');

const LOCAL_HEADER = 30;
const CENTRAL_ENTRY = 46;
const END_RECORD = 22;

/** The size of a zip of `files` (`name` inside the zip, `content`), deflated at level 9. */
export function zipSize(files: readonly { name: string; content: Buffer }[]): number {
  let size = END_RECORD;
  for (const { name, content } of files) {
    const deflated = deflateRawSync(content, { level: constants.Z_BEST_COMPRESSION }).length;
    // A stored entry is smaller when the data does not compress; zip tools then store it.
    size +=
      Math.min(deflated, content.length) +
      LOCAL_HEADER +
      CENTRAL_ENTRY +
      2 * Buffer.byteLength(name);
  }
  return size;
}

/** Sizes of a set of bundle files. */
export interface FilesSize {
  readonly files: number;
  readonly minifiedBytes: number;
  readonly zippedBytes: number;
}

function sizeOf(paths: readonly string[], root: string): FilesSize {
  const files = paths.map((p) => ({ name: relative(root, p), content: readFileSync(p) }));
  return {
    files: files.length,
    minifiedBytes: files.reduce((sum, f) => sum + f.content.length, 0),
    zippedBytes: zipSize(files),
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** The bundles as synth builds them. */
export interface BuiltBundles {
  readonly buildMs: number;
  /** Every file of the asset (all responders, all chunks): what each function is deployed with. */
  readonly asset: FilesSize;
  /** Per responder: its entry and the chunks it imports statically (what its cold start loads). */
  readonly coldStart: readonly ({
    readonly name: ResponderName;
    readonly entry: string;
    /** Everything loaded up to the last containment call (cold start + its own code and clients). */
    readonly containment: FilesSize;
    /** Everything it can ever load (recording clients and the ledger included). */
    readonly all: FilesSize;
  } & FilesSize)[];
}

/** Builds every responder as synth does and measures the sizes. */
export function buildBundles(): BuiltBundles {
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const started = process.hrtime.bigint();
  buildSync(bundleOptions(RESPONDER_NAMES, BUNDLE_DIR));
  const buildMs = msSince(started);
  return {
    buildMs,
    asset: sizeOf(filesUnder(BUNDLE_DIR), BUNDLE_DIR),
    coldStart: RESPONDER_NAMES.map((name) => {
      const entry = join(BUNDLE_DIR, name, 'index.mjs');
      return {
        name,
        entry,
        ...sizeOf(staticClosure(entry), BUNDLE_DIR),
        containment: sizeOf(containmentClosure(entry), BUNDLE_DIR),
        all: sizeOf(staticClosure(entry, { dynamic: true }), BUNDLE_DIR),
      };
    }),
  };
}

/** Module initialisation time: a `node` that loads the module, minus an empty `node`. */
export interface InitTime {
  readonly module: string;
  readonly runs: number;
  /** Median of the requiring processes minus median of the empty ones. */
  readonly initMs: number;
  readonly medianWithMs: number;
  readonly medianEmptyMs: number;
}

function timeNode(script: string): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-e', script], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const ms = msSince(started);
  if (run.status !== 0) throw new Error(`node -e ${script} failed: ${run.stderr.toString()}`);
  return ms;
}

/**
 * Measures loading `module` in fresh processes, alternating with empty ones so that a burst of
 * load on the shared machine hits both alike. An `.mjs` file is loaded with `import()` (as Lambda
 * loads an ES module handler), anything else (a package name, a CommonJS file) with `require`.
 */
export function measureInit(module: string, runs: number): InitTime {
  const withModule: number[] = [];
  const empty: number[] = [];
  const script = module.endsWith('.mjs')
    ? `import(${JSON.stringify(module)}).catch((e) => { console.error(e); process.exit(1); })`
    : `require(${JSON.stringify(module)})`;
  timeNode(script); // file cache warm, not counted
  for (let i = 0; i < runs; i++) {
    empty.push(timeNode(''));
    withModule.push(timeNode(script));
  }
  const medianWithMs = median(withModule);
  const medianEmptyMs = median(empty);
  return { module, runs, initMs: medianWithMs - medianEmptyMs, medianWithMs, medianEmptyMs };
}

/** Where the baseline bundle is built (ignored by git). */
export const BASELINE_DIR = join(PROJECT_ROOT, '.tmp', 'bench-baseline');

/**
 * The baseline of the init ratio: the bare EC2 client, bundled exactly as the responders are
 * (`bundleOptions`: ES module, minified, ES module builds of the SDK with their schemas made
 * tree-shakeable), constructed once at load. Measured in the same run as the responders, so
 * machine load moves both alike. `published: true` bundles the SDK as published instead (the
 * baseline before modules/shared/sdk-schemas.ts; a reference row of the report).
 */
export function buildBaseline({ published = false } = {}): string {
  const dir = published ? `${BASELINE_DIR}-published` : BASELINE_DIR;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const {
    entryPoints: _entries,
    outdir: _outdir,
    splitting: _split,
    alias,
    ...options
  } = bundleOptions([], dir);
  const outfile = join(dir, 'ec2-client.mjs');
  buildSync({
    ...options,
    ...(published ? {} : { alias }),
    stdin: {
      contents:
        "import { EC2Client } from '@aws-sdk/client-ec2';\nexport const client = new EC2Client({ region: 'us-east-1' });\n",
      resolveDir: PROJECT_ROOT,
      loader: 'ts',
      sourcefile: 'baseline.ts',
    },
    outfile,
  });
  return outfile;
}

/**
 * How much slower a responder's cold start is than the bare EC2 client bundled the same way: 1.0
 * is "as fast as the client alone". Each init is already the median minus an empty `node`.
 */
export function initRatio(init: InitTime, baseline: InitTime): number {
  return init.initMs / Math.max(baseline.initMs, 1);
}

/**
 * The target of the init ratio: a responder's cold start loads no more than the bare EC2 client
 * does (issue 20). Its own code and member-account clients load when an invocation starts, while
 * AssumeRole is in flight (lambdas/shared/lazy.ts), so the init holds the shared pipeline and the
 * STS client only.
 */
export const INIT_RATIO_TARGET = 1.0;

/** Bytes a responder may load up to its last containment call. */
export const BUNDLE_TARGET_BYTES = 1_000_000;
