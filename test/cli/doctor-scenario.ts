/**
 * A mocked organization for `doctor`: security account 111111111111 (us-east-1) and three members,
 * healthy (222222222222), broken (333333333333: trust too wide, regional stack failed, not a
 * GuardDuty member) and unreachable (444444444444: the member role cannot be assumed). Shared by the
 * in-process tests and the process entry point `doctor-entry.ts`.
 */
import {
  CloudFormationClient,
  ListStackInstancesCommand,
  type StackInstanceSummary,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GuardDutyClient,
  ListDetectorsCommand,
  ListMembersCommand,
} from '@aws-sdk/client-guardduty';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  ListMembersCommand as ListHubMembersCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { RESPONDER_NAMES } from '../../lambdas/shared/catalogue';

export const SECURITY = '111111111111';
export const HEALTHY = '222222222222';
export const BROKEN = '333333333333';
export const UNREACHABLE = '444444444444';

/** The configuration of the scenario (a subset of `Config`). */
export const DOCTOR_CONFIG = {
  prefix: 'security-ir',
  memberRoleName: 'Security-IR-Role',
  homeRegion: 'us-east-1',
  regions: ['us-east-1'],
  securityAccountId: SECURITY,
  callAs: 'DELEGATED_ADMIN' as const,
  operatorPrincipalArns: [`arn:aws:iam::${SECURITY}:role/ops-*`],
};

const responderArns = RESPONDER_NAMES.map((r) => `arn:aws:iam::${SECURITY}:role/security-ir-${r}`);

/** The member role's trust policy as the product deploys it, optionally with an extra statement. */
function trust(extra: object[] = []): string {
  const root = { AWS: `arn:aws:iam::${SECURITY}:root` };
  const actions = ['sts:AssumeRole', 'sts:SetSourceIdentity'];
  return encodeURIComponent(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: root,
          Action: actions,
          Condition: { ArnEquals: { 'aws:PrincipalArn': responderArns } },
        },
        {
          Effect: 'Allow',
          Principal: root,
          Action: actions,
          Condition: { ArnLike: { 'aws:PrincipalArn': DOCTOR_CONFIG.operatorPrincipalArns } },
        },
        ...extra,
      ],
    }),
  );
}

const instance = (account: string, status = 'CURRENT', detailed = 'SUCCEEDED') =>
  ({
    Account: account,
    Region: 'us-east-1',
    Status: status,
    StackInstanceStatus: { DetailedStatus: detailed },
  }) as StackInstanceSummary;

/** Installs the mocks; returns them for assertions. */
export function mockOrganization() {
  const mocks = {
    sts: mockClient(STSClient),
    iam: mockClient(IAMClient),
    organizations: mockClient(OrganizationsClient),
    cfn: mockClient(CloudFormationClient),
    guardduty: mockClient(GuardDutyClient),
    securityhub: mockClient(SecurityHubClient),
    cloudwatch: mockClient(CloudWatchClient),
    sqs: mockClient(SQSClient),
    ec2: mockClient(EC2Client),
  };
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: SECURITY });
  for (const account of [HEALTHY, BROKEN]) {
    mocks.sts
      .on(AssumeRoleCommand, { RoleArn: `arn:aws:iam::${account}:role/Security-IR-Role` })
      .resolves({
        Credentials: {
          // The account in the key id tells the IAM mock whose role is read.
          AccessKeyId: `ASIA${account}`,
          SecretAccessKey: 'secret',
          SessionToken: 'token',
          Expiration: new Date(Date.now() + 3600_000),
        },
      });
  }
  mocks.sts
    .on(AssumeRoleCommand, { RoleArn: `arn:aws:iam::${UNREACHABLE}:role/Security-IR-Role` })
    .rejects(
      Object.assign(new Error('not authorized to perform: sts:AssumeRole'), {
        name: 'AccessDenied',
        $metadata: {},
      }),
    );
  mocks.iam.on(GetRoleCommand).callsFake(async (_input, getClient) => {
    const { accessKeyId } = await getClient().config.credentials();
    const wide = accessKeyId.endsWith(BROKEN)
      ? [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::999999999999:root' },
            Action: 'sts:AssumeRole',
          },
        ]
      : [];
    return { Role: { RoleName: 'Security-IR-Role', AssumeRolePolicyDocument: trust(wide) } };
  });
  // Every VPC's default group, and the isolation groups `prepare` made: in the healthy account's
  // VPC; the broken account has a second VPC without them.
  mocks.ec2.on(DescribeSecurityGroupsCommand).callsFake(async (_input, getClient) => {
    const { accessKeyId } = await getClient().config.credentials();
    const group = (vpc: string, name: string, ingress: object[], egress: object[]) => ({
      GroupId: `sg-${vpc.slice(4)}${name.length}`,
      GroupName: name,
      VpcId: vpc,
      IpPermissions: ingress,
      IpPermissionsEgress: egress,
    });
    const all = [
      { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
    ];
    const prepared = (vpc: string) => [
      group(vpc, 'default', [], all.slice(0, 1)),
      group(vpc, 'security-ir-quarantine', [], []),
      group(vpc, 'security-ir-passthrough', all, all),
    ];
    return {
      SecurityGroups: accessKeyId.endsWith(BROKEN)
        ? [...prepared('vpc-0a0a0a0a0a0a0a0a1'), group('vpc-0b0b0b0b0b0b0b0b2', 'default', [], [])]
        : prepared('vpc-0a0a0a0a0a0a0a0a1'),
    };
  });
  mocks.organizations.on(ListAccountsCommand).resolves({
    Accounts: [SECURITY, HEALTHY, BROKEN, UNREACHABLE].map((Id) => ({ Id, State: 'ACTIVE' })),
  });
  mocks.cfn
    .on(ListStackInstancesCommand, { StackSetName: 'security-ir-member-global' })
    .resolves({ Summaries: [HEALTHY, BROKEN, UNREACHABLE].map((a) => instance(a)) })
    .on(ListStackInstancesCommand, { StackSetName: 'security-ir-member-regional' })
    .resolves({
      Summaries: [instance(HEALTHY), instance(BROKEN, 'OUTDATED', 'FAILED'), instance(UNREACHABLE)],
    });
  mocks.guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ['d0123456789abcdef'] });
  mocks.guardduty.on(ListMembersCommand).resolves({
    Members: [HEALTHY, UNREACHABLE].map((AccountId) => ({
      AccountId,
      RelationshipStatus: 'Enabled',
      MasterId: SECURITY,
      Email: 'x@example.com',
      UpdatedAt: '2026-01-01',
    })),
  });
  mocks.securityhub.on(ListHubMembersCommand).resolves({
    Members: [HEALTHY, BROKEN, UNREACHABLE].map((AccountId) => ({
      AccountId,
      MemberStatus: 'Enabled',
    })),
  });
  mocks.cloudwatch.on(GetMetricDataCommand).resolves({
    MetricDataResults: RESPONDER_NAMES.map((_, i) => ({ Id: `e${i}`, Values: [0] })),
  });
  mocks.sqs.on(GetQueueUrlCommand).callsFake(async (input: { QueueName?: string }) => ({
    QueueUrl: `https://sqs.us-east-1.amazonaws.com/${SECURITY}/${input.QueueName}`,
  }));
  mocks.sqs
    .on(GetQueueAttributesCommand)
    .resolves({ Attributes: { ApproximateNumberOfMessages: '0' } });
  return mocks;
}
