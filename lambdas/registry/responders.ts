/**
 * The responder registry: one declaration per responder, and the only place outside a
 * responder's own folder that spells its name. Rules and forwarding patterns (stacks/master.ts),
 * the configuration schema and its defaults, IAM (the member role's allow list and exception Deny),
 * the Security Hub custom actions, the operator tool and docs/exceptions.md derive from it.
 *
 * Plain data: no SDK and no cdktf import, so both the Lambda bundles and the stacks import it.
 * Each entry declares the resource kinds it owns (`kinds`: ARN, and for a kind carrying the
 * exception tag what `grant`, `revoke` and `audit` need; their code is the owner's
 * `exception-tags.ts`). Adding a responder: docs/adding-a-responder.md.
 */

import type { ResponderDeclaration } from './declaration';
import {
  DEFAULT_BUCKET_PUBLIC_FINDING_TYPES,
  DEFAULT_ECS_TASK_FINDING_TYPES,
  DEFAULT_ISOLATION_FINDING_TYPES,
  DEFAULT_LAMBDA_FINDING_TYPES,
  DEFAULT_PRINCIPAL_FINDING_TYPES,
  ECS_TASK_THREAT_TYPES,
  INSTANCE_THREAT_TYPES,
} from './finding-types';

/**
 * What isolating an EC2 instance reads and changes: isolate-ec2's, and isolate-ecs-task's too,
 * which reuses its code for tasks on EC2 container instances and for task interfaces.
 */
const EC2_ISOLATION = {
  // DescribeInstanceAttribute: termination protection before the change, for the ledger.
  reads: [
    'ec2:DescribeInstances',
    'ec2:DescribeSecurityGroups',
    { action: 'ec2:DescribeInstanceAttribute', on: 'ec2:instance' },
  ],
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
} as const;

