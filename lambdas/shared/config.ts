/**
 * The responders' settings, read and checked once per container. Scalars come from the
 * environment (constant size, set by the master stack); the response modes and the Config rule map,
 * which grow with the organization, come from `response-config.json` at the root of the bundle
 * (written at synth). Anything absent takes the embedded default of `defaults.ts`, the same one the
 * project configuration uses. `RESPONSE_MODES` / `CONFIG_RULES` / `FINDING_TYPES` variables, when set, override the
 * file: local runs (the operator's `respond`, tests); the stack never sets them.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ConfigResponse, NOTIFY_RESPONSE } from '../registry/config-response';
import {
  CONFIG_RESPONDERS,
  declarationOf,
  defaultFindingTypes,
  GUARDDUTY_RESPONDERS,
  type GuardDutyResponderName,
} from '../registry/responders';
import {
  configRuleResponses,
  DEFAULT_ALLOWED_CIDRS,
  DEFAULT_APPROVAL_EXPIRY_MINUTES,
  DEFAULT_AUTOMATION_ROLE_NAME,
  DEFAULT_CONFIG_RULES,
  DEFAULT_DENY_POLICY_ARN,
  DEFAULT_EXCEPTION_TAG_KEY,
  DEFAULT_MEMBER_ROLE_NAME,
  DEFAULT_PREFIX,
  DEFAULT_PRESERVE_EVIDENCE,
  DEFAULT_RESPONSE_MODE,
  RESPONSE_CONFIG_FILE,
  RUNBOOKS,
  type RunbookName,
  TICKET_STATUSES,
} from './defaults';
import { ConfigurationError, formatPath } from './errors';
import { DEFAULT_BLAST_RADIUS } from './ledger-schema';
import { RESPONSE_MODES } from './outcome';
import { ACCOUNT_ID, CONNECTOR_ID, IAM_NAME, OU_OR_ROOT_ID, TAG_KEY } from './patterns';
import * as z from './zod';

// zod/mini ships without messages; the English ones are what ConfigurationError quotes.

const bool = (fallback: boolean) =>
  z.pipe(
    z.optional(z.enum(['true', 'false'], { message: 'must be "true" or "false"' })),
    z.transform((v: 'true' | 'false' | undefined) => (v === undefined ? fallback : v === 'true')),
  );

const cidrList = (entry: z.ZodMiniType<string, string>, fallback: readonly string[]) =>
  z.pipe(
    z.pipe(
      z.optional(z.string()),
      z.transform((v: string | undefined) =>
        (v ?? fallback.join(','))
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      ),
    ),
    z.array(entry),
  );

const jsonOf = <T extends z.ZodMiniType>(schema: T, fallback: z.input<T>) =>
  z.pipe(
    z.pipe(
      z.optional(z.string()),
      z.transform((v: string | undefined, ctx) => {
        if (v === undefined || v === '') return fallback;
        try {
          return JSON.parse(v) as unknown;
        } catch {
          ctx.issues.push({ code: 'custom', message: 'is not valid JSON', input: v });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );

const optionalJsonOf = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.pipe(
      z.optional(z.string()),
      z.transform((v: string | undefined, ctx) => {
        if (v === undefined || v === '') return undefined;
        try {
          return JSON.parse(v) as unknown;
        } catch {
          ctx.issues.push({ code: 'custom', message: 'is not valid JSON', input: v });
          return z.NEVER;
        }
      }),
    ),
    z.optional(schema),
  );

const positiveInt = (fallback: number) =>
  z.pipe(
    z.optional(z.string().check(z.regex(/^[1-9]\d{0,5}$/, 'must be a whole number from 1'))),
    z.transform((v: string | undefined) => (v === undefined ? fallback : Number(v))),
  );

const tagKey = () =>
  z.string().check(z.minLength(1), z.maxLength(128), z.regex(TAG_KEY, 'is not a valid tag key'));

const iamName = () => z.string().check(z.regex(IAM_NAME, 'is not a valid IAM role name'));

/** The embedded response modes: the default mode everywhere. */
const DEFAULT_RESPONSE_MODES = {
  default: DEFAULT_RESPONSE_MODE,
  accounts: {},
  organizationalUnits: {},
} as const;

/** Response mode per account and per OU, with a default for the rest. */
export const ResponseModesSchema = z.lazySchema(() =>
  z.object({
    default: z.enum(RESPONSE_MODES),
    accounts: z.record(
      z.string().check(z.regex(ACCOUNT_ID, 'must be a 12-digit account id')),
      z.enum(RESPONSE_MODES),
    ),
    organizationalUnits: z.record(
      z.string().check(z.regex(OU_OR_ROOT_ID, 'must be an OU or root id')),
      z.enum(RESPONSE_MODES),
    ),
  }),
);

