/**
 * The project's one configuration: its schema with embedded defaults. Every fact that reaches the
 * Lambda environment, event patterns, IAM conditions or StackSet templates is read from here.
 */
import { z } from 'zod';
import { type ConfigResponse, NOTIFY_RESPONSE } from '../../lambdas/registry/config-response';
import {
  CONFIG_RESPONDERS,
  declarationOf,
  defaultFindingTypes,
  GUARDDUTY_RESPONDERS,
  type GuardDutyResponderName,
} from '../../lambdas/registry/responders';
import {
  DEFAULT_APPROVAL_EXPIRY_MINUTES,
  DEFAULT_AUTOMATION_ROLE_NAME,
  DEFAULT_CONFIG_RULES,
  DEFAULT_DENY_POLICY_ARN,
  DEFAULT_EXCEPTION_TAG_KEY,
  DEFAULT_MEMBER_ROLE_NAME,
  DEFAULT_PREFIX,
  DEFAULT_RESPONSE_MODE,
  DEFAULT_TICKET_ON,
  RUNBOOKS,
  type RunbookName,
  TICKET_STATUSES,
} from '../../lambdas/shared/defaults';
import { DEFAULT_BLAST_RADIUS } from '../../lambdas/shared/ledger-schema';
import { RESPONSE_MODES } from '../../lambdas/shared/outcome';
import {
  ACCOUNT_ID,
  CONNECTOR_ID,
  IAM_NAME,
  IAM_ROLE_OR_USER_ARN,
  OU_OR_ROOT_ID,
  TAG_KEY,
} from '../../lambdas/shared/patterns';
import { editableList } from './list-edit';
import { AWS_REGIONS } from './regions';
import { nearest } from './suggest';

const show = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return JSON.stringify(s && s.length > 64 ? `${s.slice(0, 64)}…` : s);
};

const region = z.string().refine((v) => (AWS_REGIONS as readonly string[]).includes(v), {
  error: (iss) => {
    const guess = nearest(String(iss.input), AWS_REGIONS);
    const hint = guess ? `did you mean ${show(guess)}?` : `regions: ${AWS_REGIONS.join(', ')}`;
    return `${show(iss.input)} is not an AWS region; ${hint}`;
  },
});

const pattern = (re: RegExp, what: string) =>
  z.string().refine((v) => re.test(v), { error: (iss) => `${show(iss.input)} is not ${what}` });

const accountId = pattern(ACCOUNT_ID, 'a 12-digit AWS account id');
const ouOrRootId = pattern(OU_OR_ROOT_ID, 'an organizational unit id (ou-…) or root id (r-…)');
const iamName = pattern(IAM_NAME, 'a valid IAM role name');
const tagKey = pattern(TAG_KEY, 'a valid tag key (1-128 characters, not starting with aws:)');
const cidrV4 = pattern(
  /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$/,
  'an IPv4 CIDR',
);
const cidrV6 = pattern(/^[0-9a-fA-F:]+:[0-9a-fA-F:]*\/(12[0-8]|1[01]\d|\d?\d)$/, 'an IPv6 CIDR');
const findingType = pattern(
  /^[A-Za-z]+:[A-Za-z0-9]+\/[\w.!&-]+$/,
  'a GuardDuty finding type (ThreatPurpose:Resource/Name)',
);
const modes = z.enum(RESPONSE_MODES);

/**
 * Most approvers listed: each is looked up (iam:GetRole / GetUser) by the approval function, and
 * the list sits in its environment and the queue policy, both checked at synth (limits.ts).
 */
const MAX_APPROVERS = 50;

const runbook = z.enum(Object.keys(RUNBOOKS) as [RunbookName, ...RunbookName[]]);

