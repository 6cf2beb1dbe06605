#!/usr/bin/env node
// `npm run destroy -- <stack> [--force] [cdktf destroy options]`: checks that the stack's state
// exists and holds resources (cli/destroy-check.ts), then runs `cdktf destroy <stack>`. Exit 2
// without running anything when the state is missing or empty, unless --force.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
const { loadConfigWithSource, findConfigFile } = require('../modules/config/load');
const { checkDestroyState } = require('../cli/destroy-check');

const args = process.argv.slice(2);
const force = args.includes('--force');
const rest = args.filter((a) => a !== '--force');
const stack = rest.find((a) => !a.startsWith('-'));
if (stack !== 'master' && stack !== 'service') {
  process.stderr.write(
    'usage: npm run destroy -- <master|service> [--force] [cdktf destroy options]\n',
  );
  process.exit(2);
}
// The project root: the folder with cdktf.json above the current folder (state paths are relative to it).
const searched = findConfigFile(process.cwd()).searched;
const projectRoot = searched[searched.length - 1];
let config;
try {
  config = loadConfigWithSource().config;
} catch (error) {
  process.stderr.write(`error: ${error.message}\n`);
  process.exit(2);
}
const check = checkDestroyState(projectRoot, config, stack);
process.stderr.write(`${check.message}\n`);
if (!check.ok && !force) process.exit(2);
const result = spawnSync('npx', ['cdktf', 'destroy', ...rest], {
  cwd: projectRoot,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
