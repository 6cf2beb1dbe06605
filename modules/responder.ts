/**
 * One responder in the security account: the esbuild-bundled Lambda, its own least-privilege
 * role, a log group with retention, asynchronous-invoke retries with an encrypted dead-letter
 * queue, alarms on errors and dead-letter depth, and the EventBridge rules that feed it raw events.
 */

import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import type { TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import type { ResponderName } from '../lambdas/shared/catalogue';
import { responderRoleName } from './member-templates';
import { alertOnAnyDatapoint } from './shared/alarm';
import { handlerOf } from './shared/bundle';
import { lambdaTrustPolicy, policy, policyJson } from './shared/policy';
import { centralStatements } from './shared/responder-policy';
import type { EventPattern } from './shared/rule-patterns';

/** A rule that feeds the responder. */
export interface ResponderRule {
  /** Construct id and rule name suffix, e.g. `guardduty`. */
  readonly id: string;
  readonly description: string;
  readonly pattern: EventPattern;
}

/** Props of {@link Responder}. */
export interface ResponderProps {
  /** Folder under `lambdas/` and registry key. */
  readonly name: ResponderName;
  /** Prefix of the function, role and log group names. */
  readonly prefix: string;
  /** The member role the responder's role may assume. */
  readonly memberRoleName: string;
  /** A CloudWatch Logs retention period, in days. */
  readonly logRetentionDays: number;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Whether the response modes name OUs, so the responder reads an account's OU chain. */
  readonly needsOrganizations: boolean;
  readonly partition: string;
  /** The security account (a token at plan time when not configured). */
  readonly accountId: string;
  readonly organizationId: string;
  readonly alertsTopicArn: string;
  /** KMS key of the alerts topic: publishing to an encrypted topic needs it. */
  readonly alertsKeyArn: string;
  /** The Lambda environment, derived from the configuration. */
  readonly environment: Readonly<Record<string, string>>;
  readonly rules: readonly ResponderRule[];
  /** The bundle of every responder (one asset, one handler folder per responder). */
  readonly bundle: TerraformAsset;
  /** The response ledger's table: the responder writes its responses and takes counter slots. */
  readonly ledgerTableArn?: string;
  /** The ticketing connector (`tickets`): the responder may open tickets through it only. */
  readonly tickets?: { readonly region: string; readonly connectorId: string };
}

/** The Lambda responder and everything it needs to run, fail loudly and be fed. */
export class Responder extends Construct {
  readonly functionName: string;
  readonly functionArn: string;
  readonly roleArn: string;
  readonly deadLetterQueueArn: string;
  readonly ruleArns: string[];

  constructor(scope: Construct, id: string, props: ResponderProps) {
    super(scope, id);
    const { name } = props;
    const functionName = `${props.prefix}-${name}`;

    const logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: props.logRetentionDays,
    });

    const dlq = new SqsQueue(this, 'dlq', {
      name: `${functionName}-dlq`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 14 * 24 * 3600,
    });

    const role = new IamRole(this, 'role', {
      name: responderRoleName(props.prefix, name),
      description: `Role of the ${name} responder: reaches member accounts through ${props.memberRoleName}`,
      assumeRolePolicy: lambdaTrustPolicy(),
    });

    const rolePolicy = new IamRolePolicy(this, 'policy', {
      name: 'responder',
      role: role.id,
      policy: policyJson(
        policy(
          {
            Sid: 'Logs',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: `${logGroup.arn}:*`,
          },
          { Sid: 'DeadLetter', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: dlq.arn },
          {
            Sid: 'AlertsKey',
            Effect: 'Allow',
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
            Resource: props.alertsKeyArn,
          },
          ...centralStatements({
            partition: props.partition,
            accountId: props.accountId,
            organizationId: props.organizationId,
            memberRoleName: props.memberRoleName,
            alertsTopicArn: props.alertsTopicArn,
            needsOrganizations: props.needsOrganizations,
            ...(props.ledgerTableArn ? { ledgerTableArn: props.ledgerTableArn } : {}),
            ...(props.tickets ? { tickets: props.tickets } : {}),
          }),
        ),
      ),
    });

    const fn = new LambdaFunction(this, 'function', {
      functionName,
      description: `Security incident responder: ${name}`,
      role: role.arn,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: handlerOf(name),
      filename: props.bundle.path,
      sourceCodeHash: props.bundle.assetHash,
      timeout: props.timeoutSeconds,
      memorySize: props.memoryMb,
      environment: {
        variables: { ...props.environment, POWERTOOLS_SERVICE_NAME: name },
      },
      loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
      // The role's policy before the function: its first invocation must already reach the
      // logs, the dead-letter queue and the member role.
      dependsOn: [logGroup, rolePolicy],
    });

    new LambdaFunctionEventInvokeConfig(this, 'async', {
      functionName: fn.functionName,
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: 3600,
      destinationConfig: { onFailure: { destination: dlq.arn } },
      // Lambda checks on PutFunctionEventInvokeConfig that the role may send to the destination
      // (sqs:SendMessage, granted by the role policy): without this edge the first apply can
      // race the policy and fail with InvalidParameterValueException.
      // https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
      dependsOn: [rolePolicy],
    });

    this.ruleArns = props.rules.map((r) => {
      const rule = new CloudwatchEventRule(this, `rule-${r.id}`, {
        name: `${functionName}-${r.id}`,
        description: r.description,
        eventPattern: JSON.stringify(r.pattern),
      });
      // Raw events, no input transformer: handlers see the real shape (DESIGN invariant 5).
      new CloudwatchEventTarget(this, `target-${r.id}`, {
        rule: rule.name,
        arn: fn.arn,
        retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 },
        deadLetterConfig: { arn: dlq.arn },
      });
      new LambdaPermission(this, `invoke-${r.id}`, {
        statementId: `events-${r.id}`,
        action: 'lambda:InvokeFunction',
        functionName: fn.functionName,
        principal: 'events.amazonaws.com',
        sourceArn: rule.arn,
      });
      return rule.arn;
    });

    if (this.ruleArns.length > 0) {
      // EventBridge delivers to the dead-letter queue only where the queue policy admits its rules.
      new SqsQueuePolicy(this, 'dlq-policy', {
        queueUrl: dlq.url,
        policy: policyJson(
          policy({
            Sid: 'EventBridgeDeadLetters',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: dlq.arn,
            Condition: { ArnEquals: { 'aws:SourceArn': this.ruleArns } },
          }),
        ),
      });
    }

    new CloudwatchMetricAlarm(this, 'errors-alarm', {
      alarmName: `${functionName}-errors`,
      alarmDescription: `${name} failed at least once: a finding was not handled; see its logs and the alerts`,
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: fn.functionName },
      statistic: 'Sum',
      period: 300,
      ...alertOnAnyDatapoint(props.alertsTopicArn),
    });

    new CloudwatchMetricAlarm(this, 'dlq-alarm', {
      alarmName: `${functionName}-dead-letters`,
      alarmDescription: `${name}: events that could not be handled after retries wait in ${dlq.name}`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: dlq.name },
      statistic: 'Maximum',
      period: 300,
      ...alertOnAnyDatapoint(props.alertsTopicArn),
    });

    this.functionName = fn.functionName;
    this.functionArn = fn.arn;
    this.roleArn = role.arn;
    this.deadLetterQueueArn = dlq.arn;
  }
}
