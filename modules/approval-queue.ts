/**
 * The approval queue (`approval.endpoint`, opt-in): an SQS queue only the configured approvers may
 * send to, and the function that reads it every minute and approves or denies plans of `approve`
 * mode as the sender SQS reports (lambdas/shared/approval-queue.ts). A chat action of Amazon Q
 * Developer in chat applications runs `aws sqs send-message` with the chat user's role.
 */

import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import type { TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { alertOnAnyDatapoint } from './shared/alarm';
import { approvalFunctionPolicy, approvalQueuePolicy } from './shared/approval-queue-policy';
import { APPROVAL_QUEUE_HANDLER } from './shared/bundle';
import { lambdaTrustPolicy, policyJson } from './shared/policy';

/** Props of {@link ApprovalQueue}. */
export interface ApprovalQueueProps {
  readonly prefix: string;
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** Exact role or user ARNs allowed to send decisions. */
  readonly approverArns: readonly string[];
  readonly ledgerTableArn: string;
  readonly ledgerTableName: string;
  /** The responders' bundle, which also holds this function's handler. */
  readonly bundle: TerraformAsset;
  /** The responders' timeout: one approved run waits for one responder. */
  readonly responderTimeoutSeconds: number;
  /** How long a plan can be approved: a decision older than that has nothing left to decide. */
  readonly expiresAfterMinutes: number;
  readonly logRetentionDays: number;
  readonly alertsTopicArn: string;
}

/** The function's environment (its size grows with the approvers; checked at synth). */
export function approvalQueueEnvironment(
  props: Pick<
    ApprovalQueueProps,
    'prefix' | 'approverArns' | 'ledgerTableName' | 'responderTimeoutSeconds'
  >,
  queueUrl: string,
): Record<string, string> {
  return {
    APPROVAL_QUEUE_URL: queueUrl,
    LEDGER_TABLE_NAME: props.ledgerTableName,
    RESOURCE_PREFIX: props.prefix,
    APPROVER_ARNS: props.approverArns.join(','),
    RESPONDER_TIMEOUT_SECONDS: String(props.responderTimeoutSeconds),
    POWERTOOLS_SERVICE_NAME: 'approval-queue',
  };
}

/** The function's timeout: a 20 s receive, one approved run, and room to record it. */
export function approvalFunctionTimeout(responderTimeoutSeconds: number): number {
  return Math.min(900, responderTimeoutSeconds + 60);
}

/** The approval queue and its function. */
export class ApprovalQueue extends Construct {
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: ApprovalQueueProps) {
    super(scope, id);
    const name = `${props.prefix}-approvals`;
    const timeout = approvalFunctionTimeout(props.responderTimeoutSeconds);

    const queue = new SqsQueue(this, 'queue', {
      name,
      sqsManagedSseEnabled: true,
      // A decision is worth nothing after the plan expired.
      messageRetentionSeconds: Math.max(60, Math.min(1_209_600, props.expiresAfterMinutes * 60)),
      // SQS: at least the function's timeout, so a message is not delivered twice during a run.
      visibilityTimeoutSeconds: timeout,
    });
    new SqsQueuePolicy(this, 'queue-policy', {
      queueUrl: queue.url,
      policy: policyJson(
        approvalQueuePolicy({ queueArn: queue.arn, approverArns: props.approverArns }),
      ),
    });

    const logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${name}`,
      retentionInDays: props.logRetentionDays,
    });
    const role = new IamRole(this, 'role', {
      name: `${props.prefix}-approvals`,
      description: 'Role of the approval queue function: decides plans as the sender SQS reports',
      assumeRolePolicy: lambdaTrustPolicy(),
    });
    const rolePolicy = new IamRolePolicy(this, 'policy', {
      name: 'approval-queue',
      role: role.id,
      policy: policyJson(
        approvalFunctionPolicy({
          partition: props.partition,
          accountId: props.accountId,
          region: props.region,
          prefix: props.prefix,
          queueArn: queue.arn,
          ledgerTableArn: props.ledgerTableArn,
          logGroupArn: logGroup.arn,
          approverArns: props.approverArns,
        }),
      ),
    });
    const fn = new LambdaFunction(this, 'function', {
      functionName: name,
      description: 'Approves or denies plans of approve mode sent to the approval queue',
      role: role.arn,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: APPROVAL_QUEUE_HANDLER,
      filename: props.bundle.path,
      sourceCodeHash: props.bundle.assetHash,
      timeout,
      memorySize: 256,
      // One run at a time is enough; two would only race on the same messages.
      reservedConcurrentExecutions: 1,
      environment: { variables: approvalQueueEnvironment(props, queue.url) },
      loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
      dependsOn: [logGroup, rolePolicy],
    });

    const schedule = new CloudwatchEventRule(this, 'schedule', {
      name: `${name}-poll`,
      description: 'Wakes the approval queue function every minute',
      scheduleExpression: 'rate(1 minute)',
    });
    new CloudwatchEventTarget(this, 'schedule-target', { rule: schedule.name, arn: fn.arn });
    new LambdaPermission(this, 'schedule-invoke', {
      statementId: 'events-schedule',
      action: 'lambda:InvokeFunction',
      functionName: fn.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: schedule.arn,
    });

    new CloudwatchMetricAlarm(this, 'errors-alarm', {
      alarmName: `${name}-errors`,
      alarmDescription:
        'The approval queue function failed: decisions wait in the queue; see its logs',
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: fn.functionName },
      statistic: 'Sum',
      period: 300,
      ...alertOnAnyDatapoint(props.alertsTopicArn),
    });

    this.queueUrl = queue.url;
    this.queueArn = queue.arn;
    this.functionName = fn.functionName;
  }
}
