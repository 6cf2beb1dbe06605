import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { main } from '../../cli/main';
import { collectPrepare, groupsCheck, type PrepareConfig } from '../../cli/prepare';
import { resetIsolationGroups, resolveGroups, startLookup } from '../../lambdas/isolate-ec2/groups';
import { memberActionsOf } from '../../lambdas/shared/catalogue';
import { answerWith } from '../support/answers';
import { createMocks, inputsOf } from '../support/aws';
import { StatefulEc2 } from '../support/stateful-ec2';

const mocks = createMocks();
const ACCOUNT = '222222222222';
const OTHER = '333333333333';
const CONFIG: PrepareConfig = {
  prefix: 'security-ir',
  memberRoleName: 'Security-IR-Role',
  homeRegion: 'us-east-1',
  regions: ['us-east-1'],
};
const VPCS = ['vpc-0a1b2c3d4e5f60001', 'vpc-0a1b2c3d4e5f60002'];
const ALL_V4 = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const ALL_V6 = { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] };
const sink = () => {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
};

let ec2: StatefulEc2;

beforeEach(() => {
  for (const m of Object.values(mocks)) m.reset();
  resetIsolationGroups();
  ec2 = new StatefulEc2();
  ec2.addInstance('i-0a1b2c3d4e5f60001', [
    { id: 'eni-0a1b2c3d4e5f60001', vpcId: VPCS[0] as string },
  ]);
  ec2.addVpc(VPCS[1] as string);
  answerWith(mocks, 'ec2', ec2.answers());
  mocks.sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIAEXAMPLE',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(Date.now() + 3600_000),
    },
  });
});