/** One option per Config responder of the registry (with `runbook` where it takes one), and notify. */
const notifyResponse = z.strictObject({ responder: z.literal(NOTIFY_RESPONSE) });
const configResponses = [
  ...CONFIG_RESPONDERS.map((name) =>
    declarationOf(name).config?.takesRunbook
      ? z.strictObject({ responder: z.literal(name), runbook })
      : z.strictObject({ responder: z.literal(name) }),
  ),
  notifyResponse,
];
const ConfigResponseSchema = z.discriminatedUnion(
  'responder',
  // Never empty: notify is always an option.
  configResponses as [typeof notifyResponse, ...typeof configResponses],
) as unknown as z.ZodType<ConfigResponse>;

/** `findingTypes`: one editable list per GuardDuty responder of the registry. */
const findingTypesSchema = () => {
  const defaults = defaultFindingTypes();
  const shape = Object.fromEntries(
    GUARDDUTY_RESPONDERS.map((n) => [
      n,
      editableList(findingType, defaults[n], (t) => t, findingType),
    ]),
  ) as Record<
    GuardDutyResponderName,
    ReturnType<typeof editableList<typeof findingType, typeof findingType>>
  >;
  return z.strictObject(shape).default(defaults);
};

const configRuleName = pattern(/^[A-Za-z0-9-]{1,64}$/, 'a Config rule name');

const ConfigRuleSchema = z.strictObject({
  name: configRuleName,
  sourceIdentifier: pattern(/^[A-Z0-9_]{1,128}$/, 'a managed Config rule identifier'),
  response: ConfigResponseSchema,
  /**
   * Regions where `deployConfigRules` creates this managed rule; absent means every enrolled
   * region. AWS does not offer every managed rule in every region:
   * https://docs.aws.amazon.com/config/latest/developerguide/managing-rules-by-region-availability.html
   */
  regions: z.array(region).min(1).optional(),
});

const BackendSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('local'),
    /** Folder of the state files, relative to the project. @default 'state' */
    directory: z.string().min(1).default('state'),
  }),
  z.strictObject({
    type: z.literal('cloud'),
    /** HCP Terraform / Terraform Cloud organization. */
    organization: z.string().min(1),
    /** @default 'app.terraform.io' */
    hostname: z.string().min(1).default('app.terraform.io'),
    /** Workspaces are `<prefix><stack>`. @default 'security-ir-' */
    workspacePrefix: z.string().min(1).default(`${DEFAULT_PREFIX}-`),
  }),
]);

/**
 * The configuration schema; every field has an embedded default except the optional ids. The AWS
 * size limits are checked on top of it (`limited-schema.ts`), since they need the whole
 * configuration's derived templates and policies.
 */
