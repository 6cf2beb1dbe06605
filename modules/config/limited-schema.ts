/**
 * The configuration schema with the sizes AWS checks only on apply (event patterns, templates,
 * policies, the Lambda environment): a configuration that would fail there fails at load, naming
 * the key. Apart from `schema.ts` because the checks derive the templates and policies from a
 * typed configuration, and those modules read the configuration's type from `schema.ts`.
 */
import { overLimitMessage, withinLimit } from '../shared/aws-limits';
import { configLimitChecks } from './limits';
import { ConfigSchema } from './schema';

/** {@link ConfigSchema} plus every AWS size limit the configuration grows. */
export const LimitedConfigSchema = ConfigSchema.superRefine((c, ctx) => {
  for (const check of configLimitChecks(c)) {
    if (withinLimit(check)) continue;
    ctx.addIssue({ code: 'custom', path: check.key.split('.'), message: overLimitMessage(check) });
  }
});
