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

function loadScript(module: string): string {
  return module.endsWith('.mjs')
    ? `import(${JSON.stringify(module)}).catch((e) => { console.error(e); process.exit(1); })`
    : `require(${JSON.stringify(module)})`;
}

/**
 * Measures loading each of `modules` in fresh processes, in rounds: each round runs one empty
 * process, then every module in turn (the baseline included), so that a burst of load on the shared
 * machine hits every module and the empty processes alike. The empty processes of all rounds are
 * pooled into one median that every module's median is measured against (one subtrahend for all:
 * a module's init never depends on which empty processes happened to fall beside it). An `.mjs`
 * file is loaded with `import()` (as Lambda loads an ES module handler), anything else (a package
 * name, a CommonJS file) with `require`.
 */
export function measureInits(modules: readonly string[], runs: number): InitTime[] {
  const scripts = modules.map(loadScript);
  const withModule = modules.map((): number[] => []);
  const empty: number[] = [];
  for (const script of scripts) timeNode(script); // file cache warm, not counted
  for (let i = 0; i < runs; i++) {
    empty.push(timeNode(''));
    scripts.forEach((script, m) => {
      withModule[m]?.push(timeNode(script));
    });
  }
  const medianEmptyMs = median(empty);
  return modules.map((module, m) => {
    const medianWithMs = median(withModule[m] ?? []);
    return { module, runs, initMs: medianWithMs - medianEmptyMs, medianWithMs, medianEmptyMs };
  });
}

/** {@link measureInits} of one module. */
export function measureInit(module: string, runs: number): InitTime {
  return measureInits([module], runs)[0] as InitTime;
}

/**
 * The event each responder's first invocation answers in {@link measureFirstCall}: a test fixture
 * (real shape) that the responder acts on.
 */
export const FIRST_CALL_EVENTS: Readonly<Record<ResponderName, string>> = {
  'isolate-ec2': 'test/fixtures/guardduty/ec2-backdoor.json',
  'block-principal': 'test/fixtures/guardduty/iam-user-malicious-ip.json',
  'confine-security-group': 'test/fixtures/config/sg-restricted-ssh.json',
  'start-ssm-automation': 'test/fixtures/config/s3-public-read.json',
  'contain-lambda-function': 'test/fixtures/guardduty/lambda-c2-activity.json',
  'restore-bucket-public-access': 'test/fixtures/guardduty/s3-block-public-access-disabled.json',
  'isolate-ecs-task': 'test/fixtures/guardduty/ecs-fargate-runtime.json',
  'make-snapshot-private': 'test/fixtures/securityhub/ec2-1-public-snapshots.json',
  'make-rds-snapshot-private': 'test/fixtures/securityhub/rds-1-public-snapshot.json',
  'escalate-finding': 'test/fixtures/guardduty/eks-anonymous-access.json',
};

/** Init plus the first invocation up to the moment its first AWS request leaves. */
export interface FirstCallTime extends InitTime {
  /** The first request, e.g. `sts:AssumeRole` (what the invocation waited for). */
  readonly firstCall: string;
}

/**
 * A fresh process with a loopback HTTP listener as every AWS endpoint (`AWS_ENDPOINT_URL`) and the
 * environment Lambda gives a function (region, its own credentials): it reads `eventFile`, then,
 * with `load`, imports the entry and invokes its handler, and exits when the first AWS request
 * arrives (printing its action), or fails when the invocation ends without one.
 */
function firstCallScript(entry: string, eventFile: string, load: boolean): string {
  const invoke = load
    ? `import(${JSON.stringify(entry)}).then((m) => m.handler(event)).then(
         () => { console.error('the invocation sent no AWS request'); process.exit(2); },
         (e) => { console.error(e); process.exit(3); })`
    : 'process.exit(0)';
  return `const event = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(eventFile)}, 'utf8'));
    const server = require('node:http').createServer((req) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const target = req.headers['x-amz-target'];
        const action = target ? String(target).split('.').pop() : (/(?:^|&)Action=([A-Za-z]+)/.exec(body) || [])[1];
        const service = String(req.headers.authorization || '').split('Credential=')[1]?.split('/')[3];
        console.log(service + ':' + (action || req.method + ' ' + req.url));
        process.exit(0);
      });
    });
    server.listen(0, '127.0.0.1', () => {
      process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:' + server.address().port;
      ${invoke};
    });`;
}

/** The environment Lambda gives a function, with fake credentials that never leave the machine. */
const LAMBDA_LIKE_ENV = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'bench',
  ALERTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:111111111111:bench-alerts',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

function runFirstCall(script: string): { ms: number; out: string } {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-e', script], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: LAMBDA_LIKE_ENV,
  });
  const ms = msSince(started);
  if (run.status !== 0) throw new Error(`first-call run failed: ${run.stderr.toString()}`);
  return { ms, out: run.stdout.toString().trim() };
}

/**
 * What a cold start costs up to the first AWS request: the Lambda init (module load) plus the
 * first invocation until its first request leaves: what moved out of init into the invocation
 * (the STS client, schemas, configuration) is counted here. Fresh processes, each preceded by the
 * same process without the handler (event read, listener up), medians of both subtracted.
 */
export function measureFirstCall(entry: string, eventFile: string, runs: number): FirstCallTime {
  const file = join(PROJECT_ROOT, eventFile);
  const withHandler: number[] = [];
  const without: number[] = [];
  const first = runFirstCall(firstCallScript(entry, file, true)); // file cache warm, not counted
  for (let i = 0; i < runs; i++) {
    without.push(runFirstCall(firstCallScript(entry, file, false)).ms);
    withHandler.push(runFirstCall(firstCallScript(entry, file, true)).ms);
  }
  const medianWithMs = median(withHandler);
  const medianEmptyMs = median(without);
  return {
    module: entry,
    runs,
    initMs: medianWithMs - medianEmptyMs,
    medianWithMs,
    medianEmptyMs,
    firstCall: first.out,
  };
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
 * The target of the init ratio: a responder's cold start loads less than the bare EC2 client
 * does (issue 20). The init holds the shared pipeline only: no SDK, no logger, no schema built
 * (lambdas/shared/zod.ts `lazySchema`). As an invocation starts it loads the STS client (AssumeRole
 * waits for it), then its own code, member-account clients and the logger while AssumeRole is in
 * flight (lambdas/shared/handler.ts `preloadOf`); {@link measureFirstCall} reports that cost.
 */
export const INIT_RATIO_TARGET = 1.0;

/** Bytes a responder may load up to its last containment call. */
export const BUNDLE_TARGET_BYTES = 1_000_000;
