/**
 * The catalogue of AWS actions each responder may perform: the one source from which the member
 * role's allow list, its exception-tag deny and the responders' own central role are derived.
 *
 * Plain data: no SDK and no cdktf import, so both the Lambda bundles and the stacks import it.
 * A test proves every SDK command a handler sends is declared here.
 */

/** Resource types the member-account actions touch, keyed `<service>:<resource type>` as in the
 * AWS Service Authorization Reference. */
export const RESOURCE_ARNS = {
  'ec2:instance': 'arn:{partition}:ec2:*:{account}:instance/*',
  'ec2:network-interface': 'arn:{partition}:ec2:*:{account}:network-interface/*',
  'ec2:security-group': 'arn:{partition}:ec2:*:{account}:security-group/*',
  'ec2:security-group-rule': 'arn:{partition}:ec2:*:{account}:security-group-rule/*',
  'ec2:vpc': 'arn:{partition}:ec2:*:{account}:vpc/*',
  'ec2:volume': 'arn:{partition}:ec2:*:{account}:volume/*',
  'ec2:snapshot': 'arn:{partition}:ec2:*::snapshot/*',
  'iam:user': 'arn:{partition}:iam::{account}:user/*',
  'iam:role': 'arn:{partition}:iam::{account}:role/*',
  's3:bucket': 'arn:{partition}:s3:::*',
  'ssm:automation-definition': 'arn:{partition}:ssm:*:*:automation-definition/*',
  'ssm:document': 'arn:{partition}:ssm:*:*:document/*',
} as const;

/** A resource type key of {@link RESOURCE_ARNS}. */
export type ResourceKind = keyof typeof RESOURCE_ARNS;

/** A mutating action and the resource types it changes (the ARNs its Allow and Deny are scoped to). */
export interface MutatingAction {
  readonly action: string;
  readonly resources: readonly ResourceKind[];
}

/** What one responder may do in a member account and in the security account. */
export interface ResponderActions {
  /** Read-only actions in the member account (through the member role). */
  readonly reads: readonly string[];
  /** Mutating actions in the member account (through the member role). */
  readonly mutates: readonly MutatingAction[];
}

/** Member-account actions per responder. */
export const CATALOGUE = {
  'isolate-ec2': {
    // DescribeInstanceAttribute: termination protection before the change, for the ledger.
    reads: ['ec2:DescribeInstances', 'ec2:DescribeSecurityGroups', 'ec2:DescribeInstanceAttribute'],
    mutates: [
      { action: 'ec2:CreateSecurityGroup', resources: ['ec2:security-group', 'ec2:vpc'] },
      { action: 'ec2:AuthorizeSecurityGroupIngress', resources: ['ec2:security-group'] },
      { action: 'ec2:AuthorizeSecurityGroupEgress', resources: ['ec2:security-group'] },
      { action: 'ec2:RevokeSecurityGroupEgress', resources: ['ec2:security-group'] },
      // Repairs a found quarantine group that carries an inbound rule.
      { action: 'ec2:RevokeSecurityGroupIngress', resources: ['ec2:security-group'] },
      {
        action: 'ec2:ModifyNetworkInterfaceAttribute',
        resources: ['ec2:network-interface', 'ec2:security-group'],
      },
      { action: 'ec2:ModifyInstanceAttribute', resources: ['ec2:instance'] },
      { action: 'ec2:CreateSnapshots', resources: ['ec2:instance', 'ec2:volume', 'ec2:snapshot'] },
      {
        action: 'ec2:CreateTags',
        resources: ['ec2:instance', 'ec2:security-group', 'ec2:snapshot'],
      },
    ],
  },
  'block-principal': {
    reads: [
      'iam:GetUser',
      'iam:GetRole',
      // The state before the block, for the ledger: policies attached and the key's status.
      'iam:ListAttachedUserPolicies',
      'iam:ListAttachedRolePolicies',
      'iam:ListUserPolicies',
      'iam:ListRolePolicies',
      'iam:ListAccessKeys',
    ],
    mutates: [
      { action: 'iam:UpdateAccessKey', resources: ['iam:user'] },
      { action: 'iam:AttachUserPolicy', resources: ['iam:user'] },
      { action: 'iam:PutUserPolicy', resources: ['iam:user'] },
      { action: 'iam:AttachRolePolicy', resources: ['iam:role'] },
      { action: 'iam:PutRolePolicy', resources: ['iam:role'] },
    ],
  },
  'confine-security-group': {
    reads: ['ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules'],
    mutates: [
      {
        action: 'ec2:AuthorizeSecurityGroupIngress',
        resources: ['ec2:security-group', 'ec2:security-group-rule'],
      },
      { action: 'ec2:RevokeSecurityGroupIngress', resources: ['ec2:security-group'] },
    ],
  },
  'start-ssm-automation': {
    reads: ['s3:GetBucketTagging', 'tag:GetResources'],
    mutates: [
      {
        action: 'ssm:StartAutomationExecution',
        resources: ['ssm:automation-definition', 'ssm:document'],
      },
      // PassRole of the runbook's own role; that role carries the same exception Deny.
      { action: 'iam:PassRole', resources: ['iam:role'] },
    ],
  },
  // Escalates what no responder contains: changes nothing and never enters a member account.
  'escalate-finding': { reads: [], mutates: [] },
} as const satisfies Record<string, ResponderActions>;

