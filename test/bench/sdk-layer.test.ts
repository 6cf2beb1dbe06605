import {
  DescribeInstancesCommand,
  EC2Client,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { awsError, FakeAws } from '../../bench/fake-aws';
import { routeThroughSdk } from '../../bench/sdk-layer';

const fake = new FakeAws();
const restore = routeThroughSdk(fake, [['ec2', EC2Client]]);

afterAll(() => restore());

const client = () =>
  new EC2Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' },
    maxAttempts: 3,
  });

describe('answers from inside the SDK middleware stack', () => {
  it('answers a command through the real send with its input', async () => {
    // Arrange
    const inputs: unknown[] = [];
    fake.reset({
      'ec2:DescribeInstances': (input) => {
        inputs.push(input);
        return { Reservations: [{ Instances: [{ InstanceId: 'i-0a1b2c3d4e5f60789' }] }] };
      },
    });

    // Act
    const out = await client().send(
      new DescribeInstancesCommand({ InstanceIds: ['i-0a1b2c3d4e5f60789'] }),
    );

    // Assert
    expect(out.Reservations?.[0]?.Instances?.[0]?.InstanceId).toBe('i-0a1b2c3d4e5f60789');
    expect(out.$metadata.attempts).toBe(1);
    expect(inputs).toEqual([{ InstanceIds: ['i-0a1b2c3d4e5f60789'] }]);
  });

  it('lets the SDK retry a throttled call, which then succeeds', async () => {
    // Arrange
    let attempts = 0;
    fake.reset({ 'ec2:ModifyNetworkInterfaceAttribute': () => ({}) });
    fake.inject = () => (++attempts === 1 ? awsError('RequestLimitExceeded') : undefined);

    // Act
    const out = await client().send(
      new ModifyNetworkInterfaceAttributeCommand({
        NetworkInterfaceId: 'eni-0a00000000000a001',
        Groups: ['sg-1'],
      }),
    );

    // Assert
    expect(fake.count('ec2:ModifyNetworkInterfaceAttribute')).toBe(2);
    expect(out.$metadata.attempts).toBe(2);
  });

  it('gives up after the client maxAttempts with the throttling error', async () => {
    // Arrange
    fake.reset({ 'ec2:ModifyNetworkInterfaceAttribute': () => ({}) });
    fake.inject = () => awsError('InvalidGroup.NotFound');

    // Act
    const send = client().send(
      new ModifyNetworkInterfaceAttributeCommand({
        NetworkInterfaceId: 'eni-0a00000000000a001',
        Groups: ['sg-1'],
      }),
    );

    // Assert
    await expect(send).rejects.toThrow(expect.objectContaining({ name: 'InvalidGroup.NotFound' }));
    expect(fake.count('ec2:ModifyNetworkInterfaceAttribute')).toBe(1);
  });
});
