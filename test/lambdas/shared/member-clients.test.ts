import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { MemberAccessError } from '../../../lambdas/shared/errors';
import {
  memberClient,
  memberCredentials,
  memberRoleArn,
  partitionOf,
  resetMemberClients,
  sessionNameFor,
} from '../../../lambdas/shared/member-clients';
import { createMocks, inputsOf, resetAll } from '../../support/aws';

const mocks = createMocks();

const GD_ID = '5ac8f2d1e7b04a5c9a1f3d6b2e8c4f70';
const ASFF_ID =
  'arn:aws:securityhub:ap-southeast-2:333333333333:security-control/EC2.8/finding/7d1e5c2a-3b4f-4e6a-9c8d-2f1a0b9e8d7c';

/** AssumeRole output with credentials that expire `ms` from now. */
function credentialsExpiringIn(ms: number) {
  return {
    Credentials: {
      AccessKeyId: `ASIAFAKE${ms}`,
      SecretAccessKey: 'secret-2',
      SessionToken: 'token-2',
      Expiration: new Date(Date.now() + ms),
    },
  };
}

beforeEach(() => resetAll(mocks));

describe('partitionOf', () => {
  it.each([
    ['eu-west-1', 'aws'],
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-gov-east-1', 'aws-us-gov'],
  ])('maps %s to %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });
});

describe('memberRoleArn', () => {
  it.each([
    ['eu-west-1', 'arn:aws:iam::222222222222:role/Security-IR-Role'],
    ['cn-north-1', 'arn:aws-cn:iam::222222222222:role/Security-IR-Role'],
    ['us-gov-west-1', 'arn:aws-us-gov:iam::222222222222:role/Security-IR-Role'],
  ])('builds the role ARN in the partition of %s', (region, arn) => {
    expect(memberRoleArn('222222222222', region)).toBe(arn);
  });

  it('uses MEMBER_ROLE_NAME', () => {
    // Arrange
    resetAll(mocks, { MEMBER_ROLE_NAME: 'Org-IR-Member' });

    // Act / Assert
    expect(memberRoleArn('222222222222', 'eu-west-1')).toBe(
      'arn:aws:iam::222222222222:role/Org-IR-Member',
    );
  });
});

describe('sessionNameFor', () => {
  it('prefixes a GuardDuty finding id with ir-', () => {
    expect(sessionNameFor(GD_ID)).toBe(`ir-${GD_ID}`);
  });

  it('replaces characters STS refuses and keeps the tail of a long ASFF ARN id', () => {
    // Act
    const name = sessionNameFor(ASFF_ID);

    // Assert
    expect(name).toBe('ir-y-control-EC2.8-finding-7d1e5c2a-3b4f-4e6a-9c8d-2f1a0b9e8d7c');
    expect(name).toMatch(/^[\w+=,.@-]{2,64}$/);
  });

  it('stays within 64 characters for the longest id', () => {
    expect(sessionNameFor('x'.repeat(512))).toHaveLength(63);
  });
});

describe('memberCredentials: AssumeRole', () => {
  it('assumes the member role with the finding id as session name and source identity', async () => {
    // Act
    const credentials = await memberCredentials('222222222222', 'eu-west-1', GD_ID);

    // Assert
    expect(inputsOf<AssumeRoleCommandInput>(mocks.sts, AssumeRoleCommand)).toEqual([
      {
        RoleArn: 'arn:aws:iam::222222222222:role/Security-IR-Role',
        RoleSessionName: `ir-${GD_ID}`,
        SourceIdentity: `ir-${GD_ID}`,
        DurationSeconds: 3600,
      },
    ]);
    expect(credentials).toEqual({
      accessKeyId: 'ASIAFAKEMEMBERKEY001',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: expect.any(Date),
    });
  });

  it('sends a sanitised session name of at most 64 characters for an ASFF ARN id', async () => {
    // Act
    await memberCredentials('333333333333', 'ap-southeast-2', ASFF_ID);

    // Assert
    const [input] = inputsOf<AssumeRoleCommandInput>(mocks.sts, AssumeRoleCommand);
    expect(input?.RoleSessionName).toBe(sessionNameFor(ASFF_ID));
    expect(input?.SourceIdentity).toBe(input?.RoleSessionName);
    expect(input?.RoleSessionName?.length).toBeLessThanOrEqual(64);
    expect(input?.RoleSessionName).toMatch(/^[\w+=,.@-]+$/);
  });

  it('assumes the role in the partition of a China region', async () => {
    // Act
    await memberCredentials('555555555555', 'cn-northwest-1', GD_ID);

    // Assert
    expect(inputsOf<AssumeRoleCommandInput>(mocks.sts, AssumeRoleCommand)[0]?.RoleArn).toBe(
      'arn:aws-cn:iam::555555555555:role/Security-IR-Role',
    );
  });
});

describe('memberCredentials: cache per account', () => {
  it('assumes the role once for two findings of the same account, in two regions', async () => {
    // Act
    const first = await memberCredentials('222222222222', 'eu-west-1', GD_ID);
    const second = await memberCredentials('222222222222', 'us-east-1', 'f'.repeat(32));

    // Assert
    expect(second).toBe(first);
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it('assumes the role once when findings of the same account ask concurrently', async () => {
    // Act
    const all = await Promise.all([
      memberCredentials('222222222222', 'eu-west-1', GD_ID),
      memberCredentials('222222222222', 'eu-west-1', 'a'.repeat(32)),
      memberCredentials('222222222222', 'eu-west-1', 'b'.repeat(32)),
    ]);

    // Assert
    expect(new Set(all).size).toBe(1);
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it('assumes the role once per account for two accounts', async () => {
    // Act
    await Promise.all([
      memberCredentials('222222222222', 'eu-west-1', GD_ID),
      memberCredentials('333333333333', 'ap-southeast-2', ASFF_ID),
    ]);

    // Assert
    expect(
      inputsOf<AssumeRoleCommandInput>(mocks.sts, AssumeRoleCommand).map((i) => i.RoleArn),
    ).toEqual([
      'arn:aws:iam::222222222222:role/Security-IR-Role',
      'arn:aws:iam::333333333333:role/Security-IR-Role',
    ]);
  });

  it('refreshes credentials that expire within five minutes', async () => {
    // Arrange
    mocks.sts.on(AssumeRoleCommand).resolves(credentialsExpiringIn(4 * 60_000));
    await memberCredentials('222222222222', 'eu-west-1', GD_ID);

    // Act
    await memberCredentials('222222222222', 'eu-west-1', GD_ID);

    // Assert
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('keeps credentials that expire in more than five minutes', async () => {
    // Arrange
    mocks.sts.on(AssumeRoleCommand).resolves(credentialsExpiringIn(6 * 60_000));
    await memberCredentials('222222222222', 'eu-west-1', GD_ID);

    // Act
    await memberCredentials('222222222222', 'eu-west-1', GD_ID);

    // Assert
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it('refreshes stale credentials once for concurrent callers', async () => {
    // Arrange
    mocks.sts
      .on(AssumeRoleCommand)
      .resolvesOnce(credentialsExpiringIn(60_000))
      .resolves(credentialsExpiringIn(3600_000));
    await memberCredentials('222222222222', 'eu-west-1', GD_ID);

    // Act
    const refreshed = await Promise.all([
      memberCredentials('222222222222', 'eu-west-1', GD_ID),
      memberCredentials('222222222222', 'eu-west-1', GD_ID),
    ]);

    // Assert
    expect(refreshed.map((c) => c.accessKeyId)).toEqual(['ASIAFAKE3600000', 'ASIAFAKE3600000']);
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('forgets everything on resetMemberClients', async () => {
    // Arrange
    await memberCredentials('222222222222', 'eu-west-1', GD_ID);

    // Act
    resetMemberClients();
    await memberCredentials('222222222222', 'eu-west-1', GD_ID);

    // Assert
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });
});

describe('memberCredentials: AssumeRole failure', () => {
  it('throws MemberAccessError naming the account and the role, with the cause', async () => {
    // Arrange
    const denied = Object.assign(new Error('not authorized to perform sts:AssumeRole'), {
      name: 'AccessDenied',
      $metadata: {},
    });
    mocks.sts.on(AssumeRoleCommand).rejects(denied);

    // Act
    const attempt = memberCredentials('222222222222', 'eu-west-1', GD_ID);

    // Assert
    await expect(attempt).rejects.toThrow(MemberAccessError);
    await expect(attempt).rejects.toMatchObject({
      name: 'MemberAccessError',
      accountId: '222222222222',
      roleArn: 'arn:aws:iam::222222222222:role/Security-IR-Role',
      cause: denied,
      message:
        'cannot assume arn:aws:iam::222222222222:role/Security-IR-Role in account 222222222222: ' +
        'AccessDenied: not authorized to perform sts:AssumeRole; check that the member StackSet ' +
        'reached this account and that the role trusts the responders',
    });
  });

  it('does not cache a failure: the next finding assumes the role again', async () => {
    // Arrange
    mocks.sts
      .on(AssumeRoleCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: {} }))
      .resolves(credentialsExpiringIn(3600_000));
    await expect(memberCredentials('222222222222', 'eu-west-1', GD_ID)).rejects.toThrow(
      MemberAccessError,
    );

    // Act
    const credentials = await memberCredentials('222222222222', 'eu-west-1', GD_ID);

    // Assert
    expect(credentials.accessKeyId).toBe('ASIAFAKE3600000');
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('treats an answer without credentials as a failure', async () => {
    // Arrange
    mocks.sts.on(AssumeRoleCommand).resolves({});

    // Act
    const attempt = memberCredentials('222222222222', 'eu-west-1', GD_ID);

    // Assert
    await expect(attempt).rejects.toThrow(
      'cannot assume arn:aws:iam::222222222222:role/Security-IR-Role in account 222222222222: ' +
        'AssumeRole returned no credentials;',
    );
  });
});

describe('memberClient', () => {
  it('builds one client per account and region, pointed at the finding’s region', async () => {
    // Arrange
    const ireland = { accountId: '222222222222', region: 'eu-west-1', findingId: GD_ID };
    const virginia = { ...ireland, region: 'us-east-1' };

    // Act
    const a = memberClient(EC2Client, ireland);
    const b = memberClient(EC2Client, { ...ireland, findingId: 'c'.repeat(32) });
    const c = memberClient(EC2Client, virginia);

    // Assert
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect([await a.config.region(), await c.config.region()]).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('builds separate clients per account and per client class', () => {
    // Arrange
    const target = { accountId: '222222222222', region: 'eu-west-1', findingId: GD_ID };

    // Act
    const ec2 = memberClient(EC2Client, target);
    const other = memberClient(EC2Client, { ...target, accountId: '333333333333' });
    const iam = memberClient(IAMClient, target);

    // Assert
    expect(new Set<unknown>([ec2, other, iam]).size).toBe(3);
  });

  it('signs with the member credentials, assumed once for every region of the account', async () => {
    // Arrange
    const ireland = memberClient(EC2Client, {
      accountId: '222222222222',
      region: 'eu-west-1',
      findingId: GD_ID,
    });
    const sydney = memberClient(EC2Client, {
      accountId: '222222222222',
      region: 'ap-southeast-2',
      findingId: GD_ID,
    });

    // Act
    const [one, two] = await Promise.all([
      ireland.config.credentials(),
      sydney.config.credentials(),
    ]);

    // Assert
    expect([one.accessKeyId, two.accessKeyId]).toEqual([
      'ASIAFAKEMEMBERKEY001',
      'ASIAFAKEMEMBERKEY001',
    ]);
    expect(inputsOf<AssumeRoleCommandInput>(mocks.sts, AssumeRoleCommand)).toEqual([
      expect.objectContaining({ RoleSessionName: `ir-${GD_ID}` }),
    ]);
  });

  it('retries with adaptive mode, up to 6 attempts', async () => {
    // Act
    const client = memberClient(EC2Client, {
      accountId: '222222222222',
      region: 'eu-west-1',
      findingId: GD_ID,
    });

    // Assert
    expect(await client.config.maxAttempts()).toBe(6);
    expect(await client.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
  });
});
