/**
 * Structured JSON logs (Powertools Logger). Values taken from events go through `bounded()` (bounded.ts):
 * an event can carry hostile or huge strings, and a log line must stay one readable line.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DEFAULT_PREFIX } from './defaults';

/** The logger of the running responder; the service name is set by the handler. */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? DEFAULT_PREFIX,
});
