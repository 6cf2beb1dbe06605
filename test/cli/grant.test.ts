import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  type EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2';
import {
  ListUserTagsCommand,
  TagRoleCommand,
  TagUserCommand,
  UntagUserCommand,
} from '@aws-sdk/client-iam';
import {
  ListTagsCommand,
  TagResourceCommand as TagFunctionCommand,
  UntagResourceCommand as UntagFunctionCommand,
} from '@aws-sdk/client-lambda';
import {
  DeleteBucketTaggingCommand,
  GetBucketAbacCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  PutBucketAbacCommand,
  PutBucketTaggingCommand,
} from '@aws-sdk/client-s3';
import {
  ListTagsForResourceCommand,
  S3ControlClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-s3-control';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { grantException, revokeException } from '../../cli/grant';
import { awsError, createMocks, inputsOf, resetAll, sentActions } from '../support/aws';

const mocks = createMocks();
// The shared mocks have no S3 Control client: only the CLI tags buckets through it.
const control = mockClient(S3ControlClient);

const NOW = new Date('2026-03-02T10:00:00Z');
const ACCOUNT = '222222222222';
const INSTANCE = 'i-0a1b2c3d4e5f60789';
const ENIS = ['eni-0a00000000000a001', 'eni-0a00000000000a002'];
const VOLUMES = ['vol-0a00000000000b001', 'vol-0a00000000000b002'];
const GROUP = 'sg-0a1b2c3d4e5f60718';
const CONFIG = { exceptionTagKey: 'SecurityException' };

function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

const BUCKET_ARN = 'arn:aws:s3:::forensics-archive';

/** S3 and S3 Control commands in call order, e.g. `s3:GetBucketAbac`, `s3control:TagResource`. */
function bucketActions(): string[] {
  const calls = [
    ...mocks.s3.calls().map((call) => ({ call, prefix: 's3' })),
    ...control.calls().map((call) => ({ call, prefix: 's3control' })),
  ];
  calls.sort((a, b) => (a.call.calledBefore(b.call) ? -1 : 1));
  return calls.map(({ call, prefix }) => {
    const name = (call.args[0] as object).constructor.name;
    return `${prefix}:${name.replace(/Command$/, '')}`;
  });
}

/** A bucket with ABAC on in `region`, carrying `tags`, that S3 Control tags and untags. */
function answerAbacBucket(tags: { Key: string; Value: string }[], region = 'eu-central-1'): void {
  mocks.s3.on(GetBucketAbacCommand).resolves({ AbacStatus: { Status: 'Enabled' } });
  mocks.s3.on(HeadBucketCommand).resolves({ BucketRegion: region });
  control.on(ListTagsForResourceCommand).resolves({ Tags: tags });
  control.on(TagResourceCommand).resolves({});
  control.on(UntagResourceCommand).resolves({});
}

function instance(tags: Instance['Tags'] = [{ Key: 'Name', Value: 'web-01' }]): Instance {
  return {
    InstanceId: INSTANCE,
    Tags: tags,
    NetworkInterfaces: ENIS.map((id) => ({ NetworkInterfaceId: id })),
    BlockDeviceMappings: VOLUMES.map((id, i) => ({
      DeviceName: `/dev/xvd${'ab'[i]}`,
      Ebs: { VolumeId: id },
    })),
  };
}

function answerInstance(tags?: Instance['Tags']): void {
  mocks.ec2
    .on(DescribeInstancesCommand)
    .resolves({ Reservations: [{ Instances: [instance(tags)] }] });
  mocks.ec2.on(CreateTagsCommand).resolves({});
  mocks.ec2.on(DeleteTagsCommand).resolves({});
}

beforeEach(() => {
  resetAll(mocks);
  control.reset();
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
});

describe('grant: EC2 instance', () => {
  it('tags the instance, every network interface and every volume in one CreateTags call', async () => {
    // Arrange
    answerInstance();
    const out = sink();

    // Act
    const change = await grantException(
      {
        resource: INSTANCE,
        ticket: 'CHG-1234',
        expires: '2026-12-31',
        region: 'eu-west-1',
        now: NOW,
      },
      CONFIG,
      out,
    );

    // Assert
    expect(inputsOf<DescribeInstancesCommandInput>(mocks.ec2, DescribeInstancesCommand)).toEqual([
      { InstanceIds: [INSTANCE] },
    ]);
    expect(inputsOf(mocks.ec2, CreateTagsCommand)).toEqual([
      {
        Resources: [INSTANCE, ...ENIS, ...VOLUMES],
        Tags: [{ Key: 'SecurityException', Value: 'CHG-1234;expires=2026-12-31' }],
      },
    ]);
    expect(change.resources.map((r) => r.type)).toEqual([
      'instance',
      'network interface',
      'network interface',
      'volume',
      'volume',
    ]);
    const client = mocks.ec2.call(0).thisValue as EC2Client;
    await expect(client.config.region()).resolves.toBe('eu-west-1');
    expect(out.text()).toContain(
      `Granted SecurityException=CHG-1234;expires=2026-12-31 in account ${ACCOUNT}, eu-west-1:`,
    );
    expect(out.text()).toMatch(/eni-0a00000000000a002\s+network interface/);
    expect(out.text()).toMatch(/vol-0a00000000000b001\s+volume/);
  });

  it('writes a ticket without expiry as the bare ticket', async () => {
    // Arrange
    answerInstance();

    // Act
    await grantException({ resource: INSTANCE, ticket: ' CHG-1 ', now: NOW }, CONFIG, sink());

    // Assert
    expect(inputsOf(mocks.ec2, CreateTagsCommand)[0]?.Tags).toEqual([
      { Key: 'SecurityException', Value: 'CHG-1' },
    ]);
  });

  it('overwrites a letter-case variant of the key the instance already carries', async () => {
    // Arrange
    answerInstance([{ Key: 'securityexception', Value: 'OLD-1;expires=2026-01-01' }]);
    const out = sink();

    // Act
    await grantException({ resource: INSTANCE, ticket: 'CHG-2', now: NOW }, CONFIG, out);

    // Assert
    expect(inputsOf(mocks.ec2, CreateTagsCommand)[0]?.Tags).toEqual([
      { Key: 'securityexception', Value: 'CHG-2' },
    ]);
  });

  it('takes the region from an instance ARN and uses the configured tag key', async () => {
    // Arrange
    answerInstance();

    // Act
    await grantException(
      {
        resource: `arn:aws:ec2:ap-southeast-2:${ACCOUNT}:instance/${INSTANCE}`,
        ticket: 'CHG-3',
        now: NOW,
      },
      { exceptionTagKey: 'IR-Exception' },
      sink(),
    );

    // Assert
    const client = mocks.ec2.call(0).thisValue as EC2Client;
    await expect(client.config.region()).resolves.toBe('ap-southeast-2');
    expect(inputsOf(mocks.ec2, CreateTagsCommand)[0]?.Tags?.[0]?.Key).toBe('IR-Exception');
  });
});

describe('grant: security group', () => {
  it('tags the group with CreateTags', async () => {
    // Arrange
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: GROUP, Tags: [] }] });
    mocks.ec2.on(CreateTagsCommand).resolves({});

    // Act
    await grantException(
      { resource: GROUP, ticket: 'CHG-5', region: 'us-east-1', tagKey: 'Exempt', now: NOW },
      CONFIG,
      sink(),
    );

    // Assert
    expect(inputsOf(mocks.ec2, CreateTagsCommand)).toEqual([
      { Resources: [GROUP], Tags: [{ Key: 'Exempt', Value: 'CHG-5' }] },
    ]);
  });
});

