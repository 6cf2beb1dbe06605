/**
 * The configured answer to a Config evaluation, shared by the responders that handle Config
 * events: the base rule name, the resource, and the response mapped to it, or why this responder
 * does not handle the evaluation.
 */

import { bounded } from './bounded';
import { type ConfigRulesSchema, responderEnv } from './config';
import { configResponderOf } from './defaults';
import { baseConfigRuleName, type SourceFinding } from './events';
import type { Ignore } from './handler';
import type * as z from './zod';

/** A Config source finding. */
export type ConfigSource = Extract<SourceFinding, { kind: 'config' }>;

/** The response configured for a rule. */
export type ConfigRuleResponse = z.output<ReturnType<typeof ConfigRulesSchema>>[string];

/** A Config evaluation this responder answers. */
export interface ConfigRuleMatch {
  /** Base rule name (`securityhub-…` and conformance-pack names resolved). */
  readonly rule: string;
  /** The evaluated resource id, bounded for reports. */
  readonly resource: string;
  readonly response: ConfigRuleResponse;
}

/**
 * The configured response of the evaluation's rule when it routes to `responder`; otherwise an
 * Ignore saying why (no response configured, or another responder answers it).
 */
export function configRuleFor(
  source: ConfigSource,
  responder: ReturnType<typeof configResponderOf>,
): ConfigRuleMatch | Ignore {
  const rule = baseConfigRuleName(source.compliance.configRuleName);
  const resource = bounded(source.compliance.resourceId);
  const response = responderEnv().CONFIG_RULES[rule];
  if (!response) return { ignore: `no response is configured for Config rule ${rule}`, resource };
  if (configResponderOf(response) !== responder) {
    return { ignore: `Config rule ${rule} is answered by ${response.responder}`, resource };
  }
  return { rule, resource, response };
}