/** The name of a responder: its folder under `lambdas/` and its catalogue key. */
export type ResponderName = keyof typeof CATALOGUE;

/** Every responder name, in catalogue order. */
export const RESPONDER_NAMES = Object.keys(CATALOGUE) as ResponderName[];

/**
 * Actions every responder performs with its own role in the security account: reaching the
 * member account, resolving the response mode, recording on the finding and notifying.
 * `guardduty:ArchiveFindings` is called here because only the GuardDuty administrator can archive
 * member findings.
 */
export const CENTRAL_ACTIONS = [
  'sts:AssumeRole',
  'sts:SetSourceIdentity',
  'organizations:ListParents',
  'guardduty:ListDetectors',
  'guardduty:ArchiveFindings',
  'securityhub:BatchUpdateFindings',
  'sns:Publish',
  // The response ledger: conditional writes of responses, pause markers and hourly counters.
  // Reading it and releasing are the operator's (security-ir history / release), not a responder's.
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
] as const;

/** Every member-account action of one responder, reads first. */
export function memberActionsOf(name: ResponderName): string[] {
  const entry: ResponderActions = CATALOGUE[name];
  return [...entry.reads, ...entry.mutates.map((m) => m.action)];
}

/** Every member-account action of every responder, without duplicates, sorted. */
export function allMemberActions(): string[] {
  return [...new Set(RESPONDER_NAMES.flatMap(memberActionsOf))].sort();
}

/** Every mutating member-account action with the union of the resource types it touches. */
export function allMutatingActions(): MutatingAction[] {
  const byAction = new Map<string, Set<ResourceKind>>();
  for (const name of RESPONDER_NAMES) {
    const entry: ResponderActions = CATALOGUE[name];
    for (const m of entry.mutates) {
      const set = byAction.get(m.action) ?? new Set<ResourceKind>();
      for (const r of m.resources) set.add(r);
      byAction.set(m.action, set);
    }
  }
  return [...byAction.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([action, resources]) => ({ action, resources: [...resources].sort() }));
}

/**
 * Read-only actions of the operator's `audit` command in member accounts (through the member
 * role): everything needed to list exception tags and check that an instance's network
 * interfaces and volumes carry them too.
 */
export const AUDIT_READS = [
  'ec2:DescribeInstances',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeVolumes',
  'ec2:DescribeSecurityGroups',
  's3:ListAllMyBuckets',
  's3:GetBucketTagging',
  'iam:ListUsers',
  'iam:ListUserTags',
  'iam:ListRoles',
  'iam:ListRoleTags',
] as const;