export const ConfigSchema = z
  .strictObject({
    /** Prefix of every resource name the product creates. */
    prefix: pattern(/^[a-z][a-z0-9-]{1,20}$/, 'a lower-case name of 2-21 characters').default(
      DEFAULT_PREFIX,
    ),
    exceptionTagKey: tagKey.default(DEFAULT_EXCEPTION_TAG_KEY),
    memberRoleName: iamName.default(DEFAULT_MEMBER_ROLE_NAME),
    automationRoleName: iamName.default(DEFAULT_AUTOMATION_ROLE_NAME),
    /** Region of the responders, the alerts topic and the global member template. */
    homeRegion: region.default('us-east-1'),
    /** Every enrolled region (must include the home region). */
    regions: z.array(region).min(1).default(['us-east-1']),
    /** The security account; at plan time from the credentials when unset. Pins the `master` stack. */
    securityAccountId: accountId.optional(),
    /** The management account: pins the `service` and `tag-guard` stacks to it when set. */
    managementAccountId: accountId.optional(),
    organization: z
      .strictObject({
        /** `o-…`; at plan time from Organizations when unset. */
        id: pattern(/^o-[a-z0-9]{10,32}$/, 'an organization id (o-…)').optional(),
        /** `r-…`; at plan time from Organizations when unset. */
        rootId: pattern(/^r-[0-9a-z]{4,32}$/, 'a root id (r-…)').optional(),
        /** OUs the stack sets target; empty means the whole organization (the root). */
        targetOuIds: z
          .array(ouOrRootId)
          // CreateStackInstances accepts at most 50 OUs: target a parent OU instead.
          .max(50, { error: 'lists more than 50 OUs (the StackSets limit): target a parent OU' })
          .default([]),
        /**
         * About how many accounts the stack sets enroll: sizes the Terraform timeouts of the
         * stack-set operations (accounts × regions), nothing else.
         */
        accountCount: z.number().int().min(1).max(100_000).default(1000),
      })
      .default({ targetOuIds: [], accountCount: 1000 }),
    /** `DELEGATED_ADMIN` when the security account is a delegated StackSet administrator. */
    callAs: z.enum(['SELF', 'DELEGATED_ADMIN']).default('DELEGATED_ADMIN'),
    /** Per responder: an array replaces the defaults, `{ add, remove }` edits them (list-edit.ts). */
    findingTypes: findingTypesSchema(),
    /** Replacement ranges for ingress open to the world. */
    allowedCidrs: z
      .strictObject({
        v4: z.array(cidrV4).default(['10.0.0.0/8']),
        v6: z.array(cidrV6).default([]),
      })
      .default({ v4: ['10.0.0.0/8'], v6: [] }),
    /** Config rules answered, by base rule name: an array replaces the defaults, `{ add, remove }` edits them. */
    configRules: editableList(
      ConfigRuleSchema,
      DEFAULT_CONFIG_RULES as readonly z.output<typeof ConfigRuleSchema>[],
      (r) => r.name,
      configRuleName,
    ),
    /** Deploy the configured rules as managed Config rules in every account (regional stack set). */
    deployConfigRules: z.boolean().default(false),
    /**
     * Which Security Hub dialects the responders answer besides custom actions (ASFF, Security Hub
     * CSPM). `ocsfFindings`: the new Security Hub's OCSF findings (`Findings Imported V2`) of
     * GuardDuty and of CSPM controls, in the home region, with outcomes recorded on them.
     */
    securityHub: z
      .strictObject({ ocsfFindings: z.boolean().default(true) })
      .default({ ocsfFindings: true }),
    /**
     * A first deploy observes (`dry-run`) everywhere; switch `approve`, then `contain` on per OU or
     * account. docs/operations.md's "Roll out" section walks through it.
     */
    responseModes: z
      .strictObject({
        default: modes.default(DEFAULT_RESPONSE_MODE),
        accounts: z.record(accountId, modes).default({}),
        organizationalUnits: z.record(ouOrRootId, modes).default({}),
      })
      .default({ default: DEFAULT_RESPONSE_MODE, accounts: {}, organizationalUnits: {} }),
    /** `approve` mode: how long a plan can be approved, and the optional approval queue for chat. */
    approval: z
      .strictObject({
        expiresAfterMinutes: z
          .number()
          .int()
          .min(5)
          .max(7 * 24 * 60)
          .default(DEFAULT_APPROVAL_EXPIRY_MINUTES),
        /**
         * The approval queue: a chat action (or any AWS CLI) sends `approve:<responder>:<finding>`
         * to an SQS queue; who sent it is SQS's own `SenderId`, checked against these principals.
         */
        endpoint: z
          .strictObject({
            enabled: z.boolean().default(false),
            /** Exact IAM role or user ARNs of the security account allowed to approve and deny. */
            approverArns: z
              .array(
                pattern(
                  IAM_ROLE_OR_USER_ARN,
                  'an exact IAM role or user ARN (no wildcard: SQS names the sender by its unique id)',
                ),
              )
              .max(MAX_APPROVERS, {
                error: `lists more than ${MAX_APPROVERS} approvers: approve through a role that people assume`,
              })
              .default([]),
          })
          .default({ enabled: false, approverArns: [] }),
      })
      .default({
        expiresAfterMinutes: DEFAULT_APPROVAL_EXPIRY_MINUTES,
        endpoint: { enabled: false, approverArns: [] },
      }),
    /**
     * Tickets for what a person must pick up, through the new Security Hub's ticketing connector
     * (Jira Cloud or ServiceNow) of the home region; absent: no tickets.
     */
    tickets: z
      .strictObject({
        connectorId: pattern(
          CONNECTOR_ID,
          'a Security Hub connector id (a UUID, see ListConnectorsV2)',
        ),
        on: z
          .array(z.enum(TICKET_STATUSES))
          .min(1, { error: `must name at least one of ${TICKET_STATUSES.join(', ')}` })
          .default([...DEFAULT_TICKET_ON]),
      })
      .optional(),
    /** Forces dry-run everywhere. */
    dryRun: z.boolean().default(false),
    denyPolicyArn: pattern(
      /^arn:aws[\w-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/,
      'an IAM policy ARN',
    ).default(DEFAULT_DENY_POLICY_ARN),
    /** Also attach the deny policy to a compromised role (not only revoke its sessions). */
    denyPolicyOnRoles: z.boolean().default(false),
    /** Snapshot volumes and set termination protection before isolation. */
    preserveEvidence: z.boolean().default(true),
    /**
     * Containments allowed per clock hour (UTC), per account and for the whole organization; past
     * either, responders plan instead of acting and alert once ("automation paused").
     */
    blastRadius: z
      .strictObject({
        perAccountPerHour: z
          .number()
          .int()
          .min(1)
          .max(100000)
          .default(DEFAULT_BLAST_RADIUS.perAccountPerHour),
        perOrganizationPerHour: z
          .number()
          .int()
          .min(1)
          .max(100000)
          .default(DEFAULT_BLAST_RADIUS.perOrganizationPerHour),
      })
      .default({ ...DEFAULT_BLAST_RADIUS }),
    alerts: z
      .strictObject({
        emails: z
          .array(z.email({ error: (iss) => `${show(iss.input)} is not an e-mail address` }))
          .default([]),
      })
      .default({ emails: [] }),
    logRetentionDays: z
      .union(
        [
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
          2922, 3288, 3653,
        ].map((n) => z.literal(n)) as unknown as [z.ZodLiteral<number>, z.ZodLiteral<number>],
        { error: (iss) => `${show(iss.input)} is not a CloudWatch Logs retention period` },
      )
      .default(365),
    lambda: z
      .strictObject({
        timeoutSeconds: z.number().int().min(10).max(900).default(120),
        memoryMb: z.number().int().min(128).max(10240).default(512),
      })
      .default({ timeoutSeconds: 120, memoryMb: 512 }),
    /**
     * Principals of the security account the member role also trusts, for the operator commands
     * `respond` and `audit` (ARN patterns). They get the responders' powers in member accounts.
     */
    operatorPrincipalArns: z
      .array(
        pattern(
          /^arn:aws[\w-]*:(iam|sts)::\d{12}:[\w+=,.@/*-]+$/,
          'an IAM principal ARN pattern of one account',
        ),
      )
      .default([]),
    /** The SCP that protects the exception tag (needs the management account or a delegated policy admin). */
    tagGuard: z
      .strictObject({
        enabled: z.boolean().default(false),
        /** Principals allowed to add, change or remove the exception tag. */
        adminPrincipalArns: z
          .array(
            pattern(
              /^arn:aws[\w-]*:(iam|sts)::(\d{12}|\*):[\w+=,.@/*-]+$/,
              'an IAM principal ARN pattern',
            ),
          )
          .default([]),
        /** OUs / root the SCP is attached to; empty means the root. */
        targetIds: z.array(ouOrRootId).default([]),
        /**
         * The `tag-guard` stack is deployed from a delegated administrator of Organizations
         * policies, not the management account (turns off the plan-time management-account check).
         */
        delegatedPolicyAdmin: z.boolean().default(false),
      })
      .default({
        enabled: false,
        adminPrincipalArns: [],
        targetIds: [],
        delegatedPolicyAdmin: false,
      }),
    backend: BackendSchema.default({ type: 'local', directory: 'state' }),
  })
  .superRefine((c, ctx) => {
    // A home region that is no region is already reported once; do not report it again here.
    if (
      (AWS_REGIONS as readonly string[]).includes(c.homeRegion) &&
      !c.regions.includes(c.homeRegion)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['regions'],
        message: `must include the home region ${show(c.homeRegion)}`,
      });
    }
    const dup = c.regions.find((r, i) => c.regions.indexOf(r) !== i);
    if (dup)
      ctx.addIssue({ code: 'custom', path: ['regions'], message: `lists ${show(dup)} twice` });
    const names = c.configRules.map((r) => r.name);
    const dupRule = names.find((n, i) => names.indexOf(n) !== i);
    if (dupRule) {
      ctx.addIssue({
        code: 'custom',
        path: ['configRules'],
        message: `lists rule ${show(dupRule)} twice`,
      });
    }
    c.configRules.forEach((rule, i) => {
      const outside = (rule.regions ?? []).find((r) => !c.regions.includes(r));
      if (outside) {
        ctx.addIssue({
          code: 'custom',
          path: ['configRules', i, 'regions'],
          message: `${show(outside)} is not an enrolled region (regions)`,
        });
      }
    });
    const approvers = c.approval.endpoint.approverArns;
    if (c.approval.endpoint.enabled && approvers.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['approval', 'endpoint', 'approverArns'],
        message: 'must name at least one approver when the approval endpoint is enabled',
      });
    }
    approvers.forEach((arn, i) => {
      const account = arn.split(':')[4];
      // SQS reports a sender by its unique id, which is resolved in the security account only.
      if (c.securityAccountId && account !== c.securityAccountId) {
        ctx.addIssue({
          code: 'custom',
          path: ['approval', 'endpoint', 'approverArns', i],
          message: `${show(arn)} is not in the security account ${show(c.securityAccountId)}`,
        });
      } else if (account !== approvers[0]?.split(':')[4]) {
        ctx.addIssue({
          code: 'custom',
          path: ['approval', 'endpoint', 'approverArns', i],
          message: `${show(arn)} is in another account than the first approver (all must be in the security account)`,
        });
      }
    });
    if (c.tagGuard.enabled && c.tagGuard.adminPrincipalArns.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['tagGuard', 'adminPrincipalArns'],
        message: 'must name at least one exception admin when the tag guard is enabled',
      });
    }
    if (c.tickets) {
      const dupStatus = c.tickets.on.find((t, i) => c.tickets?.on.indexOf(t) !== i);
      if (dupStatus) {
        ctx.addIssue({
          code: 'custom',
          path: ['tickets', 'on'],
          message: `lists ${show(dupStatus)} twice`,
        });
      }
      // A GuardDuty finding that arrives natively is ticketed through its OCSF copy.
      if (!c.securityHub.ocsfFindings) {
        ctx.addIssue({
          code: 'custom',
          path: ['tickets'],
          message:
            'needs securityHub.ocsfFindings: true (a ticket is opened on the new Security Hub’s OCSF finding)',
        });
      }
    }
    const routed = new Map<string, string>();
    for (const name of GUARDDUTY_RESPONDERS) {
      for (const t of c.findingTypes[name]) {
        const other = routed.get(t);
        if (other && other !== name) {
          ctx.addIssue({
            code: 'custom',
            path: ['findingTypes'],
            message: `${show(t)} is routed to two responders (${other}, ${name})`,
          });
        }
        routed.set(t, name);
      }
    }
  });

/** The configuration as written (every field optional). */
export type ConfigInput = z.input<typeof ConfigSchema>;

/** The validated configuration with every default filled in. */
export type Config = z.output<typeof ConfigSchema>;
