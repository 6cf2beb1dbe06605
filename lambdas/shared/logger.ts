/**
 * Structured JSON logs (Powertools Logger). Values taken from events go through {@link bounded}:
 * an event can carry hostile or huge strings, and a log line must stay one readable line.
 */
import { Logger } from '@aws-lambda-powertools/logger';

/** The logger of the running responder; the service name is set by the handler. */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'security-ir',
});

/** A string from an event, cut to `max` characters with control characters escaped. */
export function bounded(value: string, max = 256): string {
  const clean = value.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
    /[\u0000-\u001f\u007f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