describe('grant: security group that carries the key in another letter case', () => {
  it('overwrites that spelling instead of adding a twin, and says what it replaced', async () => {
    // Arrange
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [{ GroupId: GROUP, Tags: [{ Key: 'exempt', Value: 'OLD-2' }] }],
    });
    mocks.ec2.on(CreateTagsCommand).resolves({});
    const out = sink();

    // Act
    await grantException(
      { resource: GROUP, ticket: 'CHG-6', region: 'us-east-1', tagKey: 'Exempt', now: NOW },
      CONFIG,
      out,
    );

    // Assert
    expect(inputsOf(mocks.ec2, CreateTagsCommand)).toEqual([
      { Resources: [GROUP], Tags: [{ Key: 'exempt', Value: 'CHG-6' }] },
    ]);
    expect(out.text()).toContain('replacing "OLD-2"');
  });

  it('refuses a group that is not in the account and region, before any change', async () => {
    // Arrange
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });

    // Act
    const run = grantException(
      { resource: GROUP, ticket: 'CHG-6', region: 'us-east-1', now: NOW },
      CONFIG,
      sink(),
    );

    // Assert
    await expect(run).rejects.toThrow(`security group ${GROUP} was not found`);
    expect(inputsOf(mocks.ec2, CreateTagsCommand)).toEqual([]);
  });
});

