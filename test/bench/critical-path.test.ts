import {
  DescribeInstancesCommand,
  EC2Client,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { measurePath } from '../../bench/critical-path';
import { FakeAws } from '../../bench/fake-aws';
import type { Scenario } from '../../bench/scenarios';

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
