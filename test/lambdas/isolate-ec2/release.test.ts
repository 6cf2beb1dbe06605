import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { handler } from '../../../lambdas/isolate-ec2';
import { arrangeInstances, instanceFinding } from '../../ledger/support';
import { createMocks, inputsOf } from '../../support/aws';
import { forgetLedger, type LedgerServer, startLedger } from '../../support/ledger';
import { cli, OPERATOR, stored } from '../../support/release';
import { ENIS, GROUP_IDS, instanceReply } from './support';

const mocks = createMocks();
let ledger: LedgerServer;
const event = instanceFinding(3);
const FINDING = event.detail.id;
const INSTANCE = event.detail.resource.instanceDetails.instanceId;

/** The instance as the isolation left it: every interface only in its VPC's quarantine group. */
function quarantined(groups?: (vpc: keyof typeof GROUP_IDS) => string[]) {
  return instanceReply({
    instanceId: INSTANCE,
    enis: ENIS.map((e) => ({
      ...e,
      groups: groups ? groups(e.vpc) : [GROUP_IDS[e.vpc].quarantine],
    })),
  });
}

beforeEach(async () => {
  ledger = await startLedger();
  arrangeInstances(mocks, { LEDGER_TABLE_NAME: ledger.table.tableName });
  mocks.ec2.on(DescribeInstanceAttributeCommand).resolves({
    InstanceId: INSTANCE,
    DisableApiTermination: { Value: false },
  });
  await handler(event);
  // From here on the member account shows the isolated instance, and the mocks count from zero.
  mocks.ec2.resetHistory();
  mocks.sts.resetHistory();
  mocks.ec2
    .on(DescribeInstancesCommand)
    .callsFake((_: DescribeInstancesCommandInput) => quarantined());
});
afterEach(async () => {
  await ledger.stop();
  forgetLedger();
});

describe('release isolate-ec2: the ledger item of the isolation', () => {
  it('holds the interfaces groups, the quarantine groups and termination protection before', async () => {
    const item = await stored(ledger, FINDING, 'isolate-ec2');
    expect(item?.status).toBe('contained');
    expect(item?.findingCreatedAt).toBe(event.detail.createdAt);
    expect(item?.secondsToContain).toBeGreaterThan(0);
    expect(item?.before).toEqual({
      kind: 'isolate-ec2',
      instanceId: INSTANCE,
      interfaces: ENIS.map((e) => ({ eni: e.id, vpcId: e.vpc, groups: [...e.groups] })),
      quarantineGroups: {
        [ENIS[0].vpc]: GROUP_IDS[ENIS[0].vpc].quarantine,
        [ENIS[2].vpc]: GROUP_IDS[ENIS[2].vpc].quarantine,
      },
      terminationProtection: false,
      snapshots: true,
    });
  });
});

describe('release isolate-ec2: dry-run (the default)', () => {
  it('prints the plan and changes nothing', async () => {
    // Act
    const { code, out, err } = await cli(mocks, ledger, ['release', FINDING]);
    // Assert
    expect([code, err]).toEqual([0, '']);
    expect(out).toContain(`[planned] ec2:ModifyNetworkInterfaceAttribute ${ENIS[0].id}`);
    expect(out).toContain('dry-run: nothing changed; pass --apply to release');
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(0);
    expect((await stored(ledger, FINDING, 'isolate-ec2'))?.status).toBe('contained');
  });
});

describe('release isolate-ec2: --apply', () => {
  it('puts every interface back in its own groups and turns protection off as it was', async () => {
    // Act
    const { code } = await cli(mocks, ledger, ['release', INSTANCE, '--apply']);
    // Assert
    expect(code).toBe(0);
    expect(inputsOf(mocks.ec2, ModifyNetworkInterfaceAttributeCommand)).toEqual(
      ENIS.map((e) => ({ NetworkInterfaceId: e.id, Groups: [...e.groups] })),
    );
    expect(inputsOf(mocks.ec2, ModifyInstanceAttributeCommand)).toEqual([
      { InstanceId: INSTANCE, DisableApiTermination: { Value: false } },
    ]);
    expect(inputsOf(mocks.sts, AssumeRoleCommand)[0]).toMatchObject({
      RoleArn: 'arn:aws:iam::222222222222:role/Security-IR-Role',
      RoleSessionName: 'ir-release',
    });
  });

  it('records the release, its steps and who made it in the ledger', async () => {
    // Act
    await cli(mocks, ledger, ['release', FINDING, '--apply']);
    // Assert
    const item = await stored(ledger, FINDING, 'isolate-ec2');
    expect(item?.status).toBe('released');
    expect(item?.release).toMatchObject({ by: OPERATOR, status: 'released', forced: false });
    expect(item?.release?.steps.map((s) => `${s.status} ${s.action}`)).toEqual([
      'done ec2:ModifyNetworkInterfaceAttribute',
      'done ec2:ModifyNetworkInterfaceAttribute',
      'done ec2:ModifyNetworkInterfaceAttribute',
      'done ec2:ModifyInstanceAttribute',
    ]);
    expect(item?.release?.notes).toContain(
      `the evidence snapshots of ${INSTANCE} are kept (tag security-ir:finding-id)`,
    );
  });

  it('cannot release the same containment twice', async () => {
    // Arrange
    await cli(mocks, ledger, ['release', FINDING, '--apply']);
    // Act
    const again = await cli(mocks, ledger, ['release', FINDING, '--apply']);
    // Assert
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/nothing to release .*: its responses are released/);
  });
});

describe('release isolate-ec2: the instance changed since the containment', () => {
  beforeEach(() => {
    // Someone moved the first interface to another group by hand.
    mocks.ec2
      .on(DescribeInstancesCommand)
      .callsFake(() =>
        quarantined((vpc) =>
          vpc === ENIS[0].vpc ? ['sg-0ffffffffffffff01'] : [GROUP_IDS[vpc].quarantine],
        ),
      );
  });

  it('refuses, says what changed, and changes nothing', async () => {
    // Act
    const { code, out } = await cli(mocks, ledger, ['release', FINDING, '--apply']);
    // Assert
    expect(code).toBe(1);
    expect(out).toContain(
      `changed since the containment: ${ENIS[0].id} is in sg-0ffffffffffffff01`,
    );
    expect(out).toContain('REFUSED');
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(0);
    expect((await stored(ledger, FINDING, 'isolate-ec2'))?.status).toBe('contained');
  });

  it('releases with --force and records that it was forced', async () => {
    // Act
    const { code } = await cli(mocks, ledger, ['release', FINDING, '--apply', '--force']);
    // Assert
    expect(code).toBe(0);
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(3);
    expect((await stored(ledger, FINDING, 'isolate-ec2'))?.release?.forced).toBe(true);
  });
});