describe('grant: EBS snapshot', () => {
  const SNAPSHOT = 'snap-0a1b2c3d4e5f60718';

  it('tags a snapshot of the account, keeping the spelling of a key it already carries', async () => {
    // Arrange
    mocks.ec2.on(DescribeSnapshotsCommand).resolves({
      Snapshots: [{ SnapshotId: SNAPSHOT, Tags: [{ Key: 'securityexception', Value: 'OLD-1' }] }],
    });
    mocks.ec2.on(CreateTagsCommand).resolves({});
    const out = sink();

    // Act
    await grantException(
      {
        resource: `arn:aws:ec2:eu-west-1::snapshot/${SNAPSHOT}`,
        ticket: 'CHG-8',
        expires: '2026-04-01',
        now: NOW,
      },
      CONFIG,
      out,
    );

    // Assert
    expect(mocks.ec2.commandCalls(DescribeSnapshotsCommand).map((c) => c.args[0].input)).toEqual([
      { SnapshotIds: [SNAPSHOT], OwnerIds: ['self'] },
    ]);
    expect(inputsOf(mocks.ec2, CreateTagsCommand)).toEqual([
      {
        Resources: [SNAPSHOT],
        Tags: [{ Key: 'securityexception', Value: 'CHG-8;expires=2026-04-01' }],
      },
    ]);
    expect(out.text()).toContain(`in account ${ACCOUNT}, eu-west-1`);
    expect(out.text()).toContain('replacing "OLD-1"');
  });

  it('refuses a snapshot the account does not own, before any change', async () => {
    mocks.ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });

    await expect(
      grantException(
        { resource: SNAPSHOT, ticket: 'CHG-8', region: 'us-east-1', now: NOW },
        CONFIG,
        sink(),
      ),
    ).rejects.toThrow(`snapshot ${SNAPSHOT} is not one of this account in this region`);

    expect(mocks.ec2.commandCalls(CreateTagsCommand)).toHaveLength(0);
  });

  it('revokes every letter-case variant from a snapshot', async () => {
    mocks.ec2.on(DescribeSnapshotsCommand).resolves({
      Snapshots: [
        {
          SnapshotId: SNAPSHOT,
          Tags: [
            { Key: 'SecurityException', Value: 'A' },
            { Key: 'SECURITYEXCEPTION', Value: 'B' },
          ],
        },
      ],
    });
    mocks.ec2.on(DeleteTagsCommand).resolves({});

    await revokeException({ resource: SNAPSHOT, region: 'us-east-1' }, CONFIG, sink());

    expect(inputsOf(mocks.ec2, DeleteTagsCommand)).toEqual([
      { Resources: [SNAPSHOT], Tags: [{ Key: 'SecurityException' }, { Key: 'SECURITYEXCEPTION' }] },
    ]);
  });
});

