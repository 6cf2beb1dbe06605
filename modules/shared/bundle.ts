/**
 * Bundles the responders with esbuild during synth, so `cdktf deploy` and remote HCP Terraform runs
 * need no separate build step. One esbuild call builds every responder as an ES module with code
 * splitting: each `<responder>/index.mjs` loads at cold start only what its critical path needs,
 * and the clients used after containment (GuardDuty, Security Hub, SNS) sit in chunks that load
 * on first use. The SDK is bundled (pinned versions, ESM main fields first), not taken from the
 * Lambda runtime.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { type BuildOptions, buildSync } from 'esbuild';
import { RESPONDER_NAMES, type ResponderName } from '../../lambdas/shared/catalogue';
import type { ResponseConfig } from '../../lambdas/shared/config';
import { RESPONSE_CONFIG_FILE } from '../../lambdas/shared/defaults';
import { sdkSchemaAliases } from './sdk-schemas';

/** The project's root folder. */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** esbuild options shared by synth and the benchmarks: `<outdir>/<responder>/index.mjs`. */
export function bundleOptions(names: readonly ResponderName[], outdir: string): BuildOptions {
  return {
    entryPoints: Object.fromEntries(
      names.map((n) => [`${n}/index`, join(PROJECT_ROOT, 'lambdas', n, 'index.ts')]),
    ),
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    mainFields: ['module', 'main'],
    // SDK clients whose schemas esbuild can tree-shake (sdk-schemas.ts).
    alias: sdkSchemaAliases(PROJECT_ROOT, replaceAtomically),
    legalComments: 'none',
    logLevel: 'error',
    // Some dependencies still call require() for Node built-ins; an ES module has no require.
    banner: {
      js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
    },
  };
}

/** The approval queue's function (approval.endpoint) inside the same bundle. */
export const APPROVAL_QUEUE_HANDLER = 'approval-queue/index.handler';

/** The Lambda handler setting of a responder inside the bundle folder. */
export function handlerOf(name: ResponderName): string {
  return `${name}/index.handler`;
}

let built: string | undefined;
let builtDigest = '';
const BUNDLES = join(PROJECT_ROOT, 'dist', 'bundles');

/**
 * `fill` writes a folder that then appears at `dir` in one rename, so a parallel process (jest
 * workers) never reads a half-written bundle.
 */
function replaceAtomically(dir: string, fill: (tmp: string) => void): void {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(dirname(tmp), { recursive: true });
  fill(tmp);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

/** Builds every responder into `dist/bundles/code` once per process and returns that folder. */
export function bundleResponders(): string {
  if (!built) {
    const outdir = join(BUNDLES, 'code');
    const digest = createHash('sha256');
    replaceAtomically(outdir, (tmp) => {
      mkdirSync(tmp, { recursive: true });
      const options = bundleOptions(RESPONDER_NAMES, tmp);
      const responders = buildSync({ ...options, write: false }).outputFiles;
      // Built apart, in one file: sharing chunks with the responders would move code (and SDK
      // clients) of its own onto their cold start.
      const approvals = buildSync({
        ...options,
        entryPoints: {
          'approval-queue/index': join(PROJECT_ROOT, 'lambdas', 'shared', 'approval-queue.ts'),
        },
        splitting: false,
        write: false,
      }).outputFiles;
      const outputFiles = [...responders, ...approvals];
      for (const file of [...outputFiles].sort((a, b) => (a.path < b.path ? -1 : 1))) {
        mkdirSync(dirname(file.path), { recursive: true });
        writeFileSync(file.path, file.contents);
        digest.update(relative(tmp, file.path)).update(file.contents);
      }
    });
    builtDigest = digest.digest('hex');
    built = outdir;
  }
  return built;
}

/**
 * The deployable bundle for one configuration: the responders' code plus `response-config.json`
 * at its root (where the Lambda finds it as `$LAMBDA_TASK_ROOT/response-config.json`). One folder
 * per distinct document and code, named by their hash, so two stacks of one process never share a file and
 * a configuration change changes the asset hash: every function is redeployed and every new
 * container reads the new document.
 */
export function bundleWithResponseConfig(doc: ResponseConfig): string {
  const code = bundleResponders();
  const text = `${JSON.stringify(doc)}\n`;
  // The code's digest too: a folder made from older code in this checkout is never reused.
  const hash = createHash('sha256').update(builtDigest).update(text).digest('hex').slice(0, 16);
  const dir = join(BUNDLES, `config-${hash}`);
  if (!existsSync(join(dir, RESPONSE_CONFIG_FILE))) {
    replaceAtomically(dir, (tmp) => {
      cpSync(code, tmp, { recursive: true });
      writeFileSync(join(tmp, RESPONSE_CONFIG_FILE), text);
    });
  }
  return dir;
}

/**
 * The files a bundled ES module loads before its first line runs: itself and, recursively, its
 * static imports (what a cold start pays for). Dynamic `import()` chunks are left out, unless
 * `dynamic` is set: then every file the module can ever load (the responder's whole code).
 */
export function staticClosure(file: string, { dynamic = false } = {}): string[] {
  const seen = new Set<string>();
  const imports = dynamic
    ? /(?:\bfrom|\bimport)\s*\(?"(\.{1,2}\/[^"]+\.mjs)"/g
    : /(?:\bfrom|\bimport)\s*"(\.{1,2}\/[^"]+\.mjs)"/g;
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const code = readFileSync(path, 'utf8');
    for (const m of code.matchAll(imports)) {
      visit(join(dirname(path), m[1] as string));
    }
  };
  visit(file);
  return [...seen];
}

/**
 * The chunks the shared pipeline loads as every invocation starts (lambdas/shared/handler.ts,
 * `preloadOf`), named by their modules: the STS client (lambdas/shared/sts-client.ts) and the
 * Powertools logger (lambdas/shared/powertools-logger.ts).
 */
export const PIPELINE_PRELOADS = ['sts-client', 'powertools-logger'] as const;

/**
 * What a responder loads up to its last containment call: the entry's static closure, the static
 * closure of each module the entry itself imports dynamically (the responder's own code and
 * member-account clients), and of the pipeline's preloads ({@link PIPELINE_PRELOADS}); all of
 * them load as an invocation starts. The recording clients, imported dynamically deeper down,
 * load after containment and are left out.
 */
export function containmentClosure(entry: string): string[] {
  const dynamicImports = (file: string) =>
    [...readFileSync(file, 'utf8').matchAll(/\bimport\("(\.{1,2}\/[^"]+\.mjs)"\)/g)].map((m) =>
      join(dirname(file), m[1] as string),
    );
  const eager = staticClosure(entry);
  const preloads = eager
    .flatMap(dynamicImports)
    .filter((f) => PIPELINE_PRELOADS.some((name) => basename(f).startsWith(`${name}-`)));
  const own = dynamicImports(entry);
  return [...new Set([...eager, ...[...own, ...preloads].flatMap((f) => staticClosure(f))])];
}