/** The answer to a non-compliant Config rule, keyed by base rule name. */
export const ConfigRulesSchema = z.lazySchema(() => {
  const notifyResponse = z.object({ responder: z.literal(NOTIFY_RESPONSE) });
  // One option per Config responder of the registry (with its runbook), and notify.
  const configResponses = [
    ...CONFIG_RESPONDERS.map((name) =>
      declarationOf(name).config?.takesRunbook
        ? z.object({
            responder: z.literal(name),
            runbook: z.enum(Object.keys(RUNBOOKS) as [RunbookName, ...RunbookName[]]),
          })
        : z.object({ responder: z.literal(name) }),
    ),
    notifyResponse,
  ];
  return z.record(
    z.string().check(z.minLength(1), z.maxLength(128)),
    z.discriminatedUnion(
      'responder',
      // Never empty: notify is always an option.
      configResponses as [typeof notifyResponse, ...typeof configResponses],
    ) as unknown as z.ZodMiniType<ConfigResponse>,
  );
});

/**
 * The GuardDuty finding types each containing responder answers: escalate-finding escalates
 * every other finding, so it must know them (lambdas/shared/guardduty-routes.ts).
 */
export const FindingTypesSchema = z.lazySchema(() =>
  z.record(
    z.enum(GUARDDUTY_RESPONDERS as [GuardDutyResponderName, ...GuardDutyResponderName[]]),
    z.array(z.string().check(z.minLength(1), z.maxLength(128))),
  ),
);

/**
 * Tickets through a Security Hub connector: which connector (its region is the home region, where
 * the delegated administrator configured it) and for which outcome statuses.
 */
export const TicketsSchema = z.lazySchema(() =>
  z.object({
    connectorId: z
      .string()
      .check(z.regex(CONNECTOR_ID, 'is not a Security Hub connector id (UUID)')),
    region: z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'is not an AWS region')),
    on: z.array(z.enum(TICKET_STATUSES)).check(z.minLength(1)),
  }),
);

/** The checked ticket settings of a responder. */
export type TicketSettings = z.output<ReturnType<typeof TicketsSchema>>;

