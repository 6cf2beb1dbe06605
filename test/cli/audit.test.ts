import {
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  type DescribeVolumesCommandInput,
  type Filter,
  type Instance,
  type SecurityGroup,
  type Snapshot,
  type Tag,
} from '@aws-sdk/client-ec2';
import { ListRolesCommand, ListRoleTagsCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { ListFunctionsCommand, ListTagsCommand } from '@aws-sdk/client-lambda';
import { ListAccountsCommand, type ListAccountsCommandInput } from '@aws-sdk/client-organizations';
import { GetBucketTaggingCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { auditExitCode, collectAudit, formatAudit, runAudit } from '../../cli/audit';
import { main } from '../../cli/main';
import * as resource from '../../cli/resource';
import { readActionOf } from '../../lambdas/registry/declaration';
import { taggableKinds } from '../../lambdas/registry/resource-kinds';
import { AUDIT_READS } from '../../lambdas/shared/catalogue';
import type { AuditRow } from '../../lambdas/shared/exception-tags';
import { mapLimit } from '../../lambdas/shared/pool';
import { parseConfig } from '../../modules/config/load';
import { awsError, createMocks, inputsOf, resetAll, sentActions } from '../support/aws';

const mocks = createMocks();

/**
 * The kinds this file arranges (EC2, S3, Lambda and IAM answers); the audit of every other kind
 * carrying the exception tag is tested with its owner (test/lambdas/<owner>/), so a new kind never
 * reaches an unmocked client here.
 */
const AUDITED = [
  'ec2:instance',
  'ec2:security-group',
  'ec2:snapshot',
  's3:bucket',
  'lambda:function',
  'iam:user',
  'iam:role',
];
const loadAll = resource.loadTaggableKinds;
jest
  .spyOn(resource, 'loadTaggableKinds')
  .mockImplementation(async () => (await loadAll()).filter((k) => AUDITED.includes(k.kind)));
/** The audit reads of the kinds arranged here. */
const ARRANGED_READS = taggableKinds()
  .filter((k) => AUDITED.includes(k.kind))
  .flatMap((k) => k.tag.auditReads.map(readActionOf));

const NOW = new Date('2026-03-02T10:00:00Z');
const A = '222222222222';
const B = '333333333333';
const LOCKED = '444444444444';
const REGIONS = ['us-east-1', 'eu-west-1'];
const CONFIG = {
  exceptionTagKey: 'SecurityException',
  memberRoleName: 'Security-IR-Role',
  homeRegion: 'us-east-1',
  regions: REGIONS,
};

function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

const tag = (Key: string, Value: string): Tag => ({ Key, Value });
const EXCEPTION = (value: string) => [tag('SecurityException', value), tag('Name', 'x')];

interface RegionData {
  readonly instances: Instance[];
  readonly groups: SecurityGroup[];
  readonly enis: Record<string, Tag[]>;
  readonly volumes: Record<string, Tag[]>;
}

/** Snapshots by `<account>/<region>`: none unless a test adds some. */
let snapshots: Record<string, Snapshot[]> = {};

const EMPTY: RegionData = { instances: [], groups: [], enis: {}, volumes: {} };

function ec2Instance(id: string, tags: Tag[], enis: string[], volumes: string[]): Instance {
  return {
    InstanceId: id,
    State: { Name: 'running' },
    Tags: tags,
    NetworkInterfaces: enis.map((NetworkInterfaceId) => ({ NetworkInterfaceId })),
    BlockDeviceMappings: volumes.map((VolumeId) => ({ Ebs: { VolumeId } })),
  };
}

/** Two accounts × two regions: an instance with an untagged volume, an expired exception in
 * another letter case, a malformed one, a bucket, a role; the third account refuses AssumeRole. */
const EC2: Record<string, Record<string, RegionData>> = {
  [A]: {
    'us-east-1': {
      instances: [
        ec2Instance(
          'i-0aaaaaaaaaaaaaaa1',
          EXCEPTION('CHG-1;expires=2026-06-30'),
          ['eni-0a1'],
          ['vol-0a1', 'vol-0a2'],
        ),
        ec2Instance('i-0bbbbbbbbbbbbbbb2', [tag('Name', 'plain')], ['eni-0b1'], ['vol-0b1']),
        {
          ...ec2Instance('i-0ddddddddddddddd4', EXCEPTION('CHG-9'), [], []),
          State: { Name: 'terminated' },
        },
      ],
      groups: [
        { GroupId: 'sg-0111', Tags: [tag('securityexception', 'CHG-2;expires=2026-01-31')] },
        { GroupId: 'sg-0222', Tags: [] },
      ],
      enis: { 'eni-0a1': EXCEPTION('CHG-1;expires=2026-06-30') },
      volumes: { 'vol-0a1': EXCEPTION('CHG-1;expires=2026-06-30'), 'vol-0a2': [] },
    },
    'eu-west-1': EMPTY,
  },
  [B]: {
    'us-east-1': EMPTY,
    'eu-west-1': {
      instances: [
        ec2Instance(
          'i-0ccccccccccccccc3',
          EXCEPTION('CHG-3;expires=2026-13-45'),
          ['eni-0c1'],
          ['vol-0c1'],
        ),
      ],
      groups: [],
      enis: { 'eni-0c1': EXCEPTION('CHG-3') },
      volumes: { 'vol-0c1': EXCEPTION('CHG-3') },
    },
  },
};

const BUCKETS: Record<string, { name: string; region: string; tags?: Tag[] }[]> = {
  [A]: [
    {
      name: 'forensics-archive',
      region: 'eu-west-1',
      tags: [tag('team', 'ir'), tag('SecurityException', 'SEC-7')],
    },
    { name: 'plain-bucket', region: 'us-east-1' },
  ],
  [B]: [],
};

/** Functions by account and region, with their tags (ListTags answers a map). */
const FUNCTIONS: Record<
  string,
  Record<string, { name: string; tags: Record<string, string> }[]>
> = {
  [A]: {
    'eu-west-1': [
      { name: 'payments-worker', tags: { SecurityException: 'CHG-5;expires=2026-09-01' } },
      { name: 'plain-function', tags: { team: 'web' } },
    ],
  },
};

const functionArn = (account: string, region: string, name: string) =>
  `arn:aws:lambda:${region}:${account}:function:${name}`;

const ROLES: Record<string, { name: string; tags: Tag[] }[]> = {
  [A]: [
    { name: 'break-glass', tags: [tag('SecurityException', 'INC-9;expires=2026-12-31')] },
    { name: 'app', tags: [] },
  ],
  [B]: [],
};

/** The account and region a mocked member client was built for (account from the assumed keys). */
async function whereOf(client: {
  config: { region: () => Promise<string>; credentials: () => Promise<AwsCredentialIdentity> };
}): Promise<{ account: string; region: string }> {
  const credentials = await client.config.credentials();
  return {
    account: credentials.accessKeyId.replace('ASIAMEMBER', ''),
    region: await client.config.region(),
  };
}

const filterValues = (filters: Filter[] | undefined) => filters?.[0]?.Values ?? [];

function answerOrganization(): void {
  mocks.organizations
    .on(ListAccountsCommand)
    .resolvesOnce({
      Accounts: [
        { Id: A, State: 'ACTIVE' },
        { Id: '555555555555', State: 'SUSPENDED', Status: 'SUSPENDED' },
      ],
      NextToken: 'page-2',
    })
    .resolvesOnce({
      Accounts: [
        { Id: B, Status: 'ACTIVE' },
        { Id: LOCKED, State: 'ACTIVE' },
      ],
    });
  mocks.sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => {
    const account = input.RoleArn.split(':')[4] ?? '';
    if (account === LOCKED) throw awsError('AccessDenied');
    return {
      Credentials: {
        AccessKeyId: `ASIAMEMBER${account}`,
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date(NOW.getTime() + 3600_000),
      },
    };
  });
}

function answerMembers(): void {
  const ec2 = async (client: Parameters<typeof whereOf>[0]) => {
    const { account, region } = await whereOf(client);
    const data = EC2[account]?.[region];
    if (!data) throw new Error(`no data for ${account}/${region}: operator credentials used?`);
    return data;
  };
  mocks.ec2.on(DescribeInstancesCommand).callsFake(async (_input, getClient) => ({
    Reservations: [{ Instances: (await ec2(getClient())).instances }],
  }));
  mocks.ec2.on(DescribeSecurityGroupsCommand).callsFake(async (_input, getClient) => ({
    SecurityGroups: (await ec2(getClient())).groups,
  }));
  mocks.ec2.on(DescribeSnapshotsCommand).callsFake(async (input, getClient) => {
    const { account, region } = await whereOf(getClient());
    if (input.OwnerIds?.[0] !== 'self') throw new Error('audit must list only its own snapshots');
    return { Snapshots: snapshots[`${account}/${region}`] ?? [] };
  });
  mocks.ec2
    .on(DescribeNetworkInterfacesCommand)
    .callsFake(async (input: { Filters?: Filter[] }, getClient) => {
      const { enis } = await ec2(getClient());
      return {
        NetworkInterfaces: filterValues(input.Filters).flatMap((id) =>
          enis[id] ? [{ NetworkInterfaceId: id, TagSet: enis[id] }] : [],
        ),
      };
    });
  mocks.ec2
    .on(DescribeVolumesCommand)
    .callsFake(async (input: { Filters?: Filter[] }, getClient) => {
      const { volumes } = await ec2(getClient());
      return {
        Volumes: filterValues(input.Filters).flatMap((id) =>
          volumes[id] ? [{ VolumeId: id, Tags: volumes[id] }] : [],
        ),
      };
    });
  mocks.s3.on(ListBucketsCommand).callsFake(async (_input, getClient) => {
    const { account } = await whereOf(getClient());
    return {
      Buckets: (BUCKETS[account] ?? []).map((b) => ({ Name: b.name, BucketRegion: b.region })),
    };
  });
  mocks.s3.on(GetBucketTaggingCommand).callsFake(async (input: { Bucket: string }, getClient) => {
    const { account, region } = await whereOf(getClient());
    const bucket = BUCKETS[account]?.find((b) => b.name === input.Bucket);
    if (!bucket || bucket.region !== region) throw awsError('PermanentRedirect');
    if (!bucket.tags) throw awsError('NoSuchTagSet');
    return { TagSet: bucket.tags };
  });
  mocks.lambda.on(ListFunctionsCommand).callsFake(async (_input, getClient) => {
    const { account, region } = await whereOf(getClient());
    return {
      Functions: (FUNCTIONS[account]?.[region] ?? []).map((f) => ({
        FunctionName: f.name,
        FunctionArn: functionArn(account, region, f.name),
      })),
    };
  });
  mocks.lambda.on(ListTagsCommand).callsFake(async (input: { Resource: string }, getClient) => {
    const { account, region } = await whereOf(getClient());
    const found = (FUNCTIONS[account]?.[region] ?? []).find(
      (f) => functionArn(account, region, f.name) === input.Resource,
    );
    if (!found) throw awsError('ResourceNotFoundException');
    return { Tags: found.tags };
  });
  mocks.iam.on(ListUsersCommand).resolves({ Users: [], IsTruncated: false });
  mocks.iam.on(ListRolesCommand).callsFake(async (_input, getClient) => {
    const { account } = await whereOf(getClient());
    return {
      Roles: (ROLES[account] ?? []).map((r) => ({
        RoleName: r.name,
        Arn: `arn:aws:iam::${account}:role/${r.name}`,
        Path: '/',
        RoleId: 'AROAEXAMPLE',
        CreateDate: NOW,
      })),
      IsTruncated: false,
    };
  });
  mocks.iam.on(ListRoleTagsCommand).callsFake(async (input: { RoleName: string }, getClient) => {
    const { account } = await whereOf(getClient());
    return {
      Tags: ROLES[account]?.find((r) => r.name === input.RoleName)?.tags ?? [],
      IsTruncated: false,
    };
  });
}

beforeEach(() => {
  resetAll(mocks);
  answerOrganization();
  answerMembers();
});

const brief = (rows: readonly AuditRow[]) =>
  rows.map((r) => [
    r.resource,
    r.type,
    r.account,
    r.region,
    r.ticket ?? '',
    r.expires ?? '',
    r.flags.join(','),
  ]);

describe('audit: organization with exceptions', () => {
  it('lists every exception of the ACTIVE accounts with its flags, and the unreachable account', async () => {
    // Act
    const rows = await collectAudit({ now: NOW }, CONFIG);

    // Assert
    expect(brief(rows)).toEqual([
      ['forensics-archive', 'bucket', A, 'eu-west-1', 'SEC-7', '', ''],
      [
        'arn:aws:lambda:eu-west-1:222222222222:function:payments-worker',
        'function',
        A,
        'eu-west-1',
        'CHG-5',
        '2026-09-01',
        '',
      ],
      [
        'arn:aws:iam::222222222222:role/break-glass',
        'role',
        A,
        'global',
        'INC-9',
        '2026-12-31',
        '',
      ],
      [
        'i-0aaaaaaaaaaaaaaa1',
        'instance',
        A,
        'us-east-1',
        'CHG-1',
        '2026-06-30',
        'untagged-volumes',
      ],
      ['sg-0111', 'security-group', A, 'us-east-1', 'CHG-2', '2026-01-31', 'expired'],
      ['i-0ccccccccccccccc3', 'instance', B, 'eu-west-1', 'CHG-3', '2026-13-45', 'malformed'],
      [
        'cannot assume arn:aws:iam::444444444444:role/Security-IR-Role',
        'error',
        LOCKED,
        '-',
        '',
        '',
        'error',
      ],
    ]);
    expect(rows[6]?.error).toBe('AccessDenied: AccessDenied (simulated)');
    expect(rows[4]?.key).toBe('securityexception');
  });

  it('reads every page of ListAccounts and assumes the member role as ir-audit', async () => {
    // Act
    await collectAudit({ now: NOW }, CONFIG);

    // Assert
    expect(inputsOf<ListAccountsCommandInput>(mocks.organizations, ListAccountsCommand)).toEqual([
      {},
      { NextToken: 'page-2' },
    ]);
    expect(inputsOf(mocks.sts, AssumeRoleCommand)).toEqual(
      [A, B, LOCKED].map((account) => ({
        RoleArn: `arn:aws:iam::${account}:role/Security-IR-Role`,
        RoleSessionName: 'ir-audit',
        DurationSeconds: 3600,
      })),
    );
  });

  it('calls only AUDIT_READS in member accounts, and only ListAccounts and AssumeRole centrally', async () => {
    // Act
    await collectAudit({ now: NOW }, CONFIG);

    // Assert
    const actions = new Set(sentActions(mocks));
    // S3's ListBuckets is authorised as s3:ListAllMyBuckets.
    const asIam = (a: string) => (a === 's3:ListBuckets' ? 's3:ListAllMyBuckets' : a);
    const member = [...actions].filter((a) => /^(ec2|s3|iam|lambda):/.test(a)).map(asIam);
    const central = [...actions].filter((a) => !/^(ec2|s3|iam|lambda):/.test(a));
    expect(member.filter((a) => !(AUDIT_READS as readonly string[]).includes(a))).toEqual([]);
    expect(member.sort()).toEqual(ARRANGED_READS.filter((a) => a !== 'iam:ListUserTags').sort());
    expect(central.sort()).toEqual(['organizations:ListAccounts', 'sts:AssumeRole']);
  });

  it('reads the interfaces and volumes of excepted instances only, with filters', async () => {
    // Act
    await collectAudit({ now: NOW }, CONFIG);

    // Assert
    expect(inputsOf<DescribeVolumesCommandInput>(mocks.ec2, DescribeVolumesCommand)).toEqual([
      { Filters: [{ Name: 'volume-id', Values: ['vol-0a1', 'vol-0a2'] }] },
      { Filters: [{ Name: 'volume-id', Values: ['vol-0c1'] }] },
    ]);
  });
});

describe('audit: snapshots', () => {
  afterEach(() => {
    snapshots = {};
  });

  it('lists the account own snapshots carrying the exception, region by region', async () => {
    // Arrange
    snapshots = {
      [`${B}/eu-west-1`]: [
        { SnapshotId: 'snap-0aaaaaaaaaaaaaaa1', Tags: EXCEPTION('CHG-4;expires=2026-01-01') },
        { SnapshotId: 'snap-0bbbbbbbbbbbbbbb2', Tags: [tag('Name', 'nightly')] },
      ],
    };
    // Act
    const rows = await collectAudit({ now: NOW }, CONFIG);
    // Assert
    expect(brief(rows.filter((r) => r.type === 'snapshot'))).toEqual([
      ['snap-0aaaaaaaaaaaaaaa1', 'snapshot', B, 'eu-west-1', 'CHG-4', '2026-01-01', 'expired'],
    ]);
  });

  it('reports snapshots that cannot be listed as an error row and keeps the rest', async () => {
    mocks.ec2.on(DescribeSnapshotsCommand).rejects(awsError('UnauthorizedOperation'));

    const rows = await collectAudit({ now: NOW }, CONFIG);

    expect(rows.filter((r) => r.resource === '(EBS snapshots)')).toHaveLength(4);
    expect(rows.some((r) => r.resource === 'sg-0111')).toBe(true);
  });
});

describe('audit: options', () => {
  it('audits only the given accounts and regions, without listing the organization', async () => {
    // Act
    const rows = await collectAudit({ accounts: [B], regions: ['eu-west-1'], now: NOW }, CONFIG);

    // Assert
    expect(inputsOf<ListAccountsCommandInput>(mocks.organizations, ListAccountsCommand)).toEqual(
      [],
    );
    expect(rows.map((r) => r.resource)).toEqual(['i-0ccccccccccccccc3']);
  });

  it.each([
    ['a malformed account id', { accounts: ['2222'] }, '--accounts'],
    ['an unknown region', { regions: ['mars-north-1'] }, '--regions'],
  ])('rejects %s before any AWS call', async (_case, options, message) => {
    // Act
    const run = collectAudit({ ...options, now: NOW }, CONFIG);

    // Assert
    await expect(run).rejects.toMatchObject({
      name: 'UsageError',
      message: expect.stringContaining(message),
    });
    expect(sentActions(mocks)).toEqual([]);
  });

  it('runs at most the given number of accounts at once', async () => {
    // Arrange
    let running = 0;
    let peak = 0;

    // Act
    await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
    });

    // Assert
    expect(peak).toBe(3);
  });
});