/** Every responder, keyed by its name (its folder under `lambdas/`). */
export const RESPONDERS = {
  'isolate-ec2': {
    summary:
      'Isolates an EC2 instance: quarantine security group on every network interface, evidence snapshots, termination protection',
    guardDuty: {
      resourceTypes: ['Instance'],
      defaultFindingTypes: DEFAULT_ISOLATION_FINDING_TYPES,
      alsoMatches: INSTANCE_THREAT_TYPES,
    },
    customAction: {
      identifier: 'IsolateEC2',
      name: 'Isolate EC2',
      description: 'Isolate the EC2 instance of the finding (quarantine security group, evidence)',
    },
    reads: EC2_ISOLATION.reads,
    mutates: EC2_ISOLATION.mutates,
    exception: {
      on: ['ec2:instance'],
      readBy: ['ec2:DescribeInstances'],
      // FACTS.md: IAM sees the network interface's tag on ModifyNetworkInterfaceAttribute and the
      // volumes' on CreateSnapshots, not the instance's.
      alsoOn: ['ec2:network-interface', 'ec2:volume'],
    },
    operator: {
      release: 'interfaces back in their groups, termination protection as before; snapshots kept',
      prepare: 'the passthrough and quarantine groups in every VPC',
    },
    kinds: {
      'ec2:instance': {
        arn: 'arn:{partition}:ec2:*:{account}:instance/*',
        exceptionTag: {
          type: 'instance',
          forms: ['i-…', 'an EC2 instance ARN'],
          lives: 'region',
          service: 'EC2',
          // The interfaces and volumes: are they tagged too (alsoOn)?
          auditReads: [
            'ec2:DescribeInstances',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeVolumes',
          ],
          tagActions: ['ec2:DescribeInstances', 'ec2:CreateTags', 'ec2:DeleteTags'],
        },
      },
      'ec2:network-interface': { arn: 'arn:{partition}:ec2:*:{account}:network-interface/*' },
      'ec2:volume': { arn: 'arn:{partition}:ec2:*:{account}:volume/*' },
      'ec2:vpc': { arn: 'arn:{partition}:ec2:*:{account}:vpc/*' },
    },
  },
  'block-principal': {
    summary:
      "Blocks an IAM principal: deactivates the access key, attaches the deny policy and revokes the role's older sessions",
    guardDuty: {
      // S3 Protection findings are about a bucket but name the access key that made the calls.
      resourceTypes: ['AccessKey', 'S3Bucket'],
      defaultFindingTypes: DEFAULT_PRINCIPAL_FINDING_TYPES,
    },
    customAction: {
      identifier: 'BlockPrincipal',
      name: 'Block IAM principal',
      description: 'Deactivate the access key, deny the IAM principal and revoke its sessions',
    },
    reads: [
      { action: 'iam:GetUser', on: 'iam:user' },
      { action: 'iam:GetRole', on: 'iam:role' },
      // The state before the block, for the ledger: policies attached and the key's status.
      { action: 'iam:ListAttachedUserPolicies', on: 'iam:user' },
      { action: 'iam:ListAttachedRolePolicies', on: 'iam:role' },
      { action: 'iam:ListUserPolicies', on: 'iam:user' },
      { action: 'iam:ListRolePolicies', on: 'iam:role' },
      { action: 'iam:ListAccessKeys', on: 'iam:user' },
    ],
    mutates: [
      { action: 'iam:UpdateAccessKey', resources: ['iam:user'] },
      { action: 'iam:AttachUserPolicy', resources: ['iam:user'] },
      { action: 'iam:PutUserPolicy', resources: ['iam:user'] },
      { action: 'iam:AttachRolePolicy', resources: ['iam:role'] },
      { action: 'iam:PutRolePolicy', resources: ['iam:role'] },
    ],
    exception: { on: ['iam:user', 'iam:role'], readBy: ['iam:GetUser', 'iam:GetRole'] },
    operator: {
      release:
        'deny policy detached, revoke-sessions policy deleted, key reactivated (each only if the containment added it); needs a role that may detach and delete IAM policies',
    },
    kinds: {
      'iam:user': {
        arn: 'arn:{partition}:iam::{account}:user/*',
        exceptionTag: {
          type: 'user',
          forms: ['an IAM user ARN'],
          lives: 'global',
          service: 'IAM',
          auditReads: ['iam:ListUsers', { action: 'iam:ListUserTags', on: 'iam:user' }],
          tagActions: ['iam:TagUser', 'iam:ListUserTags', 'iam:UntagUser'],
        },
      },
      'iam:role': {
        arn: 'arn:{partition}:iam::{account}:role/*',
        exceptionTag: {
          type: 'role',
          forms: ['an IAM role ARN'],
          lives: 'global',
          service: 'IAM',
          auditReads: ['iam:ListRoles', { action: 'iam:ListRoleTags', on: 'iam:role' }],
          tagActions: ['iam:TagRole', 'iam:ListRoleTags', 'iam:UntagRole'],
        },
      },
    },
  },
  'confine-security-group': {
    summary: 'Replaces security-group ingress open to the world with the allowed ranges',
    config: {
      resourceTypes: ['AWS::EC2::SecurityGroup'],
      defaultRules: [
        {
          name: 'vpc-sg-open-only-to-authorized-ports',
          sourceIdentifier: 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS',
        },
        { name: 'restricted-ssh', sourceIdentifier: 'INCOMING_SSH_DISABLED' },
        { name: 'restricted-common-ports', sourceIdentifier: 'RESTRICTED_INCOMING_TRAFFIC' },
      ],
    },
    customAction: {
      identifier: 'ConfineSG',
      name: 'Confine sec. group',
      description: 'Replace ingress open to the world with the allowed ranges',
    },
    reads: ['ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules'],
    mutates: [
      {
        action: 'ec2:AuthorizeSecurityGroupIngress',
        resources: ['ec2:security-group', 'ec2:security-group-rule'],
      },
      { action: 'ec2:RevokeSecurityGroupIngress', resources: ['ec2:security-group'] },
    ],
    exception: { on: ['ec2:security-group'], readBy: ['ec2:DescribeSecurityGroups'] },
    operator: {
      release: 'the open ranges come back only with --restore-open-ranges',
    },
    kinds: {
      'ec2:security-group': {
        arn: 'arn:{partition}:ec2:*:{account}:security-group/*',
        exceptionTag: {
          type: 'security-group',
          forms: ['sg-…', 'a security-group ARN'],
          lives: 'region',
          service: 'EC2',
          auditReads: ['ec2:DescribeSecurityGroups'],
          tagActions: ['ec2:CreateTags', 'ec2:DescribeSecurityGroups', 'ec2:DeleteTags'],
        },
      },
      'ec2:security-group-rule': { arn: 'arn:{partition}:ec2:*:{account}:security-group-rule/*' },
    },
  },
  'start-ssm-automation': {
    summary:
      'Starts the AWS-managed SSM Automation runbook configured for a non-compliant Config rule, or escalates',
    config: {
      resourceTypes: ['AWS::S3::Bucket'],
      takesRunbook: true,
      escalatesNotify: true,
      defaultRules: [
        {
          name: 's3-bucket-server-side-encryption-enabled',
          sourceIdentifier: 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED',
          runbook: 'AWS-EnableS3BucketEncryption',
        },
        {
          name: 's3-bucket-public-read-prohibited',
          sourceIdentifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED',
          runbook: 'AWS-DisableS3BucketPublicReadWrite',
        },
        {
          name: 's3-bucket-public-write-prohibited',
          sourceIdentifier: 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED',
          runbook: 'AWS-DisableS3BucketPublicReadWrite',
        },
      ],
    },
    customAction: {
      identifier: 'RemediateS3',
      name: 'Remediate S3 bucket',
      description: 'Start the AWS-managed SSM runbook for the bucket (encryption, public access)',
    },
    reads: [{ action: 's3:GetBucketTagging', on: 's3:bucket' }, 'tag:GetResources'],
    mutates: [
      {
        action: 'ssm:StartAutomationExecution',
        resources: ['ssm:automation-definition', 'ssm:document'],
      },
      // PassRole of the runbook's own role; that role carries the same exception Deny.
      { action: 'iam:PassRole', resources: ['iam:role'] },
    ],
    exception: { on: ['s3:bucket'], readBy: ['s3:GetBucketTagging', 'tag:GetResources'] },
    operator: { release: 'says what the runbook changed; nothing is undone automatically' },
    kinds: {
      'ssm:automation-definition': { arn: 'arn:{partition}:ssm:*:*:automation-definition/*' },
      'ssm:document': { arn: 'arn:{partition}:ssm:*:*:document/*' },
    },
  },
  'contain-lambda-function': {
    summary:
      "Contains a Lambda function: reserved concurrency 0 and the execution role's older sessions revoked",
    guardDuty: { resourceTypes: ['Lambda'], defaultFindingTypes: DEFAULT_LAMBDA_FINDING_TYPES },
    customAction: {
      identifier: 'ContainLambda',
      name: 'Contain Lambda',
      description:
        "Set the function's reserved concurrency to 0 and revoke its role's older sessions",
    },
    reads: [
      // GetFunction returns the tags only with lambda:ListTags (else TagsError: fail closed).
      { action: 'lambda:GetFunction', on: 'lambda:function' },
      { action: 'lambda:ListTags', on: 'lambda:function' },
      { action: 'iam:GetRole', on: 'iam:role' },
    ],
    mutates: [
      { action: 'lambda:PutFunctionConcurrency', resources: ['lambda:function'] },
      { action: 'iam:PutRolePolicy', resources: ['iam:role'] },
    ],
    exception: {
      on: ['lambda:function', 'iam:role'],
      readBy: ['lambda:GetFunction', 'iam:GetRole'],
    },
    operator: {
      release:
        'reserved concurrency as before (or unreserved), revoke-sessions policy deleted; needs a role that may delete role policies and change concurrency',
    },
    kinds: {
      'lambda:function': {
        arn: 'arn:{partition}:lambda:*:{account}:function:*',
        exceptionTag: {
          type: 'function',
          forms: ['a Lambda function ARN'],
          lives: 'region',
          service: 'Lambda',
          auditReads: [
            'lambda:ListFunctions',
            { action: 'lambda:ListTags', on: 'lambda:function' },
          ],
          tagActions: ['lambda:TagResource', 'lambda:ListTags', 'lambda:UntagResource'],
        },
      },
    },
  },
  'restore-bucket-public-access': {
    summary:
      "Turns a bucket's four S3 Block Public Access settings back on when GuardDuty reports it made public; keeps the settings before",
    guardDuty: {
      resourceTypes: ['S3Bucket'],
      defaultFindingTypes: DEFAULT_BUCKET_PUBLIC_FINDING_TYPES,
    },
    reads: [
      { action: 's3:GetBucketTagging', on: 's3:bucket' },
      { action: 's3:GetBucketPublicAccessBlock', on: 's3:bucket' },
    ],
    mutates: [{ action: 's3:PutBucketPublicAccessBlock', resources: ['s3:bucket'] }],
    // IAM sees the bucket's tag only with S3 ABAC turned on (FACTS.md): the code check holds.
    exception: { on: ['s3:bucket'], readBy: ['s3:GetBucketTagging'] },
    operator: {
      release:
        "the bucket's Block Public Access settings from before (deletes the configuration if it had none)",
    },
    kinds: {
      's3:bucket': {
        arn: 'arn:{partition}:s3:::*',
        exceptionTag: {
          type: 'bucket',
          forms: ['arn:aws:s3:::<bucket>', 's3://<bucket>'],
          lives: 'own-region',
          service: 'S3',
          auditReads: ['s3:ListAllMyBuckets', { action: 's3:GetBucketTagging', on: 's3:bucket' }],
          // With bucket ABAC on, tags change only through S3 Control (HeadBucket = s3:ListBucket).
          tagActions: [
            's3:GetBucketAbac',
            's3:GetBucketTagging',
            's3:PutBucketTagging',
            's3:PutBucketAbac',
            's3:ListBucket',
            's3:ListTagsForResource',
            's3:TagResource',
            's3:UntagResource',
          ],
        },
      },
    },
  },
  'isolate-ecs-task': {
    summary:
      "Contains an ECS task (Fargate or EC2): revokes its task role's older sessions, quarantines the interfaces AWS lets it change, isolates its EC2 container instance; escalates what it cannot isolate",
    guardDuty: {
      resourceTypes: ['ECSCluster'],
      defaultFindingTypes: DEFAULT_ECS_TASK_FINDING_TYPES,
      alsoMatches: ECS_TASK_THREAT_TYPES,
    },
    customAction: {
      identifier: 'IsolateECSTask',
      name: 'Isolate ECS task',
      description:
        "Revoke the ECS task role's older sessions and quarantine the task's network (escalates what AWS does not let it change)",
    },
    reads: [
      ...EC2_ISOLATION.reads,
      { action: 'ecs:DescribeTasks', on: 'ecs:task' },
      { action: 'ecs:DescribeServices', on: 'ecs:service' },
      { action: 'ecs:DescribeClusters', on: 'ecs:cluster' },
      { action: 'ecs:DescribeContainerInstances', on: 'ecs:container-instance' },
      // No resource-level permission (Service Authorization Reference).
      'ecs:DescribeTaskDefinition',
      'ec2:DescribeNetworkInterfaces',
      { action: 'iam:GetRole', on: 'iam:role' },
    ],
    mutates: [...EC2_ISOLATION.mutates, { action: 'iam:PutRolePolicy', resources: ['iam:role'] }],
    exception: {
      // Task, service and cluster tags: code only. IAM never sees them on the EC2 and IAM calls
      // that change anything (docs/exceptions.md). The role's and the instance's: code and IAM.
      on: ['ecs:task', 'ecs:service', 'ecs:cluster', 'iam:role', 'ec2:instance'],
      readBy: [
        'ecs:DescribeTasks',
        'ecs:DescribeServices',
        'ecs:DescribeClusters',
        'iam:GetRole',
        'ec2:DescribeInstances',
      ],
      alsoOn: ['ec2:network-interface', 'ec2:volume'],
    },
    operator: {
      release:
        "revoke-sessions policy deleted from the task role; interfaces back in their groups; the container instance released as isolate-ec2's (snapshots kept)",
    },
    // Task, service and cluster tags are read by code only; `grant` does not tag them yet.
    kinds: {
      'ecs:task': { arn: 'arn:{partition}:ecs:*:{account}:task/*' },
      'ecs:service': { arn: 'arn:{partition}:ecs:*:{account}:service/*' },
      'ecs:cluster': { arn: 'arn:{partition}:ecs:*:{account}:cluster/*' },
      'ecs:container-instance': { arn: 'arn:{partition}:ecs:*:{account}:container-instance/*' },
    },
  },
  'make-snapshot-private': {
    summary:
      "Makes an account's public EBS snapshots private: removes the create-volume permission of the group all; keeps it in the ledger",
    // Opt in with `configRules: { "add": [{ "name": "ebs-snapshot-public-restorable-check",
    // "sourceIdentifier": "EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK", "response": { "responder":
    // "make-snapshot-private" } }] }`: as a default, its rule name would push configurations near
    // the 2,048-character Config event pattern over it on upgrade. The rule is periodic and
    // evaluates the account (AWS::::Account), which is no Config scope: none is set.
    config: { resourceTypes: [] },
    customAction: {
      identifier: 'PrivateSnapshots',
      name: 'Private snapshots',
      description:
        "Remove public create-volume permission from the account's EBS snapshots in the finding's region (Security Hub EC2.1)",
    },
    // DescribeSnapshots returns the tags; DescribeSnapshotAttribute is the release's live check.
    reads: [
      'ec2:DescribeSnapshots',
      { action: 'ec2:DescribeSnapshotAttribute', on: 'ec2:snapshot' },
    ],
    mutates: [{ action: 'ec2:ModifySnapshotAttribute', resources: ['ec2:snapshot'] }],
    exception: { on: ['ec2:snapshot'], readBy: ['ec2:DescribeSnapshots'] },
    operator: {
      release:
        'the public create-volume permission (group all) back on each snapshot still private; a snapshot deleted or public again is left alone',
    },
    kinds: {
      'ec2:snapshot': {
        // A snapshot ARN names no account.
        arn: 'arn:{partition}:ec2:*::snapshot/*',
        exceptionTag: {
          type: 'snapshot',
          forms: ['snap-…', 'an EBS snapshot ARN'],
          lives: 'region',
          service: 'EC2',
          auditReads: ['ec2:DescribeSnapshots'],
          tagActions: ['ec2:DescribeSnapshots', 'ec2:CreateTags', 'ec2:DeleteTags'],
        },
      },
    },
  },
  'make-rds-snapshot-private': {
    summary:
      'Makes a public RDS DB or cluster snapshot private: removes all from its restore attribute (accounts it is shared with keep access); keeps it in the ledger',
    // Opt in with `configRules: { "add": [{ "name": "rds-snapshots-public-prohibited",
    // "sourceIdentifier": "RDS_SNAPSHOTS_PUBLIC_PROHIBITED", "response": { "responder":
    // "make-rds-snapshot-private" } }] }` (as make-snapshot-private: a default rule name grows
    // every configuration's Config event pattern toward its 2,048-character limit).
    config: { resourceTypes: ['AWS::RDS::DBSnapshot', 'AWS::RDS::DBClusterSnapshot'] },
    customAction: {
      identifier: 'PrivateRDSSnapshot',
      name: 'Private RDS snapshot',
      description:
        "Remove public restore permission (all) from the finding's RDS DB or cluster snapshot; shared accounts keep access (Security Hub RDS.1)",
    },
    // Describe*Snapshots return the tags (TagList); Describe*SnapshotAttributes the restore values.
    reads: [
      { action: 'rds:DescribeDBSnapshots', on: 'rds:snapshot' },
      { action: 'rds:DescribeDBSnapshotAttributes', on: 'rds:snapshot' },
      { action: 'rds:DescribeDBClusterSnapshots', on: 'rds:cluster-snapshot' },
      { action: 'rds:DescribeDBClusterSnapshotAttributes', on: 'rds:cluster-snapshot' },
    ],
    mutates: [
      { action: 'rds:ModifyDBSnapshotAttribute', resources: ['rds:snapshot'] },
      { action: 'rds:ModifyDBClusterSnapshotAttribute', resources: ['rds:cluster-snapshot'] },
    ],
    exception: {
      on: ['rds:snapshot', 'rds:cluster-snapshot'],
      readBy: ['rds:DescribeDBSnapshots', 'rds:DescribeDBClusterSnapshots'],
    },
    operator: {
      release:
        'the public restore permission (all) back on the snapshot if it is still private; a snapshot deleted or public again is left alone',
    },
    kinds: {
      'rds:snapshot': {
        arn: 'arn:{partition}:rds:*:{account}:snapshot:*',
        exceptionTag: {
          type: 'rds-snapshot',
          forms: ['an RDS DB snapshot ARN'],
          lives: 'region',
          service: 'RDS',
          auditReads: [{ action: 'rds:DescribeDBSnapshots', on: 'rds:snapshot' }],
          tagActions: [
            'rds:DescribeDBSnapshots',
            'rds:AddTagsToResource',
            'rds:RemoveTagsFromResource',
          ],
        },
      },
      'rds:cluster-snapshot': {
        arn: 'arn:{partition}:rds:*:{account}:cluster-snapshot:*',
        exceptionTag: {
          type: 'rds-cluster-snapshot',
          forms: ['an RDS DB cluster snapshot ARN'],
          lives: 'region',
          service: 'RDS',
          auditReads: [{ action: 'rds:DescribeDBClusterSnapshots', on: 'rds:cluster-snapshot' }],
          tagActions: [
            'rds:DescribeDBClusterSnapshots',
            'rds:AddTagsToResource',
            'rds:RemoveTagsFromResource',
          ],
        },
      },
    },
  },
  'escalate-finding': {
    summary:
      'Escalates every GuardDuty finding no responder contains (EKS, RDS, ECS clusters, attack sequences, ...): a high-priority alert with the resources it names and what to check first',
    escalatesGuardDuty: true,
    // Changes nothing and never enters a member account.
    reads: [],
    mutates: [],
    exception: { on: [], readBy: [] },
    operator: { release: 'nothing: an escalation changes nothing' },
  },
} as const satisfies Record<string, ResponderDeclaration>;

