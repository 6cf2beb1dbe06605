/**
 * EventBridge patterns of the master stack's rules, built from the configuration. Rules pass the
 * raw event to their targets; these patterns only choose which events reach which responder.
 */

/** An EventBridge event pattern (the subset of operators this project uses). */
export type EventPattern = {
  readonly [key: string]: EventPattern | readonly PatternValue[];
};

/** A value or operator in a pattern array. */
export type PatternValue =
  | string
  | number
  | boolean
  | null
  | { readonly prefix: string }
  | { readonly 'anything-but': string | readonly string[] }
  | { readonly exists: boolean };

/** GuardDuty findings of the given types, in any account (the security account is the administrator). */
export function guardDutyPattern(types: readonly string[]): EventPattern {
  return {
    source: ['aws.guardduty'],
    'detail-type': ['GuardDuty Finding'],
    detail: { type: [...types] },
  };
}

/** Security Hub custom-action events of the given action target ARNs. */
export function securityHubActionPattern(actionArns: readonly string[]): EventPattern {
  return {
    source: ['aws.securityhub'],
    'detail-type': ['Security Hub Findings - Custom Action'],
    resources: [...actionArns],
  };
}

/**
 * The names a Config rule can carry: its base name, the name Security Hub gives it
 * (`securityhub-<rule>-<8 hex>`) and the name a conformance pack gives it
 * (`<rule>-conformance-pack-<suffix>`). FACTS.md: rule names are not stable, match the base.
 */
export function configRuleNamePatterns(names: readonly string[]): PatternValue[] {
  return names.flatMap((n) => [
    n,
    { prefix: `securityhub-${n}-` },
    { prefix: `${n}-conformance-pack-` },
  ]);
}

/** Non-compliant evaluations of the given Config rules (by base name). */
export function configCompliancePattern(ruleNames: readonly string[]): EventPattern {
  return {
    source: ['aws.config'],
    'detail-type': ['Config Rules Compliance Change'],
    detail: {
      messageType: ['ComplianceChangeNotification'],
      configRuleName: configRuleNamePatterns(ruleNames),
      newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
    },
  };
}