describe('audit: failures inside an account', () => {
  it('reports instances of a region that cannot be read as an error row and audits the rest', async () => {
    // Arrange
    mocks.ec2.on(DescribeInstancesCommand).callsFake(async (_input, getClient) => {
      const { account, region } = await whereOf(getClient());
      if (account === A && region === 'eu-west-1') throw awsError('UnauthorizedOperation');
      return { Reservations: [{ Instances: EC2[account]?.[region]?.instances ?? [] }] };
    });

    // Act
    const rows = await collectAudit({ accounts: [A], now: NOW }, CONFIG);

    // Assert
    expect(brief(rows.filter((r) => r.type === 'error'))).toEqual([
      ['(EC2 instances)', 'error', A, 'eu-west-1', '', '', 'error'],
    ]);
    expect(rows.filter((r) => r.type !== 'error')).toHaveLength(5);
  });

  it('reports functions that cannot be listed as an error row, and skips one deleted meanwhile', async () => {
    // Arrange: us-east-1 refuses the listing; in eu-west-1 one function vanished after it.
    mocks.lambda.on(ListFunctionsCommand).callsFake(async (_input, getClient) => {
      const { account, region } = await whereOf(getClient());
      if (region === 'us-east-1') throw awsError('AccessDeniedException');
      return {
        Functions: [...(FUNCTIONS[account]?.[region] ?? []), { name: 'gone' }].map((f) => ({
          FunctionArn: functionArn(account, region, f.name),
        })),
      };
    });

    // Act
    const rows = await collectAudit({ accounts: [A], now: NOW }, CONFIG);

    // Assert
    expect(brief(rows.filter((r) => r.type === 'error'))).toEqual([
      ['(Lambda functions)', 'error', A, 'us-east-1', '', '', 'error'],
    ]);
    expect(rows.filter((r) => r.type === 'function').map((r) => r.resource)).toEqual([
      functionArn(A, 'eu-west-1', 'payments-worker'),
    ]);
  });

  it('reports a bucket whose tags cannot be read', async () => {
    // Arrange
    mocks.s3.on(GetBucketTaggingCommand).rejects(awsError('AccessDenied'));

    // Act
    const rows = await collectAudit({ accounts: [A], now: NOW }, CONFIG);

    // Assert
    expect(rows.filter((r) => r.type === 'error').map((r) => r.resource)).toEqual([
      'forensics-archive',
      'plain-bucket',
    ]);
  });
});

