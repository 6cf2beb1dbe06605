/**
 * Structured JSON logs (Powertools Logger). Values taken from events go through `bounded()` (bounded.ts):
 * an event can carry hostile or huge strings, and a log line must stay one readable line.
 *
 * The Logger is not loaded at Lambda init: the handler starts loading it as an invocation begins,
 * after the STS client (lambdas/shared/handler.ts), so it loads while AssumeRole is in flight; every
 * line is written after the first AWS call. `writeLog` awaits it, so no line is lost or reordered.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { DEFAULT_PREFIX } from './defaults';
import { lazyModule } from './lazy';

/** The logger of the running responder, loaded once on first use. */
export const loadLogger = lazyModule(async (): Promise<Logger> => {
  const { Logger } = await import('./powertools-logger');
  return new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? DEFAULT_PREFIX });
});

/** The levels the responders write. */
export type LogLevel = 'info' | 'error';

/**
 * Writes one structured line. Never throws: should the Logger fail to load, the line is written
 * as plain JSON on stderr instead, so a logging problem never changes an outcome.
 */
export async function writeLog(
  level: LogLevel,
  message: string,
  attributes: Record<string, unknown>,
): Promise<void> {
  let logger: Logger;
  try {
    logger = await loadLogger();
  } catch {
    process.stderr.write(
      `${JSON.stringify({ level: level.toUpperCase(), message, ...attributes })}\n`,
    );
    return;
  }
  logger[level](message, attributes);
}
