/**
 * The new GuardDuty families, end to end through the responder that contains them: runtime and
 * malware findings on an instance through isolate-ec2, an S3 finding naming a key through
 * block-principal. Escalated families: test/lambdas/escalate-finding.test.ts.
 */
import { ModifyNetworkInterfaceAttributeCommand } from '@aws-sdk/client-ec2';
import { UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { handler as blockPrincipal } from '../../lambdas/block-principal';
import { handler as isolateEc2 } from '../../lambdas/isolate-ec2';
import malwareFixture from '../fixtures/guardduty/malware-ec2-malicious-file.json';
import runtimeFixture from '../fixtures/guardduty/runtime-ec2-reverse-shell.json';
import exfiltrationFixture from '../fixtures/guardduty/s3-exfiltration-malicious-ip.json';
import { createMocks, inputsOf, undeclaredActions } from '../support/aws';
import { arrange as arrangePrincipal, USER_KEY } from './block-principal/support';
import { arrange as arrangeInstance, ENIS, INSTANCE } from './isolate-ec2/support';

const mocks = createMocks();

/** A copy of an instance fixture naming the instance the isolate-ec2 support answers for. */
function onTheArrangedInstance<T extends { detail: { resource: { instanceDetails: object } } }>(
  fixture: T,
): T {
  const event = structuredClone(fixture);
  (event.detail.resource.instanceDetails as { instanceId: string }).instanceId = INSTANCE;
  return event;
}

describe('GuardDuty families: runtime and malware findings on an instance', () => {
  it.each([
    ['Execution:Runtime/ReverseShell', runtimeFixture],
    ['Execution:EC2/MaliciousFile', malwareFixture],
  ])('isolates the instance of a %s finding', async (type, fixture) => {
    // Arrange
    arrangeInstance(mocks, { groups: 'clean' });

    // Act
    const { outcomes } = await isolateEc2(onTheArrangedInstance(fixture));

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'contained',
      resource: INSTANCE,
      findingType: type,
    });
    const moved = inputsOf(mocks.ec2, ModifyNetworkInterfaceAttributeCommand).map(
      (i) => i.NetworkInterfaceId,
    );
    expect(new Set(moved)).toEqual(new Set(ENIS.map((e) => e.id)));
    expect(undeclaredActions(mocks, 'isolate-ec2')).toEqual([]);
  });
});

describe('GuardDuty families: S3 finding that names a compromised key', () => {
  it('blocks the user and deactivates the key the finding names', async () => {
    // Arrange
    arrangePrincipal(mocks);

    // Act
    const { outcomes } = await blockPrincipal(structuredClone(exfiltrationFixture));

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'contained',
      findingType: 'Exfiltration:S3/MaliciousIPCaller',
    });
    expect(inputsOf(mocks.iam, UpdateAccessKeyCommand)).toEqual([
      { UserName: 'ci-deployer', AccessKeyId: USER_KEY, Status: 'Inactive' },
    ]);
    expect(undeclaredActions(mocks, 'block-principal')).toEqual([]);
  });

  it('ignores an S3 finding that names no key', async () => {
    arrangePrincipal(mocks);
    const event = structuredClone(exfiltrationFixture) as { detail: { resource: object } };
    delete (event.detail.resource as { accessKeyDetails?: unknown }).accessKeyDetails;

    const { outcomes } = await blockPrincipal(event);

    expect(outcomes[0]?.status).toBe('ignored');
    expect(mocks.iam.calls()).toHaveLength(0);
  });
});
