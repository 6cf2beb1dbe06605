/**
 * make-rds-snapshot-private on the new Security Hub's failed control RDS.1 (OCSF): the CIS sample
 * of AWS (test/fixtures/ocsf/cspm-cis-config-1.json) with its control and resource changed to a
 * DB snapshot, as the controls reference names the rule (rds-snapshots-public-prohibited).
 */
import { ModifyDBSnapshotAttributeCommand } from '@aws-sdk/client-rds';
import {
  BatchUpdateFindingsV2Command,
  type BatchUpdateFindingsV2CommandInput,
} from '@aws-sdk/client-securityhub';
import { handler } from '../../../lambdas/make-rds-snapshot-private';
import cspmFixture from '../../fixtures/ocsf/cspm-cis-config-1.json';
import { createMocks, inputsOf, resetAll, undeclaredActions } from '../../support/aws';
import { answerSnapshot, CONFIG_RULES, rds, SNAPSHOT, undeclaredRdsActions } from './support';

const mocks = createMocks();
const ACCOUNT = '123456789012';
const ARN = `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:${SNAPSHOT}`;

type Json = Record<string, unknown>;

/** The CIS sample as a failed control on the given resource. */
function controlEvent(control: string, type: string, uid: string) {
  const event = structuredClone(cspmFixture);
  const finding = event.detail.findings[0] as unknown as Json;
  (finding.compliance as Json).control = control;
  const first = (finding.resources as Json[])[0] as Json;
  finding.resources = [{ ...first, type, uid }];
  return event;
}

beforeEach(() => {
  resetAll(mocks, { CONFIG_RULES });
  rds.reset();
  answerSnapshot();
});

describe('make-rds-snapshot-private: failed control RDS.1 of the new Security Hub (OCSF)', () => {
  it('makes the snapshot the control names private and resolves the OCSF finding', async () => {
    // Act
    const { outcomes } = await handler(controlEvent('RDS.1', 'AWS::RDS::DBSnapshot', ARN));

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'contained', findingType: 'RDS.1' });
    expect(rds.commandCalls(ModifyDBSnapshotAttributeCommand).map((c) => c.args[0].input)).toEqual([
      { DBSnapshotIdentifier: SNAPSHOT, AttributeName: 'restore', ValuesToRemove: ['all'] },
    ]);
    expect(
      inputsOf<BatchUpdateFindingsV2CommandInput>(mocks.securityhub, BatchUpdateFindingsV2Command),
    ).toEqual([expect.objectContaining({ StatusId: 4 })]);
    expect(undeclaredActions(mocks, 'make-rds-snapshot-private')).toEqual([]);
    expect(undeclaredRdsActions()).toEqual([]);
  });

  it('rejects a snapshot ARN of another account, naming the field, and changes nothing', async () => {
    // Arrange
    const foreign = ARN.replace(ACCOUNT, '999999999999');

    // Act
    const run = handler(controlEvent('RDS.1', 'AWS::RDS::DBSnapshot', foreign));

    // Assert
    await expect(run).rejects.toThrow(/resources\[0\]/);
    expect(rds.calls()).toHaveLength(0);
  });
});
