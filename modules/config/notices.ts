/**
 * What synth says about a valid configuration besides the file it read: a plain list that
 * replaces defaults (which ones it dropped, and how to add instead), and an empty
 * `operatorPrincipalArns` (nobody can run the operator tool's first check). Read from the
 * configuration as written, before defaults are filled in: `{ "replace": [...] }` says that
 * replacing is meant and is not announced.
 */
import { DEFAULT_CONFIG_RULES } from '../../lambdas/registry/config-response';
import { defaultFindingTypes, GUARDDUTY_RESPONDERS } from '../../lambdas/registry/responders';
import type { Config } from './schema';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const listed = (items: readonly string[]): string => {
  const shown = items.slice(0, 3).map((i) => JSON.stringify(i));
  return items.length > 3 ? `${shown.join(', ')} and ${items.length - 3} more` : shown.join(', ');
};

/** The announcement of one plain list that replaced `defaults` with `kept`. */
function replaced(key: string, defaults: readonly string[], kept: readonly string[]): string[] {
  const dropped = defaults.filter((d) => !kept.includes(d));
  if (dropped.length === 0) return [];
  return [
    `${key}: this list replaces the ${defaults.length} defaults; ${dropped.length} dropped (${listed(dropped)}), ` +
      `so those are no longer answered. To keep the defaults and add yours, write { "add": [...] }; ` +
      `to say that replacing is meant (and silence this), write { "replace": [...] }.`,
  ];
}

/** The notices of `written` (the configuration as merged from file and variables) and its result. */
export function configNotices(written: Json, config: Config): string[] {
  const notices: string[] = [];
  const types = isObject(written.findingTypes) ? written.findingTypes : {};
  const defaults = defaultFindingTypes();
  for (const name of GUARDDUTY_RESPONDERS) {
    if (Array.isArray(types[name])) {
      notices.push(...replaced(`findingTypes.${name}`, defaults[name], config.findingTypes[name]));
    }
  }
  if (Array.isArray(written.configRules)) {
    notices.push(
      ...replaced(
        'configRules',
        DEFAULT_CONFIG_RULES.map((r) => r.name),
        config.configRules.map((r) => r.name),
      ),
    );
  }
  if (config.operatorPrincipalArns.length === 0) {
    notices.push(
      'operatorPrincipalArns: empty, so no member role trusts an operator: `security-ir doctor`, ' +
        '`audit` and `respond` cannot reach member accounts. Name your role before the first doctor ' +
        '(README "Roll out": IR_OPERATOR_PRINCIPAL_ARNS or operatorPrincipalArns).',
    );
  }
  return notices;
}