describe('grant: S3 bucket with ABAC off', () => {
  it('writes the merged tag set, keeping every other tag, then enables bucket ABAC', async () => {
    // Arrange
    mocks.s3.on(GetBucketAbacCommand).resolves({ AbacStatus: { Status: 'Disabled' } });
    mocks.s3.on(GetBucketTaggingCommand).resolves({
      TagSet: [
        { Key: 'team', Value: 'data' },
        { Key: 'securityexception', Value: 'OLD-1' },
        { Key: 'cost-centre', Value: '42' },
      ],
    });
    mocks.s3.on(PutBucketTaggingCommand).resolves({});
    mocks.s3.on(PutBucketAbacCommand).resolves({});
    const out = sink();

    // Act
    await grantException({ resource: BUCKET_ARN, ticket: 'SEC-77', now: NOW }, CONFIG, out);

    // Assert
    expect(bucketActions()).toEqual([
      's3:GetBucketAbac',
      's3:GetBucketTagging',
      's3:PutBucketTagging',
      's3:PutBucketAbac',
    ]);
    expect(inputsOf(mocks.s3, PutBucketTaggingCommand)).toEqual([
      {
        Bucket: 'forensics-archive',
        ExpectedBucketOwner: ACCOUNT,
        Tagging: {
          TagSet: [
            { Key: 'team', Value: 'data' },
            { Key: 'cost-centre', Value: '42' },
            { Key: 'SecurityException', Value: 'SEC-77' },
          ],
        },
      },
    ]);
    expect(inputsOf(mocks.s3, PutBucketAbacCommand)).toEqual([
      {
        Bucket: 'forensics-archive',
        ExpectedBucketOwner: ACCOUNT,
        AbacStatus: { Status: 'Enabled' },
      },
    ]);
    expect(out.text()).toContain('(replacing "OLD-1")');
    expect(out.text()).toContain('enabled bucket ABAC');
  });

  it('never writes back system tags (aws:*), which a requester cannot set', async () => {
    // Arrange
    mocks.s3.on(GetBucketAbacCommand).resolves({});
    mocks.s3.on(GetBucketTaggingCommand).resolves({
      TagSet: [
        { Key: 'aws:cloudformation:stack-name', Value: 'data-lake' },
        { Key: 'team', Value: 'data' },
      ],
    });
    mocks.s3.on(PutBucketTaggingCommand).resolves({});
    mocks.s3.on(PutBucketAbacCommand).resolves({});

    // Act
    await grantException({ resource: BUCKET_ARN, ticket: 'SEC-79', now: NOW }, CONFIG, sink());

    // Assert
    expect(inputsOf(mocks.s3, PutBucketTaggingCommand)[0]?.Tagging).toEqual({
      TagSet: [
        { Key: 'team', Value: 'data' },
        { Key: 'SecurityException', Value: 'SEC-79' },
      ],
    });
  });

  it('treats NoSuchTagSet as a bucket without tags', async () => {
    // Arrange
    mocks.s3.on(GetBucketAbacCommand).resolves({});
    mocks.s3.on(GetBucketTaggingCommand).rejects(awsError('NoSuchTagSet'));
    mocks.s3.on(PutBucketTaggingCommand).resolves({});
    mocks.s3.on(PutBucketAbacCommand).resolves({});

    // Act
    await grantException(
      { resource: 's3://forensics-archive', ticket: 'SEC-78', now: NOW },
      CONFIG,
      sink(),
    );

    // Assert
    expect(inputsOf(mocks.s3, PutBucketTaggingCommand)[0]?.Tagging).toEqual({
      TagSet: [{ Key: 'SecurityException', Value: 'SEC-78' }],
    });
    expect(inputsOf(mocks.s3, PutBucketAbacCommand)).toHaveLength(1);
  });

  it('does not enable ABAC when the tag set cannot be written', async () => {
    // Arrange
    mocks.s3.on(GetBucketAbacCommand).resolves({});
    mocks.s3.on(GetBucketTaggingCommand).resolves({ TagSet: [] });
    mocks.s3.on(PutBucketTaggingCommand).rejects(awsError('AccessDenied'));

    // Act
    const run = grantException(
      { resource: 's3://forensics-archive', ticket: 'SEC-80', now: NOW },
      CONFIG,
      sink(),
    );

    // Assert
    await expect(run).rejects.toThrow('AccessDenied');
    expect(inputsOf(mocks.s3, PutBucketAbacCommand)).toEqual([]);
  });
});

