/**
 * The AWS size limits that `terraform validate` and `plan` cannot see and `apply` enforces, written
 * down once, each with the AWS document it comes from (DESIGN invariant 9). The configuration
 * schema checks every size that grows with the configuration against these figures at synth, and
 * the enterprise-size stack test asserts them on the synthesized output.
 */

/** One AWS limit: how much, of what, and where AWS says so. */
export interface AwsLimit {
  /** The maximum, inclusive. */
  readonly max: number;
  /** What is counted. */
  readonly unit: 'bytes' | 'characters' | 'metrics';
  /** What the limit applies to, as AWS names it. */
  readonly what: string;
  /** How this project counts it. */
  readonly counted: string;
  /** The AWS document that states it. */
  readonly source: string;
}

/** Every limit this project checks. */
export const AWS_LIMITS = {
  lambdaEnvironment: {
    max: 4096,
    unit: 'bytes',
    what: 'Lambda environment variables, all of a function in aggregate',
    counted: 'UTF-8 bytes of the variables as a JSON object (names, values and punctuation)',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  },
  cloudFormationTemplateBody: {
    max: 51_200,
    unit: 'bytes',
    what: 'CloudFormation template body size in a request (TemplateBody)',
    counted: 'UTF-8 bytes of the template JSON without whitespace, as CloudFormation receives it',
    source:
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html',
  },
  iamRoleInlinePolicies: {
    max: 10_240,
    unit: 'characters',
    what: 'IAM role policy size: all inline policies of one role in aggregate, whitespace not counted',
    counted:
      'characters of every inline policy JSON without whitespace; in a template, before Fn::Sub ' +
      'resolves (the variables are longer than their values, so this is an upper bound)',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
  },
  iamManagedPolicy: {
    max: 6144,
    unit: 'characters',
    what: 'IAM customer managed policy size, whitespace not counted',
    counted: 'characters of the policy JSON without whitespace, before Fn::Sub resolves',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
  },
  iamTrustPolicy: {
    max: 2048,
    unit: 'characters',
    what: 'IAM role trust policy length (default quota, adjustable to 4,096), whitespace not counted',
    counted: 'characters of the trust policy JSON without whitespace, before Fn::Sub resolves',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
  },
  eventPattern: {
    max: 2048,
    unit: 'characters',
    what: 'EventBridge event pattern, maximum length',
    counted: 'characters of the pattern JSON without whitespace',
    source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html',
  },
  serviceControlPolicy: {
    max: 5120,
    unit: 'characters',
    what: 'AWS Organizations service control policy document, maximum size',
    counted: 'characters of the policy JSON without whitespace',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html',
  },
  sqsQueuePolicy: {
    max: 8192,
    unit: 'bytes',
    what: 'Amazon SQS queue policy, maximum size (also at most 50 principals, 20 statements)',
    counted: 'UTF-8 bytes of the policy JSON without whitespace',
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html',
  },
  metricMathAlarmMetrics: {
    max: 10,
    unit: 'metrics',
    what: 'CloudWatch alarm on metric math: MetricStat queries of one alarm (PutMetricAlarm)',
    counted: 'the metric queries of the alarm, one per responder it sums',
    source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html',
  },
  dashboardWidgetMetrics: {
    max: 500,
    unit: 'metrics',
    what: 'CloudWatch dashboards: metrics per dashboard widget',
    counted: 'the metric rows of one widget of the responses dashboard',
    source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html',
  },
  dashboardMetrics: {
    max: 2500,
    unit: 'metrics',
    what: 'CloudWatch dashboards: metrics per dashboard',
    counted: 'the metric rows of every widget of the responses dashboard',
    source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html',
  },
} as const satisfies Record<string, AwsLimit>;

/** The name of a limit in {@link AWS_LIMITS}. */
export type AwsLimitName = keyof typeof AWS_LIMITS;

/**
 * The size of `value` as `limit` counts it: a list's length for a count of metrics; else a string
 * as is, anything else as compact JSON.
 */
export function sizeFor(limit: AwsLimitName, value: unknown): number {
  if (AWS_LIMITS[limit].unit === 'metrics') return Array.isArray(value) ? value.length : 1;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return AWS_LIMITS[limit].unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : text.length;
}

/** One size measured against its limit. */
export interface LimitCheck {
  readonly limit: AwsLimitName;
  /** The configuration key whose value drives the size, e.g. `operatorPrincipalArns`. */
  readonly key: string;
  /** What was measured, e.g. `the member role's trust policy`. */
  readonly subject: string;
  readonly size: number;
}

/** Whether a check is within its limit. */
export function withinLimit(check: LimitCheck): boolean {
  return check.size <= AWS_LIMITS[check.limit].max;
}

/** The message of a check over its limit: the subject, the figure, the limit and its source. */
export function overLimitMessage(check: LimitCheck): string {
  const limit = AWS_LIMITS[check.limit];
  return (
    `${check.subject} would be ${check.size.toLocaleString('en-US')} ${limit.unit}, over the ` +
    `AWS limit of ${limit.max.toLocaleString('en-US')} (${limit.what}; ${limit.source})`
  );
}