/** The name of a responder: its folder under `lambdas/` and its registry key. */
export type ResponderName = keyof typeof RESPONDERS;

/** Every responder name, in registry order. */
export const RESPONDER_NAMES = Object.keys(RESPONDERS) as ResponderName[];

/** The declaration of `name`, widened to the declaration type. */
export function declarationOf(name: ResponderName): ResponderDeclaration {
  return RESPONDERS[name];
}

type Declared = typeof RESPONDERS;

/** Responders that answer GuardDuty findings: the keys of `findingTypes`. */
export type GuardDutyResponderName = {
  [K in ResponderName]: Declared[K] extends { readonly guardDuty: object } ? K : never;
}[ResponderName];

/** Responders that answer Config rules: the `responder` values of `configRules[].response`. */
export type ConfigResponderName = {
  [K in ResponderName]: Declared[K] extends { readonly config: object } ? K : never;
}[ResponderName];

/** Config responders whose response names a runbook. */
export type RunbookResponderName = {
  [K in ConfigResponderName]: Declared[K] extends {
    readonly config: { readonly takesRunbook: true };
  }
    ? K
    : never;
}[ConfigResponderName];

/** GuardDuty responders, in registry order. */
export const GUARDDUTY_RESPONDERS: readonly GuardDutyResponderName[] =
  RESPONDER_NAMES.filter(isGuardDutyResponder);