describe('grant: S3 bucket with ABAC on', () => {
  it('tags the bucket with S3 Control TagResource in its own region, and never with PutBucketTagging', async () => {
    // Arrange
    answerAbacBucket([{ Key: 'team', Value: 'data' }]);
    const out = sink();

    // Act
    await grantException(
      { resource: 's3://forensics-archive', ticket: 'SEC-79', region: 'us-east-1', now: NOW },
      CONFIG,
      out,
    );

    // Assert
    expect(bucketActions()).toEqual([
      's3:GetBucketAbac',
      's3:HeadBucket',
      's3control:ListTagsForResource',
      's3control:TagResource',
    ]);
    expect(inputsOf(mocks.s3, HeadBucketCommand)).toEqual([
      { Bucket: 'forensics-archive', ExpectedBucketOwner: ACCOUNT },
    ]);
    expect(inputsOf(control, ListTagsForResourceCommand)).toEqual([
      { AccountId: ACCOUNT, ResourceArn: BUCKET_ARN },
    ]);
    expect(inputsOf(control, TagResourceCommand)).toEqual([
      {
        AccountId: ACCOUNT,
        ResourceArn: BUCKET_ARN,
        Tags: [{ Key: 'SecurityException', Value: 'SEC-79' }],
      },
    ]);
    expect(inputsOf(control, UntagResourceCommand)).toEqual([]);
    expect(inputsOf(mocks.s3, PutBucketTaggingCommand)).toEqual([]);
    expect(inputsOf(mocks.s3, PutBucketAbacCommand)).toEqual([]);
    const client = control.call(0).thisValue as S3ControlClient;
    await expect(client.config.region()).resolves.toBe('eu-central-1');
    expect(out.text()).toContain('S3 Control TagResource in eu-central-1');
  });

  it('replaces the value of the same key when an exception is extended', async () => {
    // Arrange
    answerAbacBucket([{ Key: 'SecurityException', Value: 'SEC-79;expires=2026-03-31' }]);
    const out = sink();

    // Act
    await grantException(
      { resource: BUCKET_ARN, ticket: 'SEC-79', expires: '2026-06-30', now: NOW },
      CONFIG,
      out,
    );

    // Assert
    expect(inputsOf(control, TagResourceCommand)).toEqual([
      {
        AccountId: ACCOUNT,
        ResourceArn: BUCKET_ARN,
        Tags: [{ Key: 'SecurityException', Value: 'SEC-79;expires=2026-06-30' }],
      },
    ]);
    expect(inputsOf(control, UntagResourceCommand)).toEqual([]);
    expect(out.text()).toContain('(replacing "SEC-79;expires=2026-03-31")');
  });

  it('removes the other letter-case variants with UntagResource before TagResource', async () => {
    // Arrange
    answerAbacBucket([
      { Key: 'securityexception', Value: 'OLD-1' },
      { Key: 'team', Value: 'data' },
      { Key: 'SecurityException', Value: 'OLD-2' },
      { Key: 'SECURITYEXCEPTION', Value: 'OLD-3' },
    ]);
    const out = sink();

    // Act
    await grantException({ resource: BUCKET_ARN, ticket: 'SEC-81', now: NOW }, CONFIG, out);

    // Assert
    expect(bucketActions()).toEqual([
      's3:GetBucketAbac',
      's3:HeadBucket',
      's3control:ListTagsForResource',
      's3control:UntagResource',
      's3control:TagResource',
    ]);
    expect(inputsOf(control, UntagResourceCommand)).toEqual([
      {
        AccountId: ACCOUNT,
        ResourceArn: BUCKET_ARN,
        TagKeys: ['securityexception', 'SECURITYEXCEPTION'],
      },
    ]);
    expect(inputsOf(control, TagResourceCommand)[0]?.Tags).toEqual([
      { Key: 'SecurityException', Value: 'SEC-81' },
    ]);
    expect(out.text()).toContain(
      'removed the other spelling(s) securityexception, SECURITYEXCEPTION',
    );
  });

  it('names the bucket in the partition and the region of the credentials when HeadBucket gives none', async () => {
    // Arrange
    answerAbacBucket([]);
    mocks.s3.on(HeadBucketCommand).resolves({});

    // Act
    await grantException(
      { resource: 's3://forensics-archive', ticket: 'SEC-82', region: 'cn-north-1', now: NOW },
      CONFIG,
      sink(),
    );

    // Assert
    expect(inputsOf(control, TagResourceCommand)[0]?.ResourceArn).toBe(
      'arn:aws-cn:s3:::forensics-archive',
    );
    const client = control.call(0).thisValue as S3ControlClient;
    await expect(client.config.region()).resolves.toBe('cn-north-1');
  });

  it('refuses a bucket whose 50 tags leave no room, before any change', async () => {
    // Arrange
    answerAbacBucket(Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })));

    // Act
    const run = grantException(
      { resource: BUCKET_ARN, ticket: 'SEC-83', now: NOW },
      CONFIG,
      sink(),
    );

    // Assert
    await expect(run).rejects.toThrow('already carries 50 tags; S3 allows 50');
    expect(bucketActions()).toEqual([
      's3:GetBucketAbac',
      's3:HeadBucket',
      's3control:ListTagsForResource',
    ]);
  });

  it('does not tag when the other variants cannot be removed', async () => {
    // Arrange
    answerAbacBucket([{ Key: 'securityexception', Value: 'OLD-1' }]);
    control.on(UntagResourceCommand).rejects(awsError('AccessDenied'));

    // Act
    const run = grantException(
      { resource: BUCKET_ARN, ticket: 'SEC-84', now: NOW },
      CONFIG,
      sink(),
    );

    // Assert
    await expect(run).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(inputsOf(control, TagResourceCommand)).toEqual([]);
  });

  it('fails closed when the tags cannot be read: no change', async () => {
    // Arrange
    answerAbacBucket([]);
    control.on(ListTagsForResourceCommand).rejects(awsError('AccessDenied'));

    // Act
    const run = grantException(
      { resource: BUCKET_ARN, ticket: 'SEC-85', now: NOW },
      CONFIG,
      sink(),
    );

    // Assert
    await expect(run).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(bucketActions()).toEqual([
      's3:GetBucketAbac',
      's3:HeadBucket',
      's3control:ListTagsForResource',
    ]);
  });
});

