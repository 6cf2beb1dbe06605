import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Testing } from 'cdktf';
// The matchers' types (test/setup.ts installs them at run time).
import type {} from 'cdktf/lib/testing/adapters/jest';
import { Alerts, type AlertsProps } from '../../modules/alerts';
import type { PolicyDocument, Statement } from '../../modules/shared/policy';

interface Synthesized {
  readonly resource: Readonly<
    Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>
  >;
}

const NOTIFY_RULE = 'arn:aws:events:us-east-1:111122223333:rule/acme-ir-securityhub-notify';

const DEFAULT_PROPS: AlertsProps = {
  prefix: 'acme-ir',
  partition: 'aws',
  accountId: '111122223333',
  emails: ['soc@example.com', 'oncall@example.com'],
  publisherRuleArns: [NOTIFY_RULE],
};

function synth(overrides: Partial<AlertsProps> = {}) {
  const json = Testing.synthScope((scope) => {
    new Alerts(scope, 'alerts', { ...DEFAULT_PROPS, ...overrides });
  });
  return { json, parsed: JSON.parse(json) as Synthesized };
}

/** The only resource of `type` (the construct creates one key, one topic policy). */
function only(parsed: Synthesized, type: string): Readonly<Record<string, unknown>> {
  const all = Object.values(parsed.resource[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0] as Readonly<Record<string, unknown>>;
}

const keyPolicy = (parsed: Synthesized) =>
  JSON.parse(String(only(parsed, 'aws_kms_key').policy)) as PolicyDocument;
const topicPolicy = (parsed: Synthesized) =>
  JSON.parse(String(only(parsed, 'aws_sns_topic_policy').policy)) as PolicyDocument;
const bySid = (doc: PolicyDocument, sid: string): Statement | undefined =>
  doc.Statement.find((s) => s.Sid === sid);

/** A statement that admits anyone: `*` as principal (bare or as the AWS principal). */
const isOpenPrincipal = (s: Statement) =>
  s.Principal === '*' ||
  (typeof s.Principal === 'object' && [s.Principal.AWS].flat().some((p) => p === '*'));

describe('alerts: KMS key', () => {
  it('rotates the key, keeps the 30-day deletion window and names its alias after the prefix', () => {
    // Act
    const { json, parsed } = synth();

    // Assert
    expect(json).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 30,
    });
    expect(json).toHaveResourceWithProperties(KmsAlias, { name: 'alias/acme-ir-alerts' });
    expect(only(parsed, 'aws_kms_alias').target_key_id).toMatch(
      /^\$\{aws_kms_key\.alerts_key_[A-Z0-9]+\.key_id\}$/,
    );
  });

  it('admits no unconditioned `*` principal and administers the key from the account root only', () => {
    // Act
    const doc = keyPolicy(synth().parsed);

    // Assert
    expect(doc.Statement.filter((s) => isOpenPrincipal(s) && !s.Condition)).toEqual([]);
    const adminGrants = doc.Statement.filter((s) => [s.Action].flat().includes('kms:*'));
    expect(adminGrants).toEqual([
      expect.objectContaining({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } }),
    ]);
  });

  it('lets CloudWatch of this account only, and EventBridge, encrypt for the topic and nothing more', () => {
    // Act
    const doc = keyPolicy(synth().parsed);

    // Assert
    expect(bySid(doc, 'AlarmsPublishToTopic')).toEqual({
      Sid: 'AlarmsPublishToTopic',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
    });
    // EventBridge's KMS requests carry no source condition keys (see the module); the topic
    // policy narrows it, so the key grant stays limited to the two data-key actions.
    expect(bySid(doc, 'EventRulesPublishToTopic')?.Action).toEqual([
      'kms:GenerateDataKey*',
      'kms:Decrypt',
    ]);
    expect(doc.Statement.map((s) => s.Effect)).not.toContain('Deny');
  });
});

describe('alerts: topic and subscriptions', () => {
  it('encrypts the topic with its own key', () => {
    // Act
    const { json, parsed } = synth();

    // Assert
    expect(json).toHaveResourceWithProperties(SnsTopic, { name: 'acme-ir-alerts' });
    expect(only(parsed, 'aws_sns_topic').kms_master_key_id).toMatch(
      /^\$\{aws_kms_key\.alerts_key_[A-Z0-9]+\.arn\}$/,
    );
  });

  it('subscribes each configured address once, by e-mail', () => {
    // Act
    const { json, parsed } = synth();

    // Assert
    const subscriptions = Object.values(parsed.resource.aws_sns_topic_subscription ?? {});
    expect(subscriptions.map((s) => s.endpoint)).toEqual(['soc@example.com', 'oncall@example.com']);
    expect(json).toHaveResourceWithProperties(SnsTopicSubscription, {
      protocol: 'email',
      endpoint: 'soc@example.com',
    });
    expect(subscriptions.every((s) => s.protocol === 'email')).toBe(true);
  });

  it('creates no subscription when no address is configured', () => {
    // Act
    const { parsed } = synth({ emails: [] });

    // Assert
    expect(parsed.resource.aws_sns_topic_subscription).toBeUndefined();
  });
});

describe('alerts: topic policy', () => {
  it('lets only the given rule ARNs publish through EventBridge', () => {
    // Arrange
    const other = 'arn:aws:events:us-east-1:111122223333:rule/other';

    // Act
    const doc = topicPolicy(synth({ publisherRuleArns: [NOTIFY_RULE, other] }).parsed);

    // Assert
    expect(bySid(doc, 'NotifyRulesPublish')).toEqual(
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: { ArnEquals: { 'aws:SourceArn': [NOTIFY_RULE, other] } },
      }),
    );
  });

  it('admits no EventBridge publisher when no rule is given', () => {
    // Act
    const doc = topicPolicy(synth({ publisherRuleArns: [] }).parsed);

    // Assert
    const principals = doc.Statement.map((s) => JSON.stringify(s.Principal));
    expect(principals.filter((p) => p.includes('events.amazonaws.com'))).toEqual([]);
  });

  it('limits alarms to this account, management to its root, and admits no open principal', () => {
    // Act
    const doc = topicPolicy(synth().parsed);

    // Assert
    expect(doc.Statement.filter(isOpenPrincipal)).toEqual([]);
    expect(bySid(doc, 'AlarmsPublish')?.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '111122223333' },
    });
    expect(bySid(doc, 'OwnerManages')?.Principal).toEqual({
      AWS: 'arn:aws:iam::111122223333:root',
    });
    // Every statement is about this topic, never `*`.
    expect(doc.Statement.map((s) => s.Resource)).not.toContain('*');
    expect(
      doc.Statement.every((s) =>
        /^\$\{aws_sns_topic\.alerts_topic_[A-Z0-9]+\.arn\}$/.test(String(s.Resource)),
      ),
    ).toBe(true);
  });
});

describe('alerts: partition', () => {
  it('writes every account principal in the given partition', () => {
    // Act
    const { parsed } = synth({ partition: 'aws-cn', accountId: '444455556666' });

    // Assert
    const root = { AWS: 'arn:aws-cn:iam::444455556666:root' };
    expect(bySid(keyPolicy(parsed), 'AccountAdministers')?.Principal).toEqual(root);
    expect(bySid(topicPolicy(parsed), 'OwnerManages')?.Principal).toEqual(root);
    expect(JSON.stringify(parsed)).not.toContain('arn:aws:iam');
  });
});