/** Whether `name` answers GuardDuty findings (has a `findingTypes` key). */
export function isGuardDutyResponder(name: ResponderName): name is GuardDutyResponderName {
  return declarationOf(name).guardDuty !== undefined;
}

/** Config responders, in registry order. */
export const CONFIG_RESPONDERS = RESPONDER_NAMES.filter(
  (n) => declarationOf(n).config !== undefined,
) as ConfigResponderName[];

/** Config responders whose response names a runbook. */
export const RUNBOOK_RESPONDERS = CONFIG_RESPONDERS.filter(
  (n) => declarationOf(n).config?.takesRunbook === true,
) as RunbookResponderName[];

/** The responder notify-only Config rules go to (it escalates them), if any. */
export const NOTIFY_RESPONDER: ConfigResponderName | undefined = CONFIG_RESPONDERS.find(
  (n) => declarationOf(n).config?.escalatesNotify === true,
);

/** Default finding types per GuardDuty responder: the defaults of `findingTypes`. */
export function defaultFindingTypes(): Record<GuardDutyResponderName, string[]> {
  return Object.fromEntries(
    GUARDDUTY_RESPONDERS.map((n) => [
      n,
      [...(declarationOf(n).guardDuty?.defaultFindingTypes ?? [])],
    ]),
  ) as Record<GuardDutyResponderName, string[]>;
}