describe('grant: IAM user and role', () => {
  it('tags a user with TagUser', async () => {
    // Arrange
    mocks.iam.on(TagUserCommand).resolves({});

    // Act
    await grantException(
      {
        resource: `arn:aws:iam::${ACCOUNT}:user/alice`,
        ticket: 'INC-9',
        expires: '2026-04-01',
        now: NOW,
      },
      CONFIG,
      sink(),
    );

    // Assert
    expect(inputsOf(mocks.iam, TagUserCommand)).toEqual([
      {
        UserName: 'alice',
        Tags: [{ Key: 'SecurityException', Value: 'INC-9;expires=2026-04-01' }],
      },
    ]);
  });

  it('says IAM is global, whatever --region says, and prints JSON with --json', async () => {
    // Arrange
    mocks.iam.on(TagRoleCommand).resolves({});
    const text = sink();
    const json = sink();
    const role = `arn:aws:iam::${ACCOUNT}:role/break-glass`;

    // Act
    await grantException(
      { resource: role, ticket: 'INC-11', region: 'eu-west-1', now: NOW },
      CONFIG,
      text,
    );
    await grantException(
      { resource: role, ticket: 'INC-11', region: 'eu-west-1', now: NOW, json: true },
      CONFIG,
      json,
    );

    // Assert
    expect(text.text()).toContain(
      `Granted SecurityException=INC-11 in account ${ACCOUNT} (IAM, global):`,
    );
    expect(JSON.parse(json.text())).toEqual({
      action: 'grant',
      resource: expect.stringContaining('break-glass'),
      account: ACCOUNT,
      region: 'global',
      key: 'SecurityException',
      value: 'INC-11',
      resources: [{ id: role, type: 'role' }],
      keys: ['SecurityException'],
    });
  });

  it('tags a role under a path with TagRole, by its name', async () => {
    // Arrange
    mocks.iam.on(TagRoleCommand).resolves({});

    // Act
    await grantException(
      { resource: `arn:aws:iam::${ACCOUNT}:role/ops/break-glass`, ticket: 'INC-10', now: NOW },
      CONFIG,
      sink(),
    );

    // Assert
    expect(inputsOf(mocks.iam, TagRoleCommand)).toEqual([
      { RoleName: 'break-glass', Tags: [{ Key: 'SecurityException', Value: 'INC-10' }] },
    ]);
  });

  it('refuses a principal of another account than the credentials, before any change', async () => {
    // Act
    const run = grantException(
      { resource: 'arn:aws:iam::333333333333:user/alice', ticket: 'INC-11', now: NOW },
      CONFIG,
      sink(),
    );

    // Assert
    await expect(run).rejects.toMatchObject({
      name: 'UsageError',
      message: expect.stringContaining(
        'is in account 333333333333, but the credentials are of account 222222222222',
      ),
    });
    expect(sentActions(mocks)).toEqual(['sts:GetCallerIdentity']);
  });
});

