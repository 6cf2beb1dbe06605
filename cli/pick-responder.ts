/**
 * Which responder answers an event, decided the way the deployed rules route it: GuardDuty findings
 * by type and resource type (`findingTypes` and guardduty-routes.ts; what no responder contains
 * goes to the GuardDuty catch-all), Config rules by base name from `configRules` (notify-only
 * rules go to the responder that escalates them), Security Hub custom actions by their target.
 * Reads the raw event defensively: validating it is the responder's job.
 */
import { configResponderOf } from '../lambdas/registry/config-response';
import { declarationOf, RESPONDER_NAMES, type ResponderName } from '../lambdas/registry/responders';
import { InvalidEventError } from '../lambdas/shared/errors';
import { baseConfigRuleName, parseEvent, type SourceFinding } from '../lambdas/shared/events';
import { containerOf } from '../lambdas/shared/guardduty-routes';
import { OCSF_DETAIL_TYPE } from '../lambdas/shared/ocsf-schema';
import { nativeViewOf } from '../lambdas/shared/ocsf-view';
import type { Config } from '../modules/config/schema';
import { CUSTOM_ACTIONS } from '../modules/shared/custom-actions';

/** The chosen responder and why, or only why none was chosen. */
export type ResponderChoice =
  | { readonly responder: ResponderName; readonly why: string }
  | { readonly responder?: undefined; readonly why: string };

/** The configuration the choice reads. */
export type PickConfig = Pick<Config, 'findingTypes' | 'configRules'>;

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

function fromGuardDuty(detail: unknown, config: PickConfig): ResponderChoice {
  const type = text(field(detail, 'type'));
  const resourceType = text(field(field(detail, 'resource'), 'resourceType'));
  if (type === undefined || resourceType === undefined) {
    return { why: 'the GuardDuty finding has no type or resource.resourceType' };
  }
  const container = containerOf(type, resourceType, config.findingTypes);
  const onA = `on ${/^[aeiou]/i.test(resourceType) ? 'an' : 'a'} ${resourceType}`;
  if (container) {
    return {
      responder: container,
      why: `GuardDuty finding type ${type} ${onA} is contained by ${container}`,
    };
  }
  const catchAll = RESPONDER_NAMES.find((n) => declarationOf(n).escalatesGuardDuty);
  const uncontained = `GuardDuty finding type ${type} ${onA} has no containment`;
  return catchAll
    ? { responder: catchAll, why: `${uncontained}: escalated by ${catchAll}` }
    : { why: uncontained };
}

function fromConfig(detail: unknown, config: PickConfig): ResponderChoice {
  const name = text(field(detail, 'configRuleName'));
  const base = name === undefined ? undefined : baseConfigRuleName(name);
  const rule = config.configRules.find((r) => r.name === base);
  if (!rule) return { why: `Config rule ${JSON.stringify(name ?? null)} is not in configRules` };
  const { responder } = rule.response;
  const chosen = configResponderOf(rule.response);
  const why =
    responder === chosen ? responder : `${responder} (escalated by ${chosen ?? 'no responder'})`;
  if (!chosen) return { why: `Config rule ${base} answers with ${why}` };
  return { responder: chosen, why: `Config rule ${base} answers with ${why}` };
}

async function fromSecurityHub(event: unknown): Promise<ResponderChoice> {
  const resources = field(event, 'resources');
  const fromArns = (Array.isArray(resources) ? resources : []).flatMap(
    (r) => /:action\/custom\/([\w-]+)$/.exec(text(r) ?? '')?.[1] ?? [],
  );
  const actionName = text(field(field(event, 'detail'), 'actionName'));
  const action = CUSTOM_ACTIONS.find(
    (a) => fromArns.includes(a.identifier) || a.identifier === actionName || a.name === actionName,
  );
  if (!action)
    return {
      why: `Security Hub custom action ${JSON.stringify(actionName ?? null)} is not one of the product's`,
    };
  if (action.target === 'notify') {
    return {
      why: `Security Hub custom action ${action.identifier} only notifies; no responder runs`,
    };
  }
  return { responder: action.target, why: `Security Hub custom action ${action.identifier}` };
}

/**
 * A finding of the new Security Hub (OCSF), routed as the native finding it is read as: a GuardDuty
 * finding by type and resource, a CSPM control by its Config rule.
 */
