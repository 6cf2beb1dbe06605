/**
 * One answer per GuardDuty finding across its dialects, on a real DynamoDB implementation
 * (dynalite): the claim itself, then the native, ASFF and OCSF copies of one finding through
 * isolate-ec2 (contained once, the others "already answered" and not notified).
 */
import {
  DescribeInstancesCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { handler } from '../../../lambdas/isolate-ec2';
import {
  ANSWER_WINDOW_SECONDS,
  claimAnswer,
  settleClaim,
} from '../../../lambdas/shared/answer-claim';
import { listResponses } from '../../../lambdas/shared/ledger';
import ocsfFixture from '../../fixtures/ocsf/guardduty-ec2-runtime.json';
import { awsError, createMocks, inputsOf, publishedOutcomes } from '../../support/aws';
import { type LedgerServer, useLedger } from '../../support/ledger';
import {
  ACCOUNT,
  arrange,
  FINDING_ID,
  guardDutyEvent,
  INSTANCE,
  instanceReply,
  securityHubEvent,
} from '../isolate-ec2/support';

const mocks = createMocks();
const T0 = new Date('2026-12-06T10:00:00Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let ledger: LedgerServer;
useLedger((l) => {
  ledger = l;
});

describe('answer claim: the conditional write', () => {
  it('gives the first copy the answer and tells the next one who has it', async () => {
    // Act
    const first = await claimAnswer(ledger.table, 'gd1', 'isolate-ec2', 'GuardDuty', T0);
    const second = await claimAnswer(
      ledger.table,
      'gd1',
      'isolate-ec2',
      'Security Hub (OCSF)',
      later(60),
    );
    // Assert
    expect(first).toEqual({ won: true });
    expect(second).toEqual({ won: false, by: 'GuardDuty', at: T0.toISOString() });
  });

  it('tells a later copy the finding id the winning copy’s response is recorded under', async () => {
    // Arrange: the native copy (GuardDuty id) wins; the OCSF copy's id is the finding's ARN.
    await claimAnswer(ledger.table, 'gd1', 'escalate-finding', 'GuardDuty', T0, 'gd1');
    await settleClaim(ledger.table, 'gd1', 'escalate-finding', 'escalated', later(5));

    // Act
    const late = await claimAnswer(
      ledger.table,
      'gd1',
      'escalate-finding',
      'Security Hub (OCSF)',
      later(300),
      'arn:aws:guardduty:us-east-1:222222222222:detector/d1/finding/gd1',
    );

    // Assert
    expect(late).toEqual({
      won: false,
      by: 'GuardDuty',
      at: T0.toISOString(),
      status: 'escalated',
      findingId: 'gd1',
    });
  });

  it('reports the status of a settled answer to later copies', async () => {
    await claimAnswer(ledger.table, 'gd1', 'isolate-ec2', 'GuardDuty', T0);
    await settleClaim(ledger.table, 'gd1', 'isolate-ec2', 'contained', later(5));
    const next = await claimAnswer(ledger.table, 'gd1', 'isolate-ec2', 'Security Hub (OCSF)', T0);
    expect(next).toMatchObject({ won: false, status: 'contained' });
  });

  it('keeps answers of different responders apart', async () => {
    await claimAnswer(ledger.table, 'gd1', 'isolate-ec2', 'GuardDuty', T0);
    const other = await claimAnswer(ledger.table, 'gd1', 'escalate-finding', 'GuardDuty', T0);
    expect(other).toEqual({ won: true });
  });

  it('gives a failed answer back so that another copy may try at once', async () => {
    await claimAnswer(ledger.table, 'gd1', 'isolate-ec2', 'GuardDuty', T0);
    await settleClaim(ledger.table, 'gd1', 'isolate-ec2', 'failed', later(5));
    const retry = await claimAnswer(
      ledger.table,
      'gd1',
      'isolate-ec2',
      'Security Hub (OCSF)',
      later(6),
    );
    expect(retry).toEqual({ won: true });
  });

  it('lapses after the window, so a later occurrence is answered again', async () => {
    await claimAnswer(ledger.table, 'gd1', 'isolate-ec2', 'GuardDuty', T0);
    const within = await claimAnswer(
      ledger.table,
      'gd1',
      'isolate-ec2',
      'GuardDuty',
      later(ANSWER_WINDOW_SECONDS - 1),
    );
    const after = await claimAnswer(
      ledger.table,
      'gd1',
      'isolate-ec2',
      'GuardDuty',
      later(ANSWER_WINDOW_SECONDS + 1),
    );
    expect(within.won).toBe(false);
    expect(after.won).toBe(true);
  });

  it('is invisible to history: claims are not responses', async () => {
    await claimAnswer(ledger.table, 'gd1', 'isolate-ec2', 'GuardDuty', T0);
    expect(await listResponses(ledger.table, {})).toEqual([]);
  });
});

/** The new Security Hub's copy of the native finding: same GuardDuty finding, account, instance. */
function ocsfCopy() {
  const event = structuredClone(ocsfFixture);
  const finding = event.detail.findings[0] as unknown as Record<string, Record<string, unknown>>;
  finding.cloud = { ...finding.cloud, account: { uid: ACCOUNT } };
  finding.finding_info = {
    ...finding.finding_info,
    uid: guardDutyEvent().detail.arn,
    uid_alt: FINDING_ID,
  };
  const [resource] = finding.resources as unknown as Record<string, unknown>[];
  (finding as Record<string, unknown>).resources = [
    { ...resource, uid: INSTANCE, owner: { account: { uid: ACCOUNT } } },
  ];
  return event;
}

/** CSPM's ASFF copy of the native finding, as an analyst's custom action sends it. */
function asffCopy() {
  const event = securityHubEvent();
  const [first] = event.detail.findings;
  event.detail.findings = [
    { ...(first as (typeof event.detail.findings)[0]), Id: guardDutyEvent().detail.arn },
  ];
  return event;
}

/** Interface moves of one isolation: each of the 3 interfaces to passthrough, then quarantine. */
const ONE_ISOLATION = 6;

describe('answer claim: one finding arriving natively and through Security Hub', () => {
  beforeEach(() => {
    arrange(mocks, { env: { LEDGER_TABLE_NAME: ledger.table.tableName } });
  });

  it('contains once: the OCSF copy after the native one is already answered and not notified', async () => {
    // Act
    const native = await handler(guardDutyEvent());
    const moved = inputsOf(mocks.ec2, ModifyNetworkInterfaceAttributeCommand).length;
    const copy = await handler(ocsfCopy());
    // Assert
    expect(native.outcomes[0]?.status).toBe('contained');
    expect(moved).toBe(ONE_ISOLATION);
    expect(copy.outcomes[0]).toMatchObject({
      status: 'ignored',
      reason: expect.stringMatching(
        new RegExp(
          `^already answered: the GuardDuty copy of GuardDuty finding ${FINDING_ID} was answered at .+, contained; this copy changes nothing$`,
        ),
      ),
    });
    expect(inputsOf(mocks.ec2, ModifyNetworkInterfaceAttributeCommand)).toHaveLength(moved);
    expect(publishedOutcomes(mocks).map((o) => o.status)).toEqual(['contained']);
  });

  it('contains once when the native, ASFF and OCSF copies arrive together', async () => {
    // Act
    const results = await Promise.all([
      handler(guardDutyEvent()),
      handler(ocsfCopy()),
      handler(asffCopy()),
    ]);
    // Assert
    const statuses = results.map((r) => r.outcomes[0]?.status).sort();
    expect(statuses).toEqual(['contained', 'ignored', 'ignored']);
    expect(publishedOutcomes(mocks).map((o) => o.status)).toEqual(['contained']);
    expect(inputsOf(mocks.ec2, ModifyNetworkInterfaceAttributeCommand)).toHaveLength(ONE_ISOLATION);
  });

  it('lets the OCSF copy answer when the native answer failed', async () => {
    // Arrange
    mocks.ec2
      .on(DescribeInstancesCommand)
      .rejectsOnce(awsError('UnauthorizedOperation'))
      .resolves(instanceReply());
    // Act
    await expect(handler(guardDutyEvent())).rejects.toThrow(/1 finding\(s\) failed/);
    const copy = await handler(ocsfCopy());
    // Assert
    expect(copy.outcomes[0]?.status).toBe('contained');
  });
});