describe('prepare: VPCs without isolation groups', () => {
  it('creates the passthrough and quarantine groups of every VPC with the responder rules', async () => {
    const rows = await collectPrepare({ accounts: [ACCOUNT] }, CONFIG, sink());

    expect(rows).toMatchObject([
      { account: ACCOUNT, region: 'us-east-1', vpcs: 2, ready: 0, created: 4, repaired: 0 },
    ]);
    expect(rows[0]?.error).toBeUndefined();
    for (const vpc of VPCS) {
      expect(ec2.group('security-ir-quarantine', vpc)).toMatchObject({
        IpPermissions: [],
        IpPermissionsEgress: [],
      });
      expect(ec2.group('security-ir-passthrough', vpc)).toMatchObject({
        IpPermissions: [ALL_V4, ALL_V6],
        IpPermissionsEgress: [ALL_V4, ALL_V6],
      });
    }
    expect(inputsOf(mocks.sts, AssumeRoleCommand)).toContainEqual({
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/Security-IR-Role`,
      RoleSessionName: 'ir-prepare',
    });
    expect(inputsOf(mocks.ec2, CreateSecurityGroupCommand)).toContainEqual({
      GroupName: 'security-ir-quarantine',
      VpcId: VPCS[1],
      Description: 'Security IR quarantine: no inbound and no outbound traffic',
      TagSpecifications: [
        {
          ResourceType: 'security-group',
          Tags: [{ Key: 'security-ir:purpose', Value: 'quarantine' }],
        },
      ],
    });
  });

  it('leaves groups the responder then finds ready in its one lookup, with no change to make', async () => {
    await collectPrepare({ accounts: [ACCOUNT] }, CONFIG, sink());
    resetIsolationGroups(); // a new container: nothing cached
    const client = new EC2Client({ region: 'us-east-1' });
    const member = { accountId: ACCOUNT, region: 'us-east-1', findingId: 'f' };
    mocks.ec2.resetHistory();

    const early = startLookup(client, member, 'security-ir', [VPCS[0] as string]);
    const groups = await resolveGroups(client, member, 'security-ir', [VPCS[0] as string], early);

    const pair = groups.get(VPCS[0] as string);
    expect(pair?.quarantine).toMatchObject({ id: expect.stringMatching(/^sg-/), changes: [] });
    expect(pair?.passthrough).toMatchObject({ id: expect.stringMatching(/^sg-/), changes: [] });
    expect(mocks.ec2.commandCalls(DescribeSecurityGroupsCommand)).toHaveLength(1);
  });

  it('uses only actions the registry declares for isolate-ec2', async () => {
    await collectPrepare({ accounts: [ACCOUNT] }, CONFIG, sink());
    const declared = new Set<string>(memberActionsOf('isolate-ec2'));
    const sent = mocks.ec2
      .calls()
      .map((c) => `ec2:${(c.args[0] as object).constructor.name.replace(/Command$/, '')}`);
    expect(sent.filter((a) => !declared.has(a))).toEqual([]);
  });
});

describe('prepare: groups already there', () => {
  it('changes nothing the second time', async () => {
    await collectPrepare({ accounts: [ACCOUNT] }, CONFIG, sink());
    mocks.ec2.resetHistory();

    const rows = await collectPrepare({ accounts: [ACCOUNT] }, CONFIG, sink());

    expect(rows).toMatchObject([{ vpcs: 2, ready: 2, created: 0, repaired: 0, steps: [] }]);
    expect(mocks.ec2.commandCalls(CreateSecurityGroupCommand)).toHaveLength(0);
  });

  it('removes an inbound rule a person added to a quarantine group', async () => {
    for (const vpc of VPCS) ec2.addIsolationGroups(vpc);
    const quarantine = ec2.group('security-ir-quarantine', VPCS[0] as string);
    const rule = {
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      IpRanges: [{ CidrIp: '10.0.0.0/8' }],
    };
    await new EC2Client({ region: 'us-east-1' }).send(
      // Through the fake, as a person in the console would.
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: quarantine?.GroupId,
        IpPermissions: [rule],
      }),
    );

    const rows = await collectPrepare({ accounts: [ACCOUNT] }, CONFIG, sink());

    expect(rows).toMatchObject([{ vpcs: 2, ready: 1, created: 0, repaired: 1 }]);
    const revoked = mocks.ec2
      .commandCalls(RevokeSecurityGroupIngressCommand)
      .map((c) => c.args[0].input);
    expect(revoked).toContainEqual({
      GroupId: quarantine?.GroupId,
      IpPermissions: [rule],
    });
    expect(ec2.group('security-ir-quarantine', VPCS[0] as string)?.IpPermissions).toEqual([]);
  });
});

describe('prepare: dry-run', () => {
  it('lists the groups it would create and changes nothing', async () => {
    const rows = await collectPrepare({ accounts: [ACCOUNT], dryRun: true }, CONFIG, sink());

    expect(rows).toMatchObject([{ vpcs: 2, created: 4 }]);
    expect(rows[0]?.steps.filter((s) => s.action === 'ec2:CreateSecurityGroup')).toEqual(
      VPCS.flatMap((vpc) => [
        {
          action: 'ec2:CreateSecurityGroup',
          target: `security-ir-quarantine in ${vpc}`,
          status: 'planned',
        },
        {
          action: 'ec2:CreateSecurityGroup',
          target: `security-ir-passthrough in ${vpc}`,
          status: 'planned',
        },
      ]),
    );
    expect(rows[0]?.steps.every((s) => s.status === 'planned')).toBe(true);
    expect(mocks.ec2.commandCalls(CreateSecurityGroupCommand)).toHaveLength(0);
    expect(ec2.group('security-ir-quarantine', VPCS[0] as string)).toBeUndefined();
  });
});

describe('prepare: failures', () => {
  it('reports an account whose member role cannot be assumed and still prepares the others', async () => {
    mocks.sts
      .on(AssumeRoleCommand, { RoleArn: `arn:aws:iam::${OTHER}:role/Security-IR-Role` })
      .rejects(
        Object.assign(new Error('not authorized to perform: sts:AssumeRole'), {
          name: 'AccessDenied',
          $metadata: {},
        }),
      );
    const out = sink();
    const err = sink();

    const code = await main(
      ['prepare', '--accounts', `${ACCOUNT},${OTHER}`, '--regions', 'us-east-1'],
      {
        out,
        err,
        config: () => CONFIG as never,
      },
    );

    expect(code).toBe(1);
    expect(out.text()).toContain(`cannot assume arn:aws:iam::${OTHER}:role/Security-IR-Role`);
    expect(out.text()).toContain(
      '2 VPC(s), 4 group(s) created, 0 repaired, 1 account-region(s) failed',
    );
    expect(ec2.group('security-ir-passthrough', VPCS[1] as string)).toBeDefined();
  });

  it('reports a VPC where the group cannot be created, with the step that failed', async () => {
    const answers = ec2.answers();
    answerWith(mocks, 'ec2', {
      ...answers,
      'ec2:CreateSecurityGroup': () => {
        throw Object.assign(new Error('explicit deny in an identity-based policy'), {
          name: 'UnauthorizedOperation',
          $metadata: {},
        });
      },
    });

    const rows = await collectPrepare({ accounts: [ACCOUNT] }, CONFIG, sink());

    expect(rows[0]?.error).toContain('explicit deny');
    expect(rows[0]?.steps).toContainEqual({
      action: 'ec2:CreateSecurityGroup',
      target: `security-ir-quarantine in ${VPCS[0]}`,
      status: 'failed',
    });
  });

  it('rejects a malformed --accounts before any AWS call', async () => {
    const err = sink();
    const code = await main(['prepare', '--accounts', '12'], {
      out: sink(),
      err,
      config: () => CONFIG as never,
    });
    expect(code).toBe(2);
    expect(err.text()).toContain('--accounts takes "all" or 12-digit account ids');
    expect(mocks.sts.calls()).toHaveLength(0);
  });
});

describe("doctor's groups check", () => {
  const client = () => new EC2Client({ region: 'us-east-1' });

  it('names the VPCs without ready groups and says how to prepare them', async () => {
    const check = await groupsCheck(client(), 'security-ir');
    expect(check.status).toBe('fail');
    expect(check.detail).toContain(
      `2 of 2 VPC(s) lack ready isolation groups (${VPCS.join(', ')})`,
    );
    expect(check.detail).toContain('run security-ir prepare');
  });

  it('passes once every VPC is prepared', async () => {
    await collectPrepare({ accounts: [ACCOUNT] }, CONFIG, sink());
    expect(await groupsCheck(client(), 'security-ir')).toEqual({ status: 'ok' });
  });

  it('is unknown when the groups cannot be read', async () => {
    answerWith(mocks, 'ec2', {
      'ec2:DescribeSecurityGroups': () => {
        throw Object.assign(new Error('Request limit exceeded.'), {
          name: 'RequestLimitExceeded',
          $metadata: {},
        });
      },
    });
    const check = await groupsCheck(client(), 'security-ir');
    expect(check.status).toBe('unknown');
  });
});
