import {
  DescribeNetworkInterfacesCommand,
  type DescribeNetworkInterfacesCommandInput,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { DeleteRolePolicyCommand } from '@aws-sdk/client-iam';
import { handler } from '../../../lambdas/isolate-ecs-task';
import { createMocks, inputsOf } from '../../support/aws';
import { type LedgerServer, useLedger } from '../../support/ledger';
import { cli, stored } from '../../support/release';
import {
  APP_GROUP,
  arrange,
  EC2_TASK,
  ENI,
  ec2Event,
  fargateEvent,
  INSTANCE_ENI,
  type LiveTaskSpec,
  QUARANTINE,
  ROLE,
} from './support';

const mocks = createMocks();
let ledger: LedgerServer;
const FARGATE_FINDING = fargateEvent().detail.id;
const EC2_FINDING = ec2Event().detail.id;

/** Contains the task, then answers the release's reads with the state the containment left. */
async function contain(live: LiveTaskSpec, event: unknown): Promise<void> {
  arrange(mocks, live, { LEDGER_TABLE_NAME: ledger.table.tableName });
  await handler(event);
  mocks.ec2.resetHistory();
  mocks.iam.resetHistory();
  mocks.ec2
    .on(DescribeNetworkInterfacesCommand)
    .callsFake((input: DescribeNetworkInterfacesCommandInput) => ({
      NetworkInterfaces: (input.NetworkInterfaceIds ?? []).map((id) => ({
        NetworkInterfaceId: id,
        Groups: [{ GroupId: QUARANTINE }],
      })),
    }));
}

useLedger((l) => {
  ledger = l;
});

describe('release isolate-ecs-task: --apply', () => {
  it('deletes the revoke policy and puts the task interface back in its groups', async () => {
    // Arrange
    await contain({ requesterManaged: false }, fargateEvent());
    expect((await stored(ledger, FARGATE_FINDING, 'isolate-ecs-task'))?.before).toMatchObject({
      kind: 'isolate-ecs-task',
      roleName: ROLE,
      interfaces: [{ eni: ENI, groups: [APP_GROUP] }],
    });

    // Act
    const { code, err } = await cli(mocks, ledger, ['release', FARGATE_FINDING, '--apply']);

    // Assert
    expect([code, err]).toEqual([0, '']);
    expect(inputsOf(mocks.iam, DeleteRolePolicyCommand)).toEqual([
      { RoleName: ROLE, PolicyName: 'AWSRevokeOlderSessions' },
    ]);
    expect(inputsOf(mocks.ec2, ModifyNetworkInterfaceAttributeCommand)).toEqual([
      { NetworkInterfaceId: ENI, Groups: [APP_GROUP] },
    ]);
    expect((await stored(ledger, FARGATE_FINDING, 'isolate-ecs-task'))?.status).toBe('released');
  });

  it('releases the container instance through isolate-ec2’s release', async () => {
    // Arrange: DescribeInstances still shows the interface in its own group, hence --force.
    await contain({ launch: 'EC2' }, ec2Event());
    const item = await stored(ledger, EC2_FINDING, 'isolate-ecs-task');
    expect(item?.resource).toBe(EC2_TASK);
    expect(item?.before).toMatchObject({ instance: { kind: 'isolate-ec2' } });

    // Act
    const { code } = await cli(mocks, ledger, ['release', EC2_FINDING, '--apply', '--force']);

    // Assert
    expect(code).toBe(0);
    expect(inputsOf(mocks.ec2, ModifyNetworkInterfaceAttributeCommand)).toContainEqual({
      NetworkInterfaceId: INSTANCE_ENI.id,
      Groups: [APP_GROUP],
    });
  });
});
