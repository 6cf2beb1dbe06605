import {
  OCSF_CLASS,
  OCSF_DETAIL_TYPE,
  OCSF_STATUS,
  ocsfTypesOf,
} from '../../lambdas/shared/ocsf-schema';

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
  | { readonly 'anything-but': string | number | readonly string[] | readonly number[] }
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
  return {
    source: ['aws.guardduty'],
    'detail-type': ['GuardDuty Finding'],
    detail: listedOrMatched(
      { type: [...types] },
      {
        type: alsoMatches.map((wildcard) => ({ wildcard })),
        ...(resourceTypes.length ? { resource: { resourceType: [...resourceTypes] } } : {}),
      },
      types,
      alsoMatches,
    ),
  };
}

/**
 * The listed types, the wildcard types on the responder's resources, or both (`$or`): the
 * alternatives of a GuardDuty rule, whatever dialect `listed` and `matched` are written in.
 */
function listedOrMatched(
  listed: EventPattern,
  matched: EventPattern,
  types: readonly string[],
  alsoMatches: readonly string[],
): EventPattern {
  const alternatives = [
    ...(types.length ? [listed] : []),
    ...(alsoMatches.length ? [matched] : []),
  ];
  return alternatives.length === 1 ? (alternatives[0] as EventPattern) : { $or: alternatives };
}

/** Every GuardDuty finding: escalate-finding sees them all and leaves the contained ones. */
export function allGuardDutyPattern(): EventPattern {
  return { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'] };
}

/**
 * The new Security Hub's OCSF findings of one product (`productv2/aws/<product>` in any region and
 * partition), leaving out those already suppressed, resolved or archived (`status_id` 3-5; the
 * handler checks again). https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-v2-cwe-event-formats.html
 */
function ocsfFindingsOf(product: string, finding: EventPattern): EventPattern {
  return {
    source: ['aws.securityhub'],
    'detail-type': [OCSF_DETAIL_TYPE],
    detail: {
      findings: {
        metadata: {
          product: { uid: [{ wildcard: `arn:*:securityhub:*::productv2/aws/${product}` }] },
        },
        status_id: [{ 'anything-but': [...CLOSED_STATUS_IDS] }],
        ...finding,
      },
    },
  };
}

const CLOSED_STATUS_IDS = [OCSF_STATUS.suppressed, OCSF_STATUS.resolved, OCSF_STATUS.archived];

/**
 * GuardDuty findings of the given types as OCSF findings of the new Security Hub: the GuardDuty
 * type is one of `finding_info.types`, the resource types are the OCSF (CloudFormation) ones.
 * Same alternatives as {@link guardDutyPattern}.
 */
export function ocsfGuardDutyPattern(
  types: readonly string[],
  alsoMatches: readonly string[] = [],
  resourceTypes: readonly string[] = [],
): EventPattern {
  const ocsfTypes = ocsfTypesOf(resourceTypes);
  return ocsfFindingsOf(
    'guardduty',
    listedOrMatched(
      { finding_info: { types: [...types] } },
      {
        finding_info: { types: alsoMatches.map((wildcard) => ({ wildcard })) },
        ...(ocsfTypes.length ? { resources: { type: ocsfTypes } } : {}),
      },
      types,
      alsoMatches,
    ),
  );
}

/** Every GuardDuty finding as an OCSF finding: the catch-all's share of the new Security Hub. */
export function allOcsfGuardDutyPattern(): EventPattern {
  return ocsfFindingsOf('guardduty', {});
}

/** Failed CSPM control checks of the given controls (`compliance.control`, e.g. `S3.8`). */
export function ocsfCompliancePattern(controls: readonly string[]): EventPattern {
  return ocsfFindingsOf('securityhub', {
    class_uid: [OCSF_CLASS.compliance],
    compliance: { control: [...controls], status_id: [3] },
  });
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
