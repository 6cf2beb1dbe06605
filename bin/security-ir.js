#!/usr/bin/env node
// Launcher of the operator command line. Runs the compiled dist/cli/security-ir.mjs (built at
// `npm ci` by `prepare`, or `npm run build:cli`); when that file is missing or older than a source
// file, it says so and compiles the sources on the fly with ts-node instead, so a stale build never
// runs. Works from any folder of the cloned repository.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const compiled = path.join(root, 'dist', 'cli', 'security-ir.mjs');

/** The newest modification time of the TypeScript sources the tool is built from. */
function newestSource() {
  let newest = fs.statSync(path.join(root, 'package.json')).mtimeMs;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of ['cli', 'lambdas', 'modules']) walk(path.join(root, dir));
  return newest;
}

function isFresh() {
  try {
    return fs.statSync(compiled).mtimeMs >= newestSource();
  } catch {
    return false;
  }
}

if (isFresh()) {
  import(require('node:url').pathToFileURL(compiled).href).then((cli) => cli.runCli());
} else {
  process.stderr.write(
    'security-ir: running from the TypeScript sources (slower): run `npm run build:cli` to compile\n',
  );
  require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
  require('../cli/main').runCli();
}
