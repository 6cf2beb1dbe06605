/**
 * Entry of `npm run bench`. The responders' logger reads its level when its module loads, so the
 * level is set here, before the suite (and with it every responder) is loaded.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

import('./suite')
  .then(({ runSuite }) => runSuite())
  .catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
