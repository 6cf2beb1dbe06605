/**
 * How a non-compliant Config rule is answered, derived from the registry: the one home of the
 * config-response union (configuration schema, Lambda environment and routing read it).
 */

import {
  CONFIG_RESPONDERS,
  type ConfigResponderName,
  declarationOf,
  NOTIFY_RESPONDER,
  type RunbookResponderName,
} from './responders';
import type { RunbookName } from './runbooks';

/** The response value of a rule that only notifies (escalated by the `escalatesNotify` responder). */
export const NOTIFY_RESPONSE = 'notify';

/** How a non-compliant Config rule is answered: a Config responder (with its runbook), or notify. */
export type ConfigResponse =
  | {
      [K in ConfigResponderName]: K extends RunbookResponderName
        ? { readonly responder: K; readonly runbook: RunbookName }
        : { readonly responder: K };
    }[ConfigResponderName]
  | { readonly responder: typeof NOTIFY_RESPONSE };

/** A Config rule the product reacts to, by its base (managed) name. */
export interface ConfigRuleDefault {
  /** Base rule name; also matched as `securityhub-<name>-<hex>` and `<name>-conformance-pack-*`. */
  readonly name: string;
  /** Managed rule identifier, used when the product deploys the rule itself. */
  readonly sourceIdentifier: string;
  readonly response: ConfigResponse;
}

/** Notify-only Config rules answered by default (no responder of their own). */
const DEFAULT_NOTIFY_RULES: readonly ConfigRuleDefault[] = [
  {
    name: 'encrypted-volumes',
    sourceIdentifier: 'ENCRYPTED_VOLUMES',
    response: { responder: NOTIFY_RESPONSE },
  },
  {
    name: 'rds-storage-encrypted',
    sourceIdentifier: 'RDS_STORAGE_ENCRYPTED',
    response: { responder: NOTIFY_RESPONSE },
  },
];

/** Config rules answered by default: each Config responder's declared rules, then notify-only ones. */
export const DEFAULT_CONFIG_RULES: readonly ConfigRuleDefault[] = [
  ...CONFIG_RESPONDERS.flatMap((responder) =>
    (declarationOf(responder).config?.defaultRules ?? []).map(
      (r): ConfigRuleDefault => ({
        name: r.name,
        sourceIdentifier: r.sourceIdentifier,
        // The declaration type ties `runbook` to a runbook name; a test ties it to `takesRunbook`.
        response: (r.runbook ? { responder, runbook: r.runbook } : { responder }) as ConfigResponse,
      }),
    ),
  ),
  ...DEFAULT_NOTIFY_RULES,
];

/**
 * The responder a Config rule's events go to. Notify-only rules go to the responder that
 * declares `escalatesNotify`, which finds no action for them and escalates with a readable alert.
 */
export function configResponderOf(response: ConfigResponse): ConfigResponderName | undefined {
  return response.responder === NOTIFY_RESPONSE ? NOTIFY_RESPONDER : response.responder;
}
