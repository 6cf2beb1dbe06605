import {
  DescribeInstancesCommand,
  EC2Client,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { measurePath, measurePaths, type PathResult } from '../../bench/critical-path';
import { FakeAws } from '../../bench/fake-aws';
import { type Scenario, scenarios } from '../../bench/scenarios';

const fake = new FakeAws();

/** A tiny responder: assume, read twice at once, move two interfaces at once, notify. */
async function tinyHandler() {
  const region = 'us-east-1';
  const credentials = { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' };
  const ec2 = new EC2Client({ region, credentials });
  await new STSClient({ region, credentials }).send(
    new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/r', RoleSessionName: 's' }),
  );
  await Promise.all([
    ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0a1b2c3d4e5f60789'] })),
    ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0a1b2c3d4e5f6aaaa'] })),
  ]);
  await Promise.all(
    ['eni-0a00000000000a001', 'eni-0a00000000000a002'].map((id) =>
      ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Groups: ['sg-1'] }),
      ),
    ),
  );
  await new SNSClient({ region, credentials }).send(
    new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:111111111111:t', Message: 'done' }),
  );
  return { outcomes: [] };
}

const tiny: Scenario = {
  id: 'tiny',
  label: 'tiny responder',
  responder: 'isolate-ec2',
  handler: tinyHandler,
  container: 'cold',
  member: () => ({
    'ec2:DescribeInstances': () => ({ Reservations: [] }),
    'ec2:ModifyNetworkInterfaceAttribute': () => ({}),
    'sns:Publish': () => ({ MessageId: 'm-1' }),
  }),
  event: () => ({}),
  target: 3,
};

describe('critical path of a scenario', () => {
  it('counts round trips to the last containment call, and every call', async () => {
    // Arrange
    await measurePath(fake, tiny, 0);

    // Act
    const result = await measurePath(fake, tiny, 10);

    // Assert
    expect(result).toEqual(
      expect.objectContaining({
        sequential: 3,
        depthOfAll: 4,
        totalCalls: 6,
        assumeRoleCalls: 1,
        containmentCalls: 2,
        target: 3,
        meetsTarget: true,
      }),
    );
    expect(result.chain).toEqual([
      'sts:AssumeRole',
      'ec2:DescribeInstances x2',
      'ec2:ModifyNetworkInterfaceAttribute x2',
      'sns:Publish',
    ]);
    expect(result.simulatedMs).toBeGreaterThanOrEqual(29);
  });

  it('reports a missed target', async () => {
    // Arrange, Act
    const result = await measurePath(fake, { ...tiny, target: 2 }, 1);

    // Assert
    expect(result.meetsTarget).toBe(false);
  });
});

describe('critical path of the isolation scenarios (exact depths, mocked AWS)', () => {
  let results: PathResult[];
  beforeAll(async () => {
    const isolation = scenarios().filter((s) => s.id.startsWith('isolate-'));
    results = await measurePaths(new FakeAws(), isolation, 2);
  });
  const of = (id: string) => results.find((r) => r.id === id);

  it('isolates on a VPC first incident in 4 round trips when the groups were prepared', () => {
    expect(of('isolate-1-first-prepared')).toMatchObject({
      sequential: 4,
      statuses: ['contained'],
    });
    expect(of('isolate-3-cold-exist')).toMatchObject({ sequential: 4, statuses: ['contained'] });
    expect(of('isolate-1-first-prepared')?.chain[1]).toBe(
      'ec2:DescribeInstances || ec2:DescribeSecurityGroups',
    );
  });

  it('isolates from a warm container in 3, and creates missing groups in 6', () => {
    expect(of('isolate-1-warm')).toMatchObject({ sequential: 3, statuses: ['contained'] });
    expect(of('isolate-3-warm')).toMatchObject({ sequential: 3, statuses: ['contained'] });
    expect(of('isolate-1-cold-new')).toMatchObject({ sequential: 6, statuses: ['contained'] });
  });

  it('meets every isolation target', () => {
    expect(results.filter((r) => !r.meetsTarget).map((r) => r.label)).toEqual([]);
  });
});
