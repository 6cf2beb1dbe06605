/**
 * The alerts topic: KMS-encrypted, with a topic policy that admits only the publishers that need
 * it (CloudWatch alarms of this account, the Notify custom-action rules, the responders' roles
 * through their IAM policies) and e-mail subscriptions from the configuration.
 */
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { policy, policyJson, type Statement } from './shared/policy';

/** Props of {@link Alerts}. */
export interface AlertsProps {
  readonly prefix: string;
  readonly partition: string;
  /** The security account. */
  readonly accountId: string;
  readonly emails: readonly string[];
  /** EventBridge rules of this account that publish raw events (the Notify custom action). */
  readonly publisherRuleArns: readonly string[];
}

/** The encrypted alerts topic and its key. */
export class Alerts extends Construct {
  readonly topicArn: string;
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    const root = `arn:${props.partition}:iam::${props.accountId}:root`;
    const key = new KmsKey(this, 'key', {
      description: `${props.prefix}: encrypts the security alerts topic`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyJson(
        policy(
          {
            Sid: 'AccountAdministers',
            Effect: 'Allow',
            Principal: { AWS: root },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Sid: 'AlarmsPublishToTopic',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
          },
          {
            // EventBridge's KMS requests carry no aws:SourceAccount / aws:SourceArn: a condition
            // here would drop every Notify event silently. The topic policy narrows it instead.
            Sid: 'EventRulesPublishToTopic',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Resource: '*',
          },
        ),
      ),
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.prefix}-alerts`, targetKeyId: key.keyId });
    const topic = new SnsTopic(this, 'topic', {
      name: `${props.prefix}-alerts`,
      kmsMasterKeyId: key.arn,
    });
    for (const [i, email] of props.emails.entries()) {
      new SnsTopicSubscription(this, `email-${i}`, {
        topicArn: topic.arn,
        protocol: 'email',
        endpoint: email,
      });
    }
    const statements: Statement[] = [
      {
        Sid: 'OwnerManages',
        Effect: 'Allow',
        Principal: { AWS: `arn:${props.partition}:iam::${props.accountId}:root` },
        Action: [
          'sns:GetTopicAttributes',
          'sns:SetTopicAttributes',
          'sns:Subscribe',
          'sns:ListSubscriptionsByTopic',
          'sns:Publish',
        ],
        Resource: topic.arn,
      },
      {
        Sid: 'AlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topic.arn,
        Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
      },
    ];
    if (props.publisherRuleArns.length > 0) {
      statements.push({
        Sid: 'NotifyRulesPublish',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topic.arn,
        Condition: { ArnEquals: { 'aws:SourceArn': props.publisherRuleArns } },
      });
    }
    new SnsTopicPolicy(this, 'policy', {
      arn: topic.arn,
      policy: policyJson(policy(...statements)),
    });
    this.topicArn = topic.arn;
    this.keyArn = key.arn;
  }
}
