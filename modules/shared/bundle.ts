/**
 * Bundles the responders with esbuild during synth, so `cdktf deploy` and remote HCP Terraform runs
 * need no separate build step. One esbuild call builds every responder as an ES module with code
 * splitting: each `<responder>/index.mjs` loads at cold start only what its critical path needs,
 * and the clients used after containment (GuardDuty, Security Hub, SNS) sit in chunks that load
 * on first use. The SDK is bundled (pinned versions, ESM main fields first), not taken from the
 * Lambda runtime.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type BuildOptions, buildSync } from 'esbuild';
import { RESPONDER_NAMES, type ResponderName } from '../../lambdas/shared/catalogue';

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
    legalComments: 'none',
    logLevel: 'error',
    // Some dependencies still call require() for Node built-ins; an ES module has no require.
    banner: {
      js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
    },
  };
}

/** The Lambda handler setting of a responder inside the bundle folder. */
export function handlerOf(name: ResponderName): string {
  return `${name}/index.handler`;
}

let built: string | undefined;

/** Builds every responder into `dist/bundles` once per process and returns that folder. */
export function bundleResponders(): string {
  if (!built) {
    const outdir = join(PROJECT_ROOT, 'dist', 'bundles');
    rmSync(outdir, { recursive: true, force: true });
    mkdirSync(outdir, { recursive: true });
    buildSync(bundleOptions(RESPONDER_NAMES, outdir));
    built = outdir;
  }
  return built;
}

/**
 * The files a bundled ES module loads before its first line runs: itself and, recursively, its
 * static imports (what a cold start pays for). Dynamic `import()` chunks are left out.
 */
export function staticClosure(file: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const code = readFileSync(path, 'utf8');
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*"(\.{1,2}\/[^"]+\.mjs)"/g)) {
      visit(join(dirname(path), m[1] as string));
    }
  };
  visit(file);
  return [...seen];
}
