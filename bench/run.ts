/**
 * Entry of `npm run bench`. The responders' logger reads its level when its module loads, so the
 * level is set here, before the suite (and with it every responder) is loaded.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
// The SDK's Node 22 notice (docs/deploy.md: Supported Node versions), silenced as in the tests and the CLI.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import('./suite')
  .then(({ runSuite }) => runSuite())
  .catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