describe('grant: bad input', () => {
  it.each([
    ['an empty ticket', { ticket: '' }, '--ticket must not be empty'],
    ['a blank ticket', { ticket: '   ' }, '--ticket must not be empty'],
    ['a ticket with ";"', { ticket: 'CHG-1;expires=2099-01-01' }, 'must not contain ";"'],
    ['a ticket with a shell-like value', { ticket: '$(rm -rf /)' }, 'may hold only'],
    ['a date that does not exist', { ticket: 'CHG-1', expires: '2026-02-30' }, 'is not a date'],
    ['a date in another format', { ticket: 'CHG-1', expires: '31/12/2026' }, 'is not a date'],
    ['a past date', { ticket: 'CHG-1', expires: '2026-03-01' }, 'is not in the future'],
    ['today', { ticket: 'CHG-1', expires: '2026-03-02' }, 'is not in the future'],
    ['a bad tag key', { ticket: 'CHG-1', tagKey: 'aws:reserved' }, 'is not a valid tag key'],
    [
      'an unknown resource',
      { ticket: 'CHG-1', resource: 'vpc-0a1b2c3d' },
      'is not a resource that can carry',
    ],
    ['an unknown --region', { ticket: 'CHG-1', region: 'mars-north-1' }, 'is not an AWS region'],
    [
      'an ARN region other than --region',
      {
        ticket: 'CHG-1',
        resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/${INSTANCE}`,
        region: 'us-east-1',
      },
      'differs from the region eu-west-1',
    ],
  ])('rejects %s with no AWS call', async (_case, fields, message) => {
    // Act
    const run = grantException(
      { resource: INSTANCE, region: 'us-east-1', now: NOW, ...fields },
      CONFIG,
      sink(),
    );

    // Assert
    await expect(run).rejects.toMatchObject({
      name: 'UsageError',
      message: expect.stringContaining(message),
    });
    expect(sentActions(mocks)).toEqual([]);
  });
});

describe('revoke', () => {
  it('removes the tag from the instance, its interfaces and volumes in one DeleteTags call', async () => {
    // Arrange
    answerInstance([
      { Key: 'securityException', Value: 'CHG-1' },
      { Key: 'Name', Value: 'web-01' },
    ]);
    const out = sink();

    // Act
    await revokeException({ resource: INSTANCE, region: 'us-east-1' }, CONFIG, out);

    // Assert
    expect(inputsOf(mocks.ec2, DeleteTagsCommand)).toEqual([
      {
        Resources: [INSTANCE, ...ENIS, ...VOLUMES],
        Tags: [{ Key: 'SecurityException' }, { Key: 'securityException' }],
      },
    ]);
    expect(inputsOf(mocks.ec2, CreateTagsCommand)).toEqual([]);
    expect(out.text()).toContain('(was "CHG-1")');
  });

  it('removes a security group tag, and changes nothing on a group without one', async () => {
    // Arrange
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({
        SecurityGroups: [{ GroupId: GROUP, Tags: [{ Key: 'SecurityException', Value: 'X' }] }],
      })
      .resolves({ SecurityGroups: [{ GroupId: GROUP, Tags: [] }] });
    mocks.ec2.on(DeleteTagsCommand).resolves({});
    const second = sink();

    // Act
    await revokeException({ resource: GROUP, region: 'us-east-1' }, CONFIG, sink());
    await revokeException({ resource: GROUP, region: 'us-east-1' }, CONFIG, second);

    // Assert
    expect(inputsOf(mocks.ec2, DeleteTagsCommand)).toEqual([
      { Resources: [GROUP], Tags: [{ Key: 'SecurityException' }] },
    ]);
    expect(second.text()).toBe(`${GROUP} carries no SecurityException tag; nothing changed\n`);
  });

  it('removes every letter-case variant from a user, and nothing from a user without one', async () => {
    // Arrange
    mocks.iam
      .on(ListUserTagsCommand)
      .resolvesOnce({ Tags: [{ Key: 'securityexception', Value: 'INC-9' }], IsTruncated: false })
      .resolves({ Tags: [], IsTruncated: false });
    mocks.iam.on(UntagUserCommand).resolves({});
    const second = sink();
    const arn = `arn:aws:iam::${ACCOUNT}:user/alice`;

    // Act
    await revokeException({ resource: arn }, CONFIG, sink());
    await revokeException({ resource: arn }, CONFIG, second);

    // Assert
    expect(inputsOf(mocks.iam, UntagUserCommand)).toEqual([
      { UserName: 'alice', TagKeys: ['securityexception'] },
    ]);
    expect(second.text()).toContain('nothing changed');
  });
});

describe('revoke: S3 bucket', () => {
  it('writes the tag set back without the exception when ABAC is off', async () => {
    // Arrange
    mocks.s3.on(GetBucketAbacCommand).resolves({ AbacStatus: { Status: 'Disabled' } });
    mocks.s3.on(GetBucketTaggingCommand).resolves({
      TagSet: [
        { Key: 'team', Value: 'data' },
        { Key: 'SecurityException', Value: 'SEC-77' },
      ],
    });
    mocks.s3.on(PutBucketTaggingCommand).resolves({});

    // Act
    await revokeException(
      { resource: 's3://forensics-archive', region: 'us-east-1' },
      CONFIG,
      sink(),
    );

    // Assert
    expect(bucketActions()).toEqual([
      's3:GetBucketAbac',
      's3:GetBucketTagging',
      's3:PutBucketTagging',
    ]);
    expect(inputsOf(mocks.s3, PutBucketTaggingCommand)).toEqual([
      {
        Bucket: 'forensics-archive',
        ExpectedBucketOwner: ACCOUNT,
        Tagging: { TagSet: [{ Key: 'team', Value: 'data' }] },
      },
    ]);
    expect(inputsOf(mocks.s3, DeleteBucketTaggingCommand)).toEqual([]);
  });

  it('deletes the tagging when the exception was the only tag and ABAC is off', async () => {
    // Arrange
    mocks.s3.on(GetBucketAbacCommand).resolves({});
    mocks.s3
      .on(GetBucketTaggingCommand)
      .resolves({ TagSet: [{ Key: 'SecurityException', Value: 'SEC-77' }] });
    mocks.s3.on(DeleteBucketTaggingCommand).resolves({});

    // Act
    await revokeException(
      { resource: 's3://forensics-archive', region: 'us-east-1' },
      CONFIG,
      sink(),
    );

    // Assert
    expect(inputsOf(mocks.s3, DeleteBucketTaggingCommand)).toEqual([
      { Bucket: 'forensics-archive', ExpectedBucketOwner: ACCOUNT },
    ]);
    expect(inputsOf(mocks.s3, PutBucketTaggingCommand)).toEqual([]);
  });

  it('removes every letter-case variant with S3 Control UntagResource when ABAC is on', async () => {
    // Arrange
    answerAbacBucket(
      [
        { Key: 'SecurityException', Value: 'SEC-77' },
        { Key: 'team', Value: 'data' },
        { Key: 'securityEXCEPTION', Value: 'SEC-70' },
      ],
      'ap-southeast-2',
    );
    const out = sink();

    // Act
    await revokeException({ resource: 's3://forensics-archive', region: 'us-east-1' }, CONFIG, out);

    // Assert
    expect(bucketActions()).toEqual([
      's3:GetBucketAbac',
      's3:HeadBucket',
      's3control:ListTagsForResource',
      's3control:UntagResource',
    ]);
    expect(inputsOf(control, UntagResourceCommand)).toEqual([
      {
        AccountId: ACCOUNT,
        ResourceArn: BUCKET_ARN,
        TagKeys: ['SecurityException', 'securityEXCEPTION'],
      },
    ]);
    expect(inputsOf(mocks.s3, PutBucketTaggingCommand)).toEqual([]);
    expect(inputsOf(mocks.s3, DeleteBucketTaggingCommand)).toEqual([]);
    const client = control.call(0).thisValue as S3ControlClient;
    await expect(client.config.region()).resolves.toBe('ap-southeast-2');
    expect(out.text()).toContain('Revoked SecurityException, securityEXCEPTION (was "SEC-77")');
  });

  it('changes nothing on a bucket with ABAC on that carries no exception', async () => {
    // Arrange
    answerAbacBucket([{ Key: 'team', Value: 'data' }]);
    const out = sink();

    // Act
    await revokeException({ resource: 's3://forensics-archive', region: 'us-east-1' }, CONFIG, out);

    // Assert
    expect(inputsOf(control, UntagResourceCommand)).toEqual([]);
    expect(out.text()).toBe(
      'forensics-archive carries no SecurityException tag; nothing changed\n',
    );
  });
});

describe('grant and revoke: Lambda function', () => {
  const FN = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:orders-processor`;

  it('tags the function by its unqualified ARN, whatever version the ARN names', async () => {
    // Arrange
    mocks.lambda.on(TagFunctionCommand).resolves({});

    // Act
    await grantException(
      { resource: `${FN}:$LATEST`, ticket: 'INC-12', expires: '2026-04-01', now: NOW },
      CONFIG,
      sink(),
    );

    // Assert
    expect(inputsOf(mocks.lambda, TagFunctionCommand)).toEqual([
      { Resource: FN, Tags: { SecurityException: 'INC-12;expires=2026-04-01' } },
    ]);
  });

  it('removes every letter-case variant of the tag on revoke', async () => {
    // Arrange
    mocks.lambda
      .on(ListTagsCommand)
      .resolves({ Tags: { securityexception: 'INC-1', team: 'payments' } });
    mocks.lambda.on(UntagFunctionCommand).resolves({});

    // Act
    const change = await revokeException({ resource: FN }, CONFIG, sink());

    // Assert
    expect(inputsOf(mocks.lambda, UntagFunctionCommand)).toEqual([
      { Resource: FN, TagKeys: ['securityexception'] },
    ]);
    expect(change.previous).toBe('INC-1');
  });

  it('refuses a function of another account before any change', async () => {
    // Act
    const act = grantException(
      { resource: FN.replace(ACCOUNT, '999999999999'), ticket: 'INC-1', now: NOW },
      CONFIG,
      sink(),
    );

    // Assert
    await expect(act).rejects.toThrow(/is in account 999999999999/);
    expect(mocks.lambda.calls()).toHaveLength(0);
  });
});
