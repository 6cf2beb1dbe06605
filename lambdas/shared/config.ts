/**
 * The responders' environment, read and checked once. The master stack sets every variable from the
 * one project configuration; the defaults here are the embedded ones for local runs.
 */

import {
  DEFAULT_AUTOMATION_ROLE_NAME,
  DEFAULT_DENY_POLICY_ARN,
  DEFAULT_EXCEPTION_TAG_KEY,
  DEFAULT_MEMBER_ROLE_NAME,
  RUNBOOKS,
  type RunbookName,
} from './defaults';
import { ConfigurationError, formatPath } from './errors';
import { DEFAULT_BLAST_RADIUS } from './ledger-schema';
import { RESPONSE_MODES } from './outcome';
import * as z from './zod';

// zod/mini ships without messages; the English ones are what ConfigurationError quotes.

const bool = (fallback: boolean) =>
  z.pipe(
    z.optional(z.enum(['true', 'false'], { message: 'must be "true" or "false"' })),
    z.transform((v: 'true' | 'false' | undefined) => (v === undefined ? fallback : v === 'true')),
  );

const cidrList = (entry: z.ZodMiniType<string, string>) =>
  z.pipe(
    z.pipe(
      z.optional(z.string()),
      z.transform((v: string | undefined) =>
        (v ?? '')
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

const positiveInt = (fallback: number) =>
  z.pipe(
    z.optional(z.string().check(z.regex(/^[1-9]\d{0,5}$/, 'must be a whole number from 1'))),
    z.transform((v: string | undefined) => (v === undefined ? fallback : Number(v))),
  );

const tagKey = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(128),
    z.regex(/^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/iu, 'is not a valid tag key'),
  );

const iamName = z.string().check(z.regex(/^[\w+=,.@-]{1,64}$/, 'is not a valid IAM role name'));

/** Response mode per account and per OU, with a default for the rest. */
export const ResponseModesSchema = z.object({
  default: z.enum(RESPONSE_MODES),
  accounts: z.record(
    z.string().check(z.regex(/^\d{12}$/, 'must be a 12-digit account id')),
    z.enum(RESPONSE_MODES),
  ),
  organizationalUnits: z.record(
    z
      .string()
      .check(
        z.regex(
          /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/,
          'must be an OU or root id',
        ),
      ),
    z.enum(RESPONSE_MODES),
  ),
});

/** The answer to a non-compliant Config rule, keyed by base rule name. */
export const ConfigRulesSchema = z.record(
  z.string().check(z.minLength(1), z.maxLength(128)),
  z.discriminatedUnion('responder', [
    z.object({ responder: z.literal('confine-security-group') }),
    z.object({
      responder: z.literal('start-ssm-automation'),
      runbook: z.enum(Object.keys(RUNBOOKS) as [RunbookName, ...RunbookName[]]),
    }),
    z.object({ responder: z.literal('notify') }),
  ]),
);

const EnvSchema = z.object({
  SECURITY_TAG_KEY: z._default(tagKey, DEFAULT_EXCEPTION_TAG_KEY),
  MEMBER_ROLE_NAME: z._default(iamName, DEFAULT_MEMBER_ROLE_NAME),
  AUTOMATION_ROLE_NAME: z._default(iamName, DEFAULT_AUTOMATION_ROLE_NAME),
  ALERTS_TOPIC_ARN: z.optional(
    z
      .string()
      .check(
        z.regex(/^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, 'is not an SNS topic ARN'),
      ),
  ),
  DRY_RUN: bool(false),
  ALLOWED_CIDR_V4: cidrList(z.cidrv4({ message: 'each entry must be an IPv4 CIDR' })),
  ALLOWED_CIDR_V6: cidrList(z.cidrv6({ message: 'each entry must be an IPv6 CIDR' })),
  RESPONSE_MODES: jsonOf(ResponseModesSchema, {
    default: 'contain',
    accounts: {},
    organizationalUnits: {},
  }),
  CONFIG_RULES: jsonOf(ConfigRulesSchema, {}),
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
  PRESERVE_EVIDENCE: bool(true),
  /** The response ledger (DynamoDB); unset: no ledger, no blast-radius limit (local runs). */
  LEDGER_TABLE_NAME: z.optional(
    z.string().check(z.regex(/^[\w.-]{3,255}$/, 'is not a DynamoDB table name')),
  ),
  BLAST_RADIUS_PER_ACCOUNT: positiveInt(DEFAULT_BLAST_RADIUS.perAccountPerHour),
  BLAST_RADIUS_PER_ORGANIZATION: positiveInt(DEFAULT_BLAST_RADIUS.perOrganizationPerHour),
  RESOURCE_PREFIX: z._default(
    z
      .string()
      .check(z.regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be lower-case letters, digits and dashes')),
    'security-ir',
  ),
});

/** The checked environment of a responder. */
export type ResponderEnv = z.output<typeof EnvSchema>;

let cached: ResponderEnv | undefined;

/** Reads and checks the environment once per container. Throws {@link ConfigurationError}. */
export function responderEnv(env: NodeJS.ProcessEnv = process.env): ResponderEnv {
  if (cached && env === process.env) return cached;
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const [variable, ...inner] = issue?.path ?? [];
    // A record key's own message (e.g. 'must be a 12-digit account id') sits one level down.
    const message =
      (issue?.code === 'invalid_key' ? issue.issues[0]?.message : undefined) ?? issue?.message;
    // Where in a JSON or list value the issue is, e.g. `accounts.2222` or `[1]`.
    const at = formatPath(inner);
    const where = inner.length > 0 && at !== '(event)' ? `${at}: ` : '';
    throw new ConfigurationError(String(variable ?? '?'), `${where}${message ?? 'invalid'}`);
  }
  if (env === process.env) cached = result.data;
  return result.data;
}

/** Forgets the cached environment (tests change `process.env` between cases). */
export function resetResponderEnv(): void {
  cached = undefined;
}
