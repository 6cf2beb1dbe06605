import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { handler as blockPrincipal } from '../../lambdas/block-principal';
import { handler as confine } from '../../lambdas/confine-security-group';
import { DEFAULT_CONFIG_RULES } from '../../lambdas/shared/defaults';
import type { HandlerResult } from '../../lambdas/shared/handler';
import { getResponse } from '../../lambdas/shared/ledger';
import sgEvent from '../fixtures/config/sg-restricted-ssh.json';
import { arrange, events, USER_FINDING } from '../lambdas/block-principal/support';
import { createMocks, resetAll } from '../support/aws';
import { type LedgerServer, useLedger } from '../support/ledger';

const mocks = createMocks();
let ledger: LedgerServer;
const APPROVE = JSON.stringify({ default: 'approve', accounts: {}, organizationalUnits: {} });
const GROUP = 'sg-0a1b2c3d4e5f60718';

useLedger((l) => {
  ledger = l;
});

describe('approve mode beyond isolate-ec2', () => {
  it('block-principal: the IAM writes wait for approval, none is sent', async () => {
    // Arrange
    arrange(mocks, { env: { LEDGER_TABLE_NAME: ledger.table.tableName, RESPONSE_MODES: APPROVE } });

    // Act
    const { outcomes } = (await blockPrincipal(events.user())) as HandlerResult;

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'awaiting-approval', mode: 'approve' });
    const writes = mocks.iam
      .calls()
      .map((c) => (c.args[0] as { constructor: { name: string } }).constructor.name)
      .filter((n) => /^(Attach|Put|Update|Delete)/.test(n));
    expect(writes).toEqual([]);
    const item = await getResponse(ledger.table, USER_FINDING, 'block-principal');
    expect(item?.status).toBe('awaiting-approval');
    expect(JSON.parse(item?.event ?? 'null')).toEqual(events.user());
  });

  it('confine-security-group (a Config finding): the revoke waits for approval', async () => {
    // Arrange
    resetAll(mocks, {
      LEDGER_TABLE_NAME: ledger.table.tableName,
      RESPONSE_MODES: APPROVE,
      CONFIG_RULES: JSON.stringify(
        Object.fromEntries(DEFAULT_CONFIG_RULES.map((r) => [r.name, r.response])),
      ),
    });
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: GROUP, VpcId: 'vpc-0c1d2e3f4a5b6c7d8', Tags: [] }] });
    mocks.ec2.on(DescribeSecurityGroupRulesCommand).resolves({
      SecurityGroupRules: [
        {
          SecurityGroupRuleId: 'sgr-0000000000000001a',
          GroupId: GROUP,
          IsEgress: false,
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          CidrIpv4: '0.0.0.0/0',
        },
      ],
    });

    // Act
    const { outcomes } = (await confine(sgEvent)) as HandlerResult;

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'awaiting-approval', resource: GROUP });
    expect(outcomes[0]?.approval?.command).toBe(
      `security-ir approve restricted-ssh/${GROUP} --responder confine-security-group`,
    );
    expect(mocks.ec2.commandCalls(RevokeSecurityGroupIngressCommand)).toHaveLength(0);
    expect(mocks.ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)).toHaveLength(0);
  });
});
