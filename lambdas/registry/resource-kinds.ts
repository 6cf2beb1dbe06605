/**
 * The resource types member-account actions touch, with the ARN each IAM statement is scoped to.
 * Plain data at the bottom of the dependency order: the registry's declarations name these kinds.
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
  'lambda:function': 'arn:{partition}:lambda:*:{account}:function:*',
  'ecs:task': 'arn:{partition}:ecs:*:{account}:task/*',
  'ecs:service': 'arn:{partition}:ecs:*:{account}:service/*',
  'ecs:cluster': 'arn:{partition}:ecs:*:{account}:cluster/*',
  'ecs:container-instance': 'arn:{partition}:ecs:*:{account}:container-instance/*',
} as const;

/** A resource type key of {@link RESOURCE_ARNS}. */
export type ResourceKind = keyof typeof RESOURCE_ARNS;
