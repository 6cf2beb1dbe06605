/**
 * Embedded defaults: the one place where the product's named facts are written down. The
 * configuration schema and the Lambda environment both read them from here. Plain data only.
 */
import type { ConfigResponse, ConfigRuleDefault } from '../registry/config-response';

/** Tag key that marks an approved exception. @default 'SecurityException' */
export const DEFAULT_EXCEPTION_TAG_KEY = 'SecurityException';

/** Name of the role the StackSet creates in every member account. */
export const DEFAULT_MEMBER_ROLE_NAME = 'Security-IR-Role';

/** Name of the role SSM Automation runbooks run as in member accounts. */
export const DEFAULT_AUTOMATION_ROLE_NAME = 'Security-IR-Automation-Role';

/** Managed policy attached to a blocked principal. */
export const DEFAULT_DENY_POLICY_ARN = 'arn:aws:iam::aws:policy/AWSDenyAll';

/** Name of the inline policy that revokes sessions issued before the response. */
export const REVOKE_SESSIONS_POLICY_NAME = 'AWSRevokeOlderSessions';

/** Prefix of every resource name the product creates. @default 'security-ir' */
export const DEFAULT_PREFIX = 'security-ir';

/**
 * How the product's record on a finding begins (a Security Hub note or comment): the parser
 * recognises the update that writing it causes by this prefix.
 */
export const RECORD_PREFIX = `[${DEFAULT_PREFIX}]`;

/** Replacement ranges for ingress open to the world, per address family. */
export const DEFAULT_ALLOWED_CIDRS = { v4: ['10.0.0.0/8'], v6: [] } as const satisfies Readonly<
  Record<'v4' | 'v6', readonly string[]>
>;

/** Response mode of an account without its own or an OU entry: observe until contain is switched on. @default 'dry-run' */
export const DEFAULT_RESPONSE_MODE = 'dry-run';

/** How long a plan of `approve` mode can be approved, in minutes. @default 60 */
export const DEFAULT_APPROVAL_EXPIRY_MINUTES = 60;

/**
 * Outcome statuses a ticket can be opened for (`tickets.on`): what a person must pick up. A
 * containment is reported, not ticketed; a dry-run or an ignored finding asks nothing of anyone.
 */
export const TICKET_STATUSES = ['escalated', 'failed', 'awaiting-approval'] as const;

/** What `tickets.on` defaults to. */
export const DEFAULT_TICKET_ON = [
  'escalated',
  'failed',
] as const satisfies readonly (typeof TICKET_STATUSES)[number][];

/** Snapshot volumes and set termination protection before isolation. @default true */
export const DEFAULT_PRESERVE_EVIDENCE = true;

/** Prefix of every tag and group name the responders write (never the exception tag). */
export const RESPONSE_TAG_PREFIX = 'security-ir:';

export {
  type ConfigResponse,
  type ConfigRuleDefault,
  configResponderOf,
  DEFAULT_CONFIG_RULES,
} from '../registry/config-response';
export {
  DEFAULT_ISOLATION_FINDING_TYPES,
  DEFAULT_PRINCIPAL_FINDING_TYPES,
} from '../registry/finding-types';
export { RUNBOOKS, type RunbookDefinition, type RunbookName } from '../registry/runbooks';

/** The answer to each default Config rule, keyed by base rule name (what the Lambda reads). */
export function configRuleResponses(
  rules: readonly Pick<ConfigRuleDefault, 'name' | 'response'>[],
): Record<string, ConfigResponse> {
  return Object.fromEntries(rules.map((r) => [r.name, r.response]));
}

/**
 * The file, at the root of the responders' bundle (`$LAMBDA_TASK_ROOT`), that carries the
 * response modes and the Config rule map: written at synth from the validated configuration,
 * read once per container. It grows with the organization, so it is not in the environment
 * (Lambda caps the environment at 4 KB).
 */
export const RESPONSE_CONFIG_FILE = 'response-config.json';
