/**
 * isolate-ec2 against an EC2 that keeps state between calls (test/support/stateful-ec2.ts): the
 * end state is checked (every interface only in its VPC's rule-less quarantine group), and a
 * re-delivered finding sees what the first delivery left.
 */

import { handler } from '../../../lambdas/isolate-ec2';
import { resetIsolationGroups } from '../../../lambdas/isolate-ec2/groups';
import { answerWith } from '../../support/answers';
import { createMocks, resetAll } from '../../support/aws';
import { StatefulEc2 } from '../../support/stateful-ec2';
import { ENIS, guardDutyEvent, INSTANCE, mutatingCalls, publishedOutcomes } from './support';

const mocks = createMocks();

function arrangeAccount(): StatefulEc2 {
  resetAll(mocks);
  resetIsolationGroups();
  const ec2 = new StatefulEc2();
  ec2.addInstance(
    INSTANCE,
    ENIS.map((e) => ({ id: e.id, vpcId: e.vpc })),
  );
  answerWith(mocks, 'ec2', ec2.answers());
  return ec2;
}

describe('isolate-ec2 against a stateful EC2', () => {
  it('leaves every interface only in its VPC quarantine group, none in passthrough', async () => {
    // Arrange
    const ec2 = arrangeAccount();
    // Act
    await handler(guardDutyEvent());
    // Assert
    expect(ec2.isIsolated(INSTANCE)).toBe(true);
    expect(ec2.inPassthrough(INSTANCE)).toBe(false);
    expect(ec2.instances.get(INSTANCE)?.snapshots).toBe(1);
    expect(ec2.instances.get(INSTANCE)?.terminationProtected).toBe(true);
    expect(publishedOutcomes(mocks).map((o) => o.status)).toEqual(['contained']);
  });

  it('changes nothing on a re-delivered finding, even from a cold container', async () => {
    // Arrange: the first delivery isolated the instance.
    const ec2 = arrangeAccount();
    await handler(guardDutyEvent());
    for (const m of Object.values(mocks)) m.resetHistory();
    resetIsolationGroups();
    // Act
    await handler(guardDutyEvent());
    // Assert
    expect(mutatingCalls(mocks)).toEqual([]);
    expect(ec2.isIsolated(INSTANCE)).toBe(true);
    expect(ec2.instances.get(INSTANCE)?.snapshots).toBe(1);
    expect(publishedOutcomes(mocks).map((o) => o.status)).toEqual(['contained']);
  });
});
