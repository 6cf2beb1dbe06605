import { burstFindings, runBurst, throttleEveryNth } from '../../bench/burst';
import { FakeAws } from '../../bench/fake-aws';

const fake = new FakeAws();
fake.useMocks();

describe('burst: findings and throttling', () => {
  it('spreads the findings over every account and region', () => {
    // Arrange, Act
    const findings = burstFindings({
      findings: 12,
      accounts: 2,
      regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
    });

    // Assert
    const pairs = new Set(findings.map((f) => `${f.accountId}/${f.region}`));
    expect(pairs.size).toBe(6);
    expect(new Set(findings.map((f) => f.instanceId)).size).toBe(12);
    expect(findings[0]?.accountId).toBe('300000000000');
    expect(findings[1]?.accountId).toBe('300000000001');
  });

  it('throttles exactly every n-th mutating call and never a read or a recording call', () => {
    // Arrange
    const counter = { mutating: 0, throttled: 0 };
    const inject = throttleEveryNth(3, counter);
    const actions = [
      'ec2:DescribeInstances',
      'ec2:ModifyNetworkInterfaceAttribute',
      'ec2:CreateTags',
      'sns:Publish',
      'ec2:ModifyNetworkInterfaceAttribute',
      'ec2:CreateSnapshots',
      'ec2:CreateTags',
    ];

    // Act
    const errors = actions.map((a) => inject(a)?.name);

    // Assert
    expect(errors).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      'RequestLimitExceeded',
      undefined,
      undefined,
    ]);
    expect(counter).toEqual({ mutating: 5, throttled: 1 });
  });
});

describe('burst: one warm handler', () => {
  it('contains every finding and assumes the role once per account', async () => {
    // Arrange
    const options = {
      findings: 8,
      accounts: 2,
      regions: ['us-east-1', 'eu-west-1'],
      throttleEvery: 0,
      maxDeliveries: 3,
      concurrency: 1,
    };

    // Act
    const result = await runBurst(fake, options);

    // Assert
    expect(result.assumeRoleCalls).toBe(2);
    expect(result.invocations).toBe(8);
    expect(result.end).toEqual(
      expect.objectContaining({
        complete: 8,
        deliveries: [8, 0, 0],
        lostSilently: 0,
        deadLettered: 0,
      }),
    );
  });

  it('re-delivers failed events and accounts for every finding at the end', async () => {
    // Arrange
    const options = {
      findings: 8,
      accounts: 2,
      regions: ['us-east-1', 'eu-west-1'],
      throttleEvery: 4,
      maxDeliveries: 3,
      concurrency: 1,
    };

    // Act
    const result = await runBurst(fake, options);

    // Assert
    const e = result.end;
    expect(result.throttledCalls).toBeGreaterThan(0);
    expect(e.failedDeliveries).toBe(result.invocations - 8 + e.deadLettered);
    expect(e.failedDeliveriesNotified).toBe(e.failedDeliveries);
    expect(e.complete + e.isolatedWithoutEvidence + e.failedLoudly + e.lostSilently).toBe(8);
    expect(e.lostSilently).toBe(0);
    expect(e.deliveries.reduce((a, b) => a + b, 0)).toBe(8);
  });
});