function fromOcsf(event: unknown, config: PickConfig): ResponderChoice {
  try {
    const [source] = parseEvent(event, ['ocsf']);
    const view = nativeViewOf(source as Extract<SourceFinding, { kind: 'ocsf' }>);
    if ('ignore' in view) return { why: view.ignore };
    return view.kind === 'guardduty'
      ? fromGuardDuty(view.finding, config)
      : fromConfig(view.compliance, config);
  } catch (error) {
    if (error instanceof InvalidEventError) return { why: error.message };
    throw error;
  }
}

/** Chooses the responder of `event`. Makes no AWS call. */
export async function pickResponder(event: unknown, config: PickConfig): Promise<ResponderChoice> {
  const source = text(field(event, 'source'));
  const detailType = text(field(event, 'detail-type'));
  const detail = field(event, 'detail');
  if (source === 'aws.guardduty' && detailType === 'GuardDuty Finding')
    return fromGuardDuty(detail, config);
  if (source === 'aws.config' && detailType === 'Config Rules Compliance Change')
    return fromConfig(detail, config);
  if (source === 'aws.securityhub' && detailType === 'Security Hub Findings - Custom Action') {
    return fromSecurityHub(event);
  }
  if (source === 'aws.securityhub' && detailType === OCSF_DETAIL_TYPE)
    return fromOcsf(event, config);
  const hint = source === undefined ? envelopeHint(event) : undefined;
  return {
    why: `no responder takes source ${JSON.stringify(source ?? null)} / detail-type ${JSON.stringify(detailType ?? null)}${hint ? `: ${hint}` : ''}`,
  };
}

/** The envelope a responder reads, as `source` / `detail-type` (EventBridge). */
const ENVELOPES = {
  guardduty: 'source "aws.guardduty", detail-type "GuardDuty Finding"',
  securityhub: 'source "aws.securityhub", detail-type "Security Hub Findings - Custom Action"',
  config: 'source "aws.config", detail-type "Config Rules Compliance Change"',
  ocsf: `source "aws.securityhub", detail-type "${OCSF_DETAIL_TYPE}"`,
} as const;

const WRAP =
  'responders read the raw EventBridge event: { "version": "0", "id", "detail-type", "source", "account", "region", "time", "resources": [], "detail": ... }';

/**
 * Why a file without `source` is not an event, when it is a bare finding: which envelope it needs
 * and where the finding goes in it. Undefined when the file looks like nothing known.
 */
export function envelopeHint(value: unknown): string | undefined {
  const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
  const finding = first(field(value, 'Findings') ?? field(value, 'findings') ?? value);
  if (text(field(finding, 'schemaVersion')) && field(finding, 'resource') !== undefined) {
    return `this is a bare GuardDuty finding; ${WRAP} with ${ENVELOPES.guardduty} and the finding as "detail"`;
  }
  if (text(field(finding, 'SchemaVersion')) && text(field(finding, 'AwsAccountId'))) {
    return `this is a bare Security Hub (ASFF) finding; ${WRAP} with ${ENVELOPES.securityhub} and "detail": { "actionName": "<custom action, e.g. IsolateEC2>", "findings": [<the finding>] }`;
  }
  if (
    text(field(finding, 'Type')) &&
    text(field(finding, 'AccountId')) &&
    field(finding, 'Resource')
  ) {
    return `this is GuardDuty's GetFindings output (PascalCase), not an event; events carry the camelCase finding: ${WRAP} with ${ENVELOPES.guardduty} and the camelCase finding as "detail" (e.g. from the rule's CloudWatch log or an EventBridge archive)`;
  }
  if (field(finding, 'class_uid') !== undefined && field(finding, 'finding_info') !== undefined) {
    return `this is a bare Security Hub (OCSF) finding; ${WRAP} with ${ENVELOPES.ocsf} and "detail": { "findings": [<the finding>] }`;
  }
  if (text(field(value, 'configRuleName')) && field(value, 'newEvaluationResult') !== undefined) {
    return `this is the "detail" of a Config event; ${WRAP} with ${ENVELOPES.config} and this object as "detail"`;
  }
  return undefined;
}

/** Checks a `--responder` name. */
export function isResponderName(name: string): name is ResponderName {
  return (RESPONDER_NAMES as readonly string[]).includes(name);
}
