import { CloudwatchEventPermission } from '@cdktf/provider-aws/lib/cloudwatch-event-permission';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing } from 'cdktf';
// The matchers' types (test/setup.ts installs them at run time).
import type {} from 'cdktf/lib/testing/adapters/jest';
import type { Construct } from 'constructs';
import { EventRouting, type EventRoutingProps } from '../../modules/event-routing';
import type { PolicyDocument } from '../../modules/shared/policy';
import type { EventPattern } from '../../modules/shared/rule-patterns';

type Resource = Readonly<Record<string, unknown>>;
interface Synthesized {
  readonly resource: Readonly<Record<string, Readonly<Record<string, Resource>>>>;
}

const HOME_BUS = 'arn:aws:events:us-east-1:111122223333:event-bus/default';
const GUARDDUTY: EventPattern = { source: ['aws.guardduty'] };
const CONFIG: EventPattern = { source: ['aws.config'] };

type Forwarded = EventRoutingProps['forwarded'];
const FORWARDED: Forwarded = { guardduty: () => GUARDDUTY, config: () => CONFIG };

/** The construct alone, with one aliased provider per remote region. */
function synth(remoteRegions: readonly string[], forwarded: Forwarded = FORWARDED) {
  const json = Testing.synthScope((scope: Construct) => {
    const remoteProviders = new Map(
      remoteRegions.map((region) => [
        region,
        new AwsProvider(scope, `aws-${region}`, { region, alias: region }),
      ]),
    );
    new EventRouting(scope, 'routing', {
      prefix: 'acme-ir',
      partition: 'aws',
      accountId: '111122223333',
      organizationId: 'o-abcdefghij',
      homeRegion: 'us-east-1',
      remoteProviders,
      forwarded,
    });
  });
  return { json, parsed: JSON.parse(json) as Synthesized };
}

const all = (parsed: Synthesized, type: string): Resource[] =>
  Object.values(parsed.resource[type] ?? {});

describe('event routing: organization permission on the home bus', () => {
  it('adds one statement for the organization, never the whole bus policy', () => {
    // Act
    const { json, parsed } = synth([]);

    // Assert
    expect(json).toHaveResourceWithProperties(CloudwatchEventPermission, {
      event_bus_name: 'default',
      statement_id: 'acme-ir-organization-put-events',
      principal: '*',
      action: 'events:PutEvents',
      condition: { key: 'aws:PrincipalOrgID', type: 'StringEquals', value: 'o-abcdefghij' },
    });
    expect(all(parsed, 'aws_cloudwatch_event_permission')).toHaveLength(1);
    expect(parsed.resource.aws_cloudwatch_event_bus_policy).toBeUndefined();
  });

  it('creates no forwarder, rule or target when the home region is the only one', () => {
    // Act
    const { parsed } = synth([]);

    // Assert
    expect(Object.keys(parsed.resource)).toEqual(['aws_cloudwatch_event_permission']);
  });
});

describe('event routing: forwarder role', () => {
  const { json, parsed } = synth(['eu-west-1']);

  it('is assumable by EventBridge of this account only', () => {
    // Assert
    expect(json).toHaveResourceWithProperties(IamRole, { name: 'acme-ir-region-forwarder' });
    const [role] = all(parsed, 'aws_iam_role');
    expect(JSON.parse(String(role?.assume_role_policy))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
        },
      ],
    });
  });

  it('may only put events on the home bus', () => {
    // Assert
    const policies = all(parsed, 'aws_iam_role_policy');
    expect(policies).toHaveLength(1);
    const doc = JSON.parse(String(policies[0]?.policy)) as PolicyDocument;
    expect(doc.Statement).toEqual([
      { Effect: 'Allow', Action: 'events:PutEvents', Resource: HOME_BUS },
    ]);
    expect(policies[0]?.role).toMatch(/^\$\{aws_iam_role\.routing_forwarder_[A-Z0-9]+\.id\}$/);
  });
});

describe('event routing: forwarding rules', () => {
  it('creates one rule and one target per forwarded key and remote region, each on its region provider', () => {
    // Act
    const { parsed } = synth(['eu-west-1', 'ap-southeast-2']);

    // Assert
    const rules = all(parsed, 'aws_cloudwatch_event_rule');
    const targets = all(parsed, 'aws_cloudwatch_event_target');
    const placed = (r: Resource) => `${r.provider} ${r.name ?? ''} ${r.event_pattern ?? ''}`;
    expect(rules.map(placed).sort()).toEqual(
      [
        `aws.ap-southeast-2 acme-ir-forward-config ${JSON.stringify(CONFIG)}`,
        `aws.ap-southeast-2 acme-ir-forward-guardduty ${JSON.stringify(GUARDDUTY)}`,
        `aws.eu-west-1 acme-ir-forward-config ${JSON.stringify(CONFIG)}`,
        `aws.eu-west-1 acme-ir-forward-guardduty ${JSON.stringify(GUARDDUTY)}`,
      ].sort(),
    );
    expect(targets.map((t) => t.provider).sort()).toEqual([
      'aws.ap-southeast-2',
      'aws.ap-southeast-2',
      'aws.eu-west-1',
      'aws.eu-west-1',
    ]);
  });

  it('sends each target to the home bus through the forwarder role, after its policy exists', () => {
    // Act
    const { parsed } = synth(['eu-west-1']);

    // Assert
    const targets = all(parsed, 'aws_cloudwatch_event_target');
    expect(targets).toHaveLength(2);
    for (const target of targets) {
      expect(target).toEqual(
        expect.objectContaining({
          arn: HOME_BUS,
          role_arn: expect.stringMatching(/^\$\{aws_iam_role\.routing_forwarder_[A-Z0-9]+\.arn\}$/),
          rule: expect.stringMatching(/^\$\{aws_cloudwatch_event_rule\.routing_.+\.name\}$/),
          depends_on: [
            expect.stringMatching(/^aws_iam_role_policy\.routing_forwarder-policy_[A-Z0-9]+$/),
          ],
        }),
      );
    }
  });

  it('asks each forwarded function for its region and creates no rule where it returns undefined', () => {
    // Arrange
    const asked: string[] = [];
    const forwarded: Forwarded = {
      guardduty: () => GUARDDUTY,
      securityhub: (region) => {
        asked.push(region);
        return region === 'eu-west-1'
          ? { source: ['aws.securityhub'], region: [region] }
          : undefined;
      },
      config: () => undefined,
    };

    // Act
    const { parsed } = synth(['eu-west-1', 'ap-southeast-2'], forwarded);

    // Assert
    expect(asked.sort()).toEqual(['ap-southeast-2', 'eu-west-1']);
    const rules = all(parsed, 'aws_cloudwatch_event_rule');
    expect(rules.map((r) => `${r.provider} ${r.name}`).sort()).toEqual([
      'aws.ap-southeast-2 acme-ir-forward-guardduty',
      'aws.eu-west-1 acme-ir-forward-guardduty',
      'aws.eu-west-1 acme-ir-forward-securityhub',
    ]);
    expect(rules.find((r) => r.name === 'acme-ir-forward-securityhub')?.event_pattern).toBe(
      JSON.stringify({ source: ['aws.securityhub'], region: ['eu-west-1'] }),
    );
    expect(all(parsed, 'aws_cloudwatch_event_target')).toHaveLength(3);
  });
});