describe('audit: the operator has no credentials', () => {
  it('stops with a message naming the security account credentials, exit 2', async () => {
    // Arrange
    mocks.sts.on(AssumeRoleCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );
    const out = sink();
    const err = sink();

    // Act
    const code = await main(['audit', '--accounts', A], {
      out,
      err,
      config: () => parseConfig({}),
    });

    // Assert
    expect(code).toBe(2);
    expect(out.text()).toBe('');
    expect(err.text()).toContain('This command needs credentials of the security account');
  });
});

describe('audit: output', () => {
  it('prints a table with a summary and exits 1 when anything is flagged', async () => {
    // Arrange
    const out = sink();
    const err = sink();

    // Act
    const code = await runAudit({ now: NOW }, CONFIG, { out, err });

    // Assert
    expect(code).toBe(1);
    expect(err.text()).toMatch(
      /^audit: accounts done: 1\/3 \d{12}\n(.*\n)*audit: accounts done: 3\/3 \d{12}\n$/,
    );
    const lines = out.text().split('\n');
    expect(lines[0]).toMatch(/^RESOURCE\s+TYPE\s+ACCOUNT\s+REGION\s+TICKET\s+EXPIRES\s+FLAGS$/);
    expect(out.text()).toMatch(
      /i-0aaaaaaaaaaaaaaa1\s+instance\s+222222222222\s+us-east-1\s+CHG-1\s+2026-06-30\s+untagged-volumes/,
    );
    expect(out.text()).toMatch(/sg-0111\s+security-group\s+.*\s+expired$/m);
    expect(out.text()).toContain('error: AccessDenied: AccessDenied (simulated)');
    expect(out.text()).toContain('6 exception(s), 3 flagged, 1 error(s)');
  });

  it('prints a JSON array with --json', async () => {
    // Arrange
    const out = sink();

    // Act
    await runAudit({ json: true, now: NOW }, CONFIG, { out, err: sink() });

    // Assert
    const rows = JSON.parse(out.text()) as AuditRow[];
    expect(rows).toHaveLength(7);
    expect(rows[3]).toEqual({
      resource: 'i-0aaaaaaaaaaaaaaa1',
      type: 'instance',
      account: A,
      region: 'us-east-1',
      key: 'SecurityException',
      value: 'CHG-1;expires=2026-06-30',
      ticket: 'CHG-1',
      expires: '2026-06-30',
      flags: ['untagged-volumes'],
    });
  });

  it('exits 0 when no exception is flagged and every account was read', async () => {
    // Arrange
    const out = sink();

    // Act
    const code = await runAudit({ accounts: [A], regions: ['eu-west-1'], now: NOW }, CONFIG, {
      out,
      err: sink(),
    });

    // Assert
    expect(code).toBe(0);
    expect(out.text()).toContain('3 exception(s), 0 flagged, 0 error(s)');
  });

  it('exits 2 (could not check) when nothing is flagged but an account could not be read', () => {
    // Arrange
    const clean = { resource: 'sg-1', type: 'security-group', account: A, region: 'us-east-1' };

    // Act + Assert
    expect(auditExitCode([{ ...clean, flags: [] } as AuditRow])).toBe(0);
    expect(
      auditExitCode([
        { ...clean, flags: [] } as AuditRow,
        { resource: 'cannot assume', type: 'error', account: B, region: '-', flags: ['error'] },
      ]),
    ).toBe(2);
    expect(
      auditExitCode([
        { ...clean, flags: ['expired'] } as AuditRow,
        { resource: 'cannot assume', type: 'error', account: B, region: '-', flags: ['error'] },
      ]),
    ).toBe(1);
  });

  it('escapes control characters of tag values in the table', () => {
    // Act
    const text = formatAudit([
      {
        resource: 'sg-1',
        type: 'security-group',
        account: A,
        region: 'us-east-1',
        ticket: 'X\u001b[2J',
        flags: [],
      },
    ]);

    // Assert
    expect(text).toContain('X\\u001b[2J');
  });
});
