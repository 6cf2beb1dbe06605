/**
 * EventBridge patterns of the master stack's rules, built from the configuration. Rules pass the
 * raw event to their targets; these patterns only choose which events reach which responder.
 */

/** An EventBridge event pattern (the subset of operators this project uses). */
export type EventPattern = {
  readonly [key: string]: EventPattern | readonly PatternValue[] | readonly EventPattern[];
};

/** A value or operator in a pattern array. */
export type PatternValue =
  | string
  | number
  | boolean
  | null
  | { readonly prefix: string }
  | { readonly wildcard: string }
  | { readonly 'anything-but': string | readonly string[] }
  | { readonly exists: boolean };

/**
 * GuardDuty findings of the given types, in any account (the security account is the
 * administrator); with `alsoMatches`, also findings of those wildcard types whose resource type is
 * one of `resourceTypes` (`$or`: a finding that matches both still matches the rule once).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-complex-example-or
 */
export function guardDutyPattern(
  types: readonly string[],
  alsoMatches: readonly string[] = [],
  resourceTypes: readonly string[] = [],
): EventPattern {
  const listed: EventPattern = { type: [...types] };
  const matched: EventPattern = {
    type: alsoMatches.map((wildcard) => ({ wildcard })),
    ...(resourceTypes.length ? { resource: { resourceType: [...resourceTypes] } } : {}),
  };
  const alternatives = [
    ...(types.length ? [listed] : []),
    ...(alsoMatches.length ? [matched] : []),
  ];
  return {
    source: ['aws.guardduty'],
    'detail-type': ['GuardDuty Finding'],
    detail: alternatives.length === 1 ? (alternatives[0] as EventPattern) : { $or: alternatives },
  };
}

/** Every GuardDuty finding: escalate-finding sees them all and leaves the contained ones. */
export function allGuardDutyPattern(): EventPattern {
  return { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'] };
}

/** Which custom actions a Security Hub pattern admits. */
export interface SecurityHubActionSelection {
  readonly partition: string;
  /** The security account, where the custom actions live. */
  readonly accountId: string;
  /** Custom action identifiers, e.g. `IsolateEC2`. */
  readonly identifiers: readonly string[];
  /** Only this region's actions. @default every region (`*`) */
  readonly region?: string;
}

/**
 * Security Hub custom-action events of the given actions. One wildcard per action identifier
 * (`arn:<partition>:securityhub:*:<account>:action/custom/<id>`), not one ARN per region, so the
 * pattern's size does not grow with the enrolled regions (EventBridge caps a pattern at 2,048
 * characters, see `aws-limits.ts`). Wildcard matching:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-wildcard-matching
 */
export function securityHubActionPattern(selection: SecurityHubActionSelection): EventPattern {
  const region = selection.region ?? '*';
  return {
    source: ['aws.securityhub'],
    'detail-type': ['Security Hub Findings - Custom Action'],
    resources: selection.identifiers.map((id) => ({
      wildcard: `arn:${selection.partition}:securityhub:${region}:${selection.accountId}:action/custom/${id}`,
    })),
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
