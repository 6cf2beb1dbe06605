#!/usr/bin/env node
// Launcher of the operator command line: compiles cli/main.ts on the fly (type checking is the
// separate `tsc --noEmit` step) and runs it. Works from any folder of the cloned repository.
const path = require('node:path');

require('ts-node').register({
  transpileOnly: true,
  project: path.join(__dirname, '..', 'tsconfig.json'),
});
require('../cli/main').runCli();
