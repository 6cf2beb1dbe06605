import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { GetBucketTaggingCommand } from '@aws-sdk/client-s3';
import { StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { handler as confine } from '../../lambdas/confine-security-group';
import { DEFAULT_CONFIG_RULES } from '../../lambdas/shared/defaults';
import { handler as runbook } from '../../lambdas/start-ssm-automation';
import s3Event from '../fixtures/config/s3-public-read.json';
import sgEvent from '../fixtures/config/sg-restricted-ssh.json';
import { createMocks, resetAll } from '../support/aws';
import { forgetLedger, type LedgerServer, startLedger } from '../support/ledger';
import { cli, stored } from '../support/release';

const mocks = createMocks();
let ledger: LedgerServer;
const CONFIG_RULES = JSON.stringify(
  Object.fromEntries(DEFAULT_CONFIG_RULES.map((r) => [r.name, r.response])),
);
const GROUP = 'sg-0a1b2c3d4e5f60718';
const SG_FINDING = `restricted-ssh/${GROUP}`;
const BUCKET = s3Event.detail.resourceId;

function rule(id: string, cidr: string, description?: string): SecurityGroupRule {
  return {
    SecurityGroupRuleId: id,
    GroupId: GROUP,
    IsEgress: false,
    IpProtocol: 'tcp',
    FromPort: 22,
    ToPort: 22,
    CidrIpv4: cidr,
    ...(description ? { Description: description } : {}),
  };
}

function answerRules(rules: SecurityGroupRule[]): void {
  mocks.ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: rules });
}

beforeEach(async () => {
  ledger = await startLedger();
  resetAll(mocks, { CONFIG_RULES, LEDGER_TABLE_NAME: ledger.table.tableName });
});
afterEach(async () => {
  await ledger.stop();
  forgetLedger();
});

describe('release confine-security-group', () => {
  beforeEach(async () => {
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: GROUP, VpcId: 'vpc-0c1d2e3f4a5b6c7d8', Tags: [] }] });
    answerRules([rule('sgr-0000000000000001a', '0.0.0.0/0', 'ssh for the vendor')]);
    mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    mocks.ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    await confine(structuredClone(sgEvent));
    mocks.ec2.resetHistory();
    // After the confinement: the replacement is there, the open range is gone.
    answerRules([rule('sgr-0000000000000002b', '10.0.0.0/8')]);
  });

  it('records the revoked open range with its description', async () => {
    const item = await stored(ledger, SG_FINDING, 'confine-security-group');
    expect(item?.before).toEqual({
      kind: 'confine-security-group',
      groupId: GROUP,
      revoked: [
        {
          ruleId: 'sgr-0000000000000001a',
          cidr: '0.0.0.0/0',
          protocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          description: 'ssh for the vendor',
        },
      ],
      added: 'tcp 22 from 10.0.0.0/8',
    });
  });

  it('does not re-open the range without --restore-open-ranges, and says so', async () => {
    // Act
    const { code, out } = await cli(mocks, ledger, ['release', GROUP, '--apply']);
    // Assert
    expect(code).toBe(0);
    expect(mocks.ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)).toHaveLength(0);
    expect(out).toContain('pass --restore-open-ranges to re-open them to the internet');
    expect((await stored(ledger, SG_FINDING, 'confine-security-group'))?.status).toBe('released');
  });

  it('re-adds the revoked range with --restore-open-ranges, keeping the replacement', async () => {
    // Act
    const { code } = await cli(mocks, ledger, [
      'release',
      SG_FINDING,
      '--apply',
      '--restore-open-ranges',
    ]);
    // Assert
    expect(code).toBe(0);
    expect(
      mocks.ec2.commandCalls(AuthorizeSecurityGroupIngressCommand).map((c) => c.args[0].input),
    ).toEqual([
      {
        GroupId: GROUP,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ssh for the vendor' }],
          },
        ],
      },
    ]);
    expect(mocks.ec2.commandCalls(RevokeSecurityGroupIngressCommand)).toHaveLength(0);
  });

  it('refuses when the open range is back already', async () => {
    // Arrange
    answerRules([rule('sgr-0000000000000003c', '0.0.0.0/0')]);
    // Act
    const { code, out } = await cli(mocks, ledger, [
      'release',
      GROUP,
      '--apply',
      '--restore-open-ranges',
    ]);
    // Assert
    expect(code).toBe(1);
    expect(out).toContain(`0.0.0.0/0 tcp 22-22 is open again on ${GROUP}`);
    expect(mocks.ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)).toHaveLength(0);
  });
});

describe('release start-ssm-automation', () => {
  beforeEach(async () => {
    mocks.s3.on(GetBucketTaggingCommand).resolves({ TagSet: [] });
    mocks.ssm
      .on(StartAutomationExecutionCommand)
      .resolves({ AutomationExecutionId: '0f1e2d3c-0000-4000-8000-000000000001' });
    await runbook(structuredClone(s3Event));
    mocks.ssm.resetHistory();
    mocks.s3.resetHistory();
  });

  it('says what the runbook changed and changes nothing in the member account', async () => {
    // Act
    const { code, out } = await cli(mocks, ledger, ['release', BUCKET, '--apply']);
    // Assert
    expect(code).toBe(0);
    expect(out).toContain(
      `AWS-DisableS3BucketPublicReadWrite ran on ${BUCKET} (execution 0f1e2d3c-0000-4000-8000-000000000001)`,
    );
    expect(out).toContain('Block Public Access settings were turned on');
    expect([...mocks.ssm.calls(), ...mocks.s3.calls()]).toHaveLength(0);
    const item = await stored(
      ledger,
      `s3-bucket-public-read-prohibited/${BUCKET}`,
      'start-ssm-automation',
    );
    expect(item?.status).toBe('released');
  });
});
