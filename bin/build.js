#!/usr/bin/env node
// Compiles the operator tool into dist/cli/ (git-ignored), so that `security-ir` starts without
// compiling TypeScript on every call. Runs at `npm ci` / `npm install` (`prepare`) and with
// `npm run build:cli`. Type checking stays the separate `tsc --noEmit` step. ES modules with code
// splitting: each command's module (and its AWS SDK clients) is a chunk loaded when the command
// runs, so `--help` and `--version` load none of them.
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const outdir = path.join(root, 'dist', 'cli');

// Chunk names carry hashes: start empty so stale chunks of earlier builds do not pile up.
require('node:fs').rmSync(outdir, { recursive: true, force: true });

esbuild.buildSync({
  absWorkingDir: root,
  entryPoints: { 'security-ir': 'cli/main.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // The SDK's ES module builds are smaller (FACTS.md: 853 KB against 1.48 MB for client-ec2).
  mainFields: ['module', 'main'],
  // CommonJS dependencies bundled into ES modules still call require() and read __dirname.
  banner: {
    js: [
      "import { createRequire as __irCreateRequire } from 'node:module';",
      "import { fileURLToPath as __irFileURLToPath } from 'node:url';",
      'const require = __irCreateRequire(import.meta.url);',
      'const __filename = __irFileURLToPath(import.meta.url);',
      "const __dirname = __irFileURLToPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
  minify: true,
  logLevel: 'warning',
});