const EnvSchema = z.lazySchema(() =>
  z.object({
    SECURITY_TAG_KEY: z._default(tagKey(), DEFAULT_EXCEPTION_TAG_KEY),
    MEMBER_ROLE_NAME: z._default(iamName(), DEFAULT_MEMBER_ROLE_NAME),
    AUTOMATION_ROLE_NAME: z._default(iamName(), DEFAULT_AUTOMATION_ROLE_NAME),
    ALERTS_TOPIC_ARN: z.optional(
      z
        .string()
        .check(
          z.regex(/^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, 'is not an SNS topic ARN'),
        ),
    ),
    DRY_RUN: bool(false),
    ALLOWED_CIDR_V4: cidrList(
      z.cidrv4({ message: 'each entry must be an IPv4 CIDR' }),
      DEFAULT_ALLOWED_CIDRS.v4,
    ),
    ALLOWED_CIDR_V6: cidrList(
      z.cidrv6({ message: 'each entry must be an IPv6 CIDR' }),
      DEFAULT_ALLOWED_CIDRS.v6,
    ),
    RESPONSE_MODES: jsonOf(ResponseModesSchema(), DEFAULT_RESPONSE_MODES),
    CONFIG_RULES: jsonOf(ConfigRulesSchema(), configRuleResponses(DEFAULT_CONFIG_RULES)),
    FINDING_TYPES: jsonOf(FindingTypesSchema(), defaultFindingTypes()),
    DENY_POLICY_ARN: z._default(
      z
        .string()
        .check(
          z.regex(
            /^arn:aws[\w-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/,
            'is not an IAM policy ARN',
          ),
        ),
      DEFAULT_DENY_POLICY_ARN,
    ),
    DENY_POLICY_ON_ROLES: bool(false),
    PRESERVE_EVIDENCE: bool(DEFAULT_PRESERVE_EVIDENCE),
    /**
     * The new Security Hub (OCSF) is read: outcomes of GuardDuty findings that arrive natively are
     * recorded on their OCSF copy too.
     */
    OCSF_FINDINGS: bool(true),
    /** The response ledger (DynamoDB); unset: no ledger, no blast-radius limit (local runs). */
    LEDGER_TABLE_NAME: z.optional(
      z.string().check(z.regex(/^[\w.-]{3,255}$/, 'is not a DynamoDB table name')),
    ),
    BLAST_RADIUS_PER_ACCOUNT: positiveInt(DEFAULT_BLAST_RADIUS.perAccountPerHour),
    BLAST_RADIUS_PER_ORGANIZATION: positiveInt(DEFAULT_BLAST_RADIUS.perOrganizationPerHour),
    /** How long a plan of `approve` mode can be approved. */
    /** Tickets for outcomes a person must pick up (JSON of {@link TicketsSchema}); unset: none. */
    TICKETS: optionalJsonOf(TicketsSchema()),
    APPROVAL_EXPIRY_MINUTES: positiveInt(DEFAULT_APPROVAL_EXPIRY_MINUTES),
    /** The approval queue (`approval.endpoint`): chat notifications name it in their actions. */
    APPROVAL_QUEUE_URL: z.optional(
      z
        .string()
        .check(
          z.regex(
            /^https:\/\/sqs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/\d{12}\/[\w-]{1,80}$/,
            'is not an SQS queue URL',
          ),
        ),
    ),
    /**
     * Set only by `security-ir approve` for its local run (the approver's ARN): an account in
     * `approve` mode is answered as `contain`, and the ledger records who approved.
     */
    APPROVED_BY: z.optional(
      z
        .string()
        .check(
          z.regex(
            /^arn:aws[\w-]*:(iam|sts)::\d{12}:[\w+=,.@/-]{1,512}$/,
            'is not an IAM principal ARN',
          ),
        ),
    ),
    RESOURCE_PREFIX: z._default(
      z
        .string()
        .check(z.regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be lower-case letters, digits and dashes')),
      DEFAULT_PREFIX,
    ),
  }),
);

/**
 * `response-config.json`: what the bundle carries instead of the `RESPONSE_MODES` and
 * `CONFIG_RULES` variables. Each key is optional; an absent key takes the embedded default.
 */
export const ResponseConfigSchema = z.lazySchema(() =>
  z.object({
    responseModes: z.optional(ResponseModesSchema()),
    configRules: z.optional(ConfigRulesSchema()),
    findingTypes: z.optional(FindingTypesSchema()),
  }),
);

/** The contents of `response-config.json`. */
export type ResponseConfig = z.output<ReturnType<typeof ResponseConfigSchema>>;

/** The checked environment of a responder. */
export type ResponderEnv = z.output<ReturnType<typeof EnvSchema>>;

let cached: ResponderEnv | undefined;

/** The first issue of a failed parse as a {@link ConfigurationError} on `source`. */
function configurationError(
  source: string,
  issue: z.core.$ZodIssue | undefined,
  inner: readonly PropertyKey[],
  prefix = '',
): ConfigurationError {
  // A record key's own message (e.g. 'must be a 12-digit account id') sits one level down.
  const message =
    (issue?.code === 'invalid_key' ? issue.issues[0]?.message : undefined) ?? issue?.message;
  // Where in a JSON or list value the issue is, e.g. `accounts.2222` or `[1]`.
  const at = formatPath(inner);
  const where = inner.length > 0 && at !== '(event)' ? `${at}: ` : '';
  return new ConfigurationError(source, `${prefix}${where}${message ?? 'invalid'}`);
}

/**
 * The bundled `response-config.json` as `RESPONSE_MODES` / `CONFIG_RULES` values, or nothing when
 * the file is absent (local runs). Throws {@link ConfigurationError} when it is unreadable or invalid:
 * a responder that cannot tell the modes does not act.
 */
function bundledResponseConfig(env: NodeJS.ProcessEnv): Record<string, string> {
  const root = env.LAMBDA_TASK_ROOT;
  if (!root) return {};
  const file = join(root, RESPONSE_CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigurationError('LAMBDA_TASK_ROOT', `${file} cannot be read (${String(cause)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigurationError('LAMBDA_TASK_ROOT', `${file} is not valid JSON`);
  }
  const result = ResponseConfigSchema().safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw configurationError('LAMBDA_TASK_ROOT', issue, issue?.path ?? [], `${file}: `);
  }
  const out: Record<string, string> = {};
  if (result.data.responseModes) out.RESPONSE_MODES = JSON.stringify(result.data.responseModes);
  if (result.data.configRules) out.CONFIG_RULES = JSON.stringify(result.data.configRules);
  if (result.data.findingTypes) out.FINDING_TYPES = JSON.stringify(result.data.findingTypes);
  return out;
}

/** `env` with the bundled file filling the JSON variables it leaves unset or empty. */
function withBundledConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const bundled = bundledResponseConfig(env);
  const merged: NodeJS.ProcessEnv = { ...env };
  for (const [key, value] of Object.entries(bundled)) {
    if (!merged[key]) merged[key] = value;
  }
  return merged;
}

/**
 * Reads and checks the environment (and the bundled response configuration) once per container.
 * Throws {@link ConfigurationError}.
 */
export function responderEnv(env: NodeJS.ProcessEnv = process.env): ResponderEnv {
  if (cached && env === process.env) return cached;
  const result = EnvSchema().safeParse(withBundledConfig(env));
  if (!result.success) {
    const issue = result.error.issues[0];
    const [variable, ...inner] = issue?.path ?? [];
    throw configurationError(String(variable ?? '?'), issue, inner);
  }
  if (env === process.env) cached = result.data;
  return result.data;
}

/** Forgets the cached environment (tests change `process.env` between cases). */
export function resetResponderEnv(): void {
  cached = undefined;
}
