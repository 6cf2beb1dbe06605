/**
 * What each configuration key means, by dotted path: the one text behind the JSON Schema's
 * `description`s and the configuration reference of docs/configuration.md. A test fails when a key
 * of the schema has no description here, or a description names no key.
 */
import {
  CONFIG_RESPONDERS,
  GUARDDUTY_RESPONDERS,
  RUNBOOK_RESPONDERS,
} from '../../lambdas/registry/responders';

export const CONFIG_DESCRIPTIONS: Record<string, string> = {
  prefix: 'prefix of every resource name the product creates',
  exceptionTagKey:
    'the exception tag key (code check, IAM deny, SCP, operator tool); any letter case matches',
  memberRoleName: 'role pushed into every member account, assumed by the responders',
  automationRoleName: 'role the SSM runbooks run as in member accounts',
  homeRegion: 'region of the responders, the alerts topic and the global member template',
  regions: 'enrolled regions (must include the home region)',
  securityAccountId:
    'the security account; read from the credentials at plan time when unset; when set, the `master` stack refuses other credentials (`allowed_account_ids`)',
  managementAccountId:
    'the management account; when set, the `service` and `tag-guard` stacks refuse other credentials (`allowed_account_ids`; `tag-guard` not with `delegatedPolicyAdmin`)',
  'organization.id': 'organization id (o-…); read from Organizations at plan time when unset',
  'organization.rootId': 'root id (r-…); read from Organizations at plan time when unset',
  'organization.targetOuIds':
    'OUs the StackSets target (at most 50); empty means the whole organization',
  'organization.accountCount':
    'about how many accounts the stack sets enroll: sizes the stack-set operation timeouts (accounts × regions), nothing else',
  callAs:
    '`DELEGATED_ADMIN` from a delegated StackSet administrator, `SELF` from the management account',
  ...Object.fromEntries(
    GUARDDUTY_RESPONDERS.map((n) => [
      `findingTypes.${n}`,
      `GuardDuty finding types ${n} answers: \`{ "add": [...], "remove": [...] }\` edits the defaults, \`{ "replace": [...] }\` (or a plain array, announced at synth) replaces them`,
    ]),
  ),
  'allowedCidrs.v4': 'IPv4 ranges that replace ingress open to 0.0.0.0/0',
  'allowedCidrs.v6': 'IPv6 ranges that replace ingress open to ::/0',
  configRules: `Config rules answered, each \`{ "name": base rule name, "sourceIdentifier": managed rule id, "response": { "responder": ${[...CONFIG_RESPONDERS.map((n) => `"${n}"${RUNBOOK_RESPONDERS.some((r) => r === n) ? ' (+ "runbook")' : ''}`), '"notify"'].join(' | ')} }, "regions"?: where \`deployConfigRules\` creates it (default: every enrolled region) }\`: \`{ "add": [rules], "remove": [names] }\` edits the defaults, \`{ "replace": [rules] }\` (or a plain array, announced at synth) replaces them`,
  deployConfigRules: 'also deploy the configured rules as managed Config rules in every account',
  'securityHub.ocsfFindings':
    'answer the new Security Hub’s OCSF findings (`Findings Imported V2`) of GuardDuty and of CSPM controls, in the home region, and record outcomes on them',
  'responseModes.default':
    'mode of every account not named below: `dry-run` (observe: read and report, change nothing), `approve` (plan, and contain once a person runs `security-ir approve`), `contain` or `off`',
  'responseModes.accounts':
    'mode per account id, e.g. `{ "222222222222": "contain" }`; wins over its OU',
  'responseModes.organizationalUnits':
    'mode per OU or root id, e.g. `{ "ou-ab12-cdef3456": "contain" }`; the nearest OU of an account wins',
  'approval.expiresAfterMinutes':
    '`approve` mode: minutes a plan can be approved (5-10080); after that `security-ir approve` ends it `expired` and changes nothing',
  'approval.endpoint.enabled':
    'deploy the approval queue: a chat action (Amazon Q Developer in chat applications) or any AWS CLI approves or denies a plan by sending `approve:<responder>:<finding-id>` to an SQS queue; docs/approval.md#approve-from-chat',
  'approval.endpoint.approverArns':
    'exact IAM role or user ARNs of the security account (at most 50) that may approve and deny through the queue; the queue policy denies everyone else, and the recorded approver is the sender SQS reports',
  'tickets.connectorId':
    'tickets, one per finding, through this connector of the new Security Hub (Jira Cloud or ServiceNow) in the home region: its id (a UUID, `aws securityhub list-connectors-v2`); without `tickets`, no tickets (docs/approval.md#tickets)',
  'tickets.on':
    'outcome statuses that open a ticket: `escalated`, `failed`, `awaiting-approval` (default `["escalated", "failed"]`)',
  dryRun: 'force dry-run everywhere, whatever `responseModes` says',
  denyPolicyArn: 'managed policy attached to a blocked principal',
  denyPolicyOnRoles:
    'also attach the deny policy to compromised roles (not only revoke their sessions)',
  preserveEvidence: 'snapshot volumes and set termination protection before isolation',
  'blastRadius.perAccountPerHour':
    'containments per account per clock hour (UTC) before automation pauses for that account (plans instead of acting, one high-priority alert)',
  'blastRadius.perOrganizationPerHour':
    'containments in the whole organization per clock hour (UTC) before automation pauses everywhere',
  'alerts.emails': 'e-mail subscriptions of the alerts topic (each must be confirmed)',
  logRetentionDays: 'log retention of the responders, in days (a CloudWatch Logs period)',
  'lambda.timeoutSeconds': 'responder timeout (10-900 s)',
  'lambda.memoryMb': 'responder memory (128-10240 MB)',
  operatorPrincipalArns:
    'principals of the security account the member role also trusts, for `security-ir doctor`, `audit` and `respond` (ARN patterns); empty by default: name yourself before the first `doctor` (README Roll out)',
  'tagGuard.enabled':
    'deploy the SCP that protects the exception tag, in its own `tag-guard` stack (management account or delegated policy admin)',
  'tagGuard.delegatedPolicyAdmin':
    'the `tag-guard` stack is deployed from a delegated policy administrator (skips the management-account check at plan)',
  'tagGuard.adminPrincipalArns': 'principals allowed to add, change or remove the exception tag',
  'tagGuard.targetIds': 'OUs / root the SCP is attached to; empty means the root',
  backend:
    'Terraform state: `{ "type": "local", "directory": "state" }` or `{ "type": "cloud", "organization", "hostname", "workspacePrefix" }`',
};
