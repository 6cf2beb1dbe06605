/**
 * The ticket of a GuardDuty finding that reached EventBridge natively before the new Security Hub
 * imported its OCSF copy: the native escalation cannot find the copy (GetFindingsV2 is empty), so
 * its ticket fails; the OCSF copy (`Findings Imported V2`) arrives later, loses the answer claim,
 * and opens that escalation's ticket with its own `metadata.uid`, linked on the native response.
 * The ledger is real (dynalite); Security Hub, EC2 and SNS are mocked.
 */
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import {
  CreateTicketV2Command,
  type CreateTicketV2CommandInput,
  GetFindingsV2Command,
} from '@aws-sdk/client-securityhub';
import { handler as escalateFinding } from '../../../lambdas/escalate-finding';
import { handler as isolateEc2 } from '../../../lambdas/isolate-ec2';
import { GUARDDUTY_RESPONDERS } from '../../../lambdas/registry/responders';
import { claimAnswer } from '../../../lambdas/shared/answer-claim';
import { ResponseFailedError } from '../../../lambdas/shared/errors';
import { getResponse } from '../../../lambdas/shared/ledger';
import * as metrics from '../../../lambdas/shared/metrics';
import type { Outcome } from '../../../lambdas/shared/outcome';
import { readTicket } from '../../../lambdas/shared/ticket-ledger';
import { ticketClientToken } from '../../../lambdas/shared/tickets';
import ec2Backdoor from '../../fixtures/guardduty/ec2-backdoor.json';
import ocsfFixture from '../../fixtures/ocsf/guardduty-ec2-runtime.json';
import {
  awsError,
  createMocks,
  inputsOf,
  publishedOutcomes,
  resetAll,
  undeclaredActions,
} from '../../support/aws';
import { type LedgerServer, useLedger } from '../../support/ledger';
import { ocsfCopyOf } from '../../support/ocsf';
import { arrange as arrangeEc2, guardDutyEvent } from '../isolate-ec2/support';

const mocks = createMocks();
let ledger: LedgerServer;
useLedger((l) => {
  ledger = l;
});

const CONNECTOR = '8f3c2a1b-4d5e-4f60-9a7b-0c1d2e3f4a5b';
/** The GuardDuty finding id of the native fixture, which its OCSF copy carries in `uid_alt`. */
const GD_ID = ec2Backdoor.detail.id;
/** The OCSF copy's own `metadata.uid` (AWS's sample), which CreateTicketV2 takes. */
const OCSF_UID = (ocsfFixture.detail.findings[0] as { metadata: { uid: string } }).metadata.uid;
const JIRA = { TicketId: 'SEC-77', TicketSrcUrl: 'https://acme.atlassian.net/browse/SEC-77' };

/** Every GuardDuty responder's list emptied: escalate-finding escalates every finding. */
const NOTHING_CONTAINED = JSON.stringify(
  Object.fromEntries(GUARDDUTY_RESPONDERS.map((n) => [n, []])),
);
const TICKETS = JSON.stringify({ connectorId: CONNECTOR, region: 'us-east-1', on: ['escalated'] });

const native = () => structuredClone(ec2Backdoor);
const ocsfCopy = () => ocsfCopyOf(native());

beforeEach(() => {
  resetAll(mocks, {
    FINDING_TYPES: NOTHING_CONTAINED,
    TICKETS,
    LEDGER_TABLE_NAME: ledger.table.tableName,
  });
  // The new Security Hub has not imported the OCSF copy yet; the connector answers when called.
  mocks.securityhub.on(GetFindingsV2Command).resolves({ Findings: [] });
  mocks.securityhub.on(CreateTicketV2Command).resolves(JIRA);
});

afterEach(() => {
  delete process.env.LEDGER_TABLE_NAME;
  jest.restoreAllMocks();
});

async function one(
  handler: (event: unknown) => Promise<{ outcomes: Outcome[] }>,
  event: unknown,
): Promise<Outcome> {
  const { outcomes } = await handler(event);
  expect(outcomes).toHaveLength(1);
  return outcomes[0] as Outcome;
}

/** The native escalation, whose ticket fails: no OCSF copy yet. */
async function escalateNatively(): Promise<Outcome> {
  const outcome = await one(escalateFinding, native());
  expect(outcome.status).toBe('escalated');
  expect(outcome.ticket).toBeUndefined();
  expect(mocks.securityhub.commandCalls(CreateTicketV2Command)).toHaveLength(0);
  return outcome;
}

describe('late ticket: the OCSF copy of a native escalation whose ticket failed', () => {
  it('fails the native ticket and says the OCSF copy will open it', async () => {
    // Act
    const outcome = await escalateNatively();

    // Assert
    expect(outcome.reason).toContain(
      `the ticket could not be opened: the new Security Hub holds no OCSF copy of ${ec2Backdoor.detail.arn} (yet); the OCSF copy opens the ticket when Security Hub delivers it`,
    );
    expect((await readTicket(ledger.table, GD_ID, new Date())).kind).toBe('none');
  });

  it('opens one ticket with the OCSF metadata.uid and links it on the native response', async () => {
    // Arrange
    const escalated = await escalateNatively();
    mocks.sns.resetHistory();

    // Act
    const late = await one(escalateFinding, ocsfCopy());

    // Assert: the copy stays ignored, and opens the escalation's ticket.
    expect(inputsOf<CreateTicketV2CommandInput>(mocks.securityhub, CreateTicketV2Command)).toEqual([
      {
        ConnectorId: CONNECTOR,
        FindingMetadataUid: OCSF_UID,
        ClientToken: ticketClientToken(CONNECTOR, OCSF_UID),
      },
    ]);
    expect(late.status).toBe('ignored');
    expect(late.reason).toMatch(
      new RegExp(
        `^already answered: the GuardDuty copy of GuardDuty finding ${GD_ID} was answered at .+, escalated; this copy changes nothing; this copy opened the ticket of that escalated answer, linked on its response \\(finding ${GD_ID}\\)$`,
      ),
    );
    expect(late.ticket).toEqual({ id: 'SEC-77', url: JIRA.TicketSrcUrl, opened: 'now' });
    expect(late.steps.at(-1)).toEqual({
      action: 'securityhub:CreateTicketV2',
      target: `connector ${CONNECTOR}`,
      status: 'done',
      detail: `ticket SEC-77 ${JIRA.TicketSrcUrl}`,
    });
    // The escalation's own response carries the ticket: `security-ir history` shows it there.
    const response = await getResponse(
      ledger.table,
      escalated.findingId as string,
      'escalate-finding',
    );
    expect(escalated.findingId).toBe(GD_ID);
    expect(response?.status).toBe('escalated');
    expect(response?.ticket).toMatchObject({ id: 'SEC-77', connectorId: CONNECTOR });
    // The OCSF copy keeps no response of its own.
    expect(await getResponse(ledger.table, late.findingId as string, 'escalate-finding')).toBe(
      undefined,
    );
    const state = await readTicket(ledger.table, GD_ID, new Date());
    expect(state).toMatchObject({ kind: 'opened', ticket: { id: 'SEC-77' } });
    // Notified once: the escalation's notification said its ticket could not be opened.
    expect(publishedOutcomes(mocks)).toEqual([
      expect.objectContaining({ status: 'ignored', ticket: late.ticket }),
    ]);
    expect(undeclaredActions(mocks, 'escalate-finding')).toEqual([]);
  });

  it('opens no second ticket when the OCSF copy is delivered again', async () => {
    // Arrange
    await escalateNatively();
    await one(escalateFinding, ocsfCopy());
    mocks.sns.resetHistory();

    // Act
    const again = await one(escalateFinding, ocsfCopy());

    // Assert
    expect(mocks.securityhub.commandCalls(CreateTicketV2Command)).toHaveLength(1);
    expect(again.status).toBe('ignored');
    expect(again.ticket).toEqual({ id: 'SEC-77', url: JIRA.TicketSrcUrl, opened: 'earlier' });
    expect(mocks.sns.calls()).toHaveLength(0);
  });

  it('counts and reports a ticket the copy cannot open, and gives the claim back', async () => {
    // Arrange
    const counted = jest.spyOn(metrics, 'publishTicketMetric');
    await escalateNatively();
    mocks.securityhub
      .on(CreateTicketV2Command)
      .rejects(awsError('AccessDeniedException', 'the connector is not authorized in Jira'));
    mocks.sns.resetHistory();

    // Act
    const late = await one(escalateFinding, ocsfCopy());

    // Assert
    expect(late.status).toBe('ignored');
    expect(late.reason).toContain(
      'the ticket could not be opened: AccessDeniedException: the connector is not authorized in Jira',
    );
    expect(late.steps.at(-1)).toMatchObject({
      action: 'securityhub:CreateTicketV2',
      status: 'failed',
    });
    expect(late.ticket).toBeUndefined();
    expect(counted.mock.calls).toEqual([
      ['escalate-finding', 'failed'],
      ['escalate-finding', 'failed'],
    ]);
    expect((await readTicket(ledger.table, GD_ID, new Date())).kind).toBe('none');
    // The escalation was notified with its failure; the alarm watches TicketsFailed.
    expect(mocks.sns.calls()).toHaveLength(0);
  });
});

describe('late ticket: when the copy opens none', () => {
  it('opens none when the winner opened the ticket itself', async () => {
    // Arrange: Security Hub had imported the copy; the native escalation opened the ticket.
    mocks.securityhub
      .on(GetFindingsV2Command)
      .resolves({ Findings: [{ metadata: { uid: OCSF_UID } }] });
    const escalated = await one(escalateFinding, native());
    expect(escalated.ticket?.opened).toBe('now');
    mocks.sns.resetHistory();

    // Act
    const late = await one(escalateFinding, ocsfCopy());

    // Assert
    expect(mocks.securityhub.commandCalls(CreateTicketV2Command)).toHaveLength(1);
    expect(late.ticket).toEqual({ id: 'SEC-77', url: JIRA.TicketSrcUrl, opened: 'earlier' });
    expect(late.reason).toMatch(/, escalated; this copy changes nothing$/);
    expect(mocks.sns.calls()).toHaveLength(0);
  });

  it('opens none when the winner contained the resource', async () => {
    // Arrange: isolate-ec2 contains the instance from the native delivery.
    arrangeEc2(mocks, {
      env: {
        TICKETS: JSON.stringify({
          connectorId: CONNECTOR,
          region: 'us-east-1',
          on: ['escalated', 'failed'],
        }),
        LEDGER_TABLE_NAME: ledger.table.tableName,
      },
    });
    const contained = await one(isolateEc2, guardDutyEvent());
    expect(contained.status).toBe('contained');

    // Act
    const late = await one(isolateEc2, ocsfCopyOf(guardDutyEvent()));

    // Assert
    expect(late.status).toBe('ignored');
    expect(late.reason).toMatch(/, contained; this copy changes nothing$/);
    expect(late.ticket).toBeUndefined();
    expect(mocks.securityhub.commandCalls(CreateTicketV2Command)).toHaveLength(0);
    expect((await readTicket(ledger.table, GD_ID, new Date())).kind).toBe('none');
  });

  it('opens none while the winner’s answer is under way, and says so', async () => {
    // Arrange: the native copy has claimed the answer and not ended yet.
    await claimAnswer(ledger.table, GD_ID, 'escalate-finding', 'GuardDuty', new Date(), GD_ID);

    // Act
    const late = await one(escalateFinding, ocsfCopy());

    // Assert
    expect(late.status).toBe('ignored');
    expect(late.reason).toMatch(
      /, answer under way; this copy changes nothing; no ticket from this copy: the answer is still under way and opens its own ticket when it ends in a status of tickets\.on$/,
    );
    expect(mocks.securityhub.commandCalls(CreateTicketV2Command)).toHaveLength(0);
    expect((await readTicket(ledger.table, GD_ID, new Date())).kind).toBe('none');
    expect(mocks.sns.calls()).toHaveLength(0);
  });

  it('leaves a native copy that loses to an OCSF escalation to the ticket that copy opened', async () => {
    // Arrange: the OCSF copy arrives first, escalates and opens the ticket with its own uid.
    const first = await one(escalateFinding, ocsfCopy());
    expect(first.ticket?.opened).toBe('now');

    // Act
    const late = await one(escalateFinding, native());

    // Assert: the native copy has no metadata.uid of its own and looks nothing up.
    expect(late.status).toBe('ignored');
    expect(late.ticket).toBeUndefined();
    expect(mocks.securityhub.commandCalls(CreateTicketV2Command)).toHaveLength(1);
    expect(mocks.securityhub.commandCalls(GetFindingsV2Command)).toHaveLength(0);
  });
});

describe('late ticket: one ticket per GuardDuty finding across dialects', () => {
  /** isolate-ec2 cannot read the instance: the response fails and gives its answer claim back. */
  async function failOn(event: unknown): Promise<Outcome> {
    const error = await isolateEc2(event).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ResponseFailedError);
    const outcome = (error as ResponseFailedError).outcomes[0] as Outcome;
    expect(outcome.status).toBe('failed');
    return outcome;
  }

  it('links the ticket a failed OCSF response opened on the native retry, opening none', async () => {
    // Arrange: tickets on failures; the instance cannot be read.
    arrangeEc2(mocks, {
      env: {
        TICKETS: JSON.stringify({ connectorId: CONNECTOR, region: 'us-east-1', on: ['failed'] }),
        LEDGER_TABLE_NAME: ledger.table.tableName,
      },
    });
    mocks.ec2.on(DescribeInstancesCommand).rejects(awsError('UnauthorizedOperation'));
    mocks.securityhub.on(CreateTicketV2Command).resolves(JIRA);
    const first = await failOn(ocsfCopyOf(guardDutyEvent()));
    expect(first.ticket?.opened).toBe('now');

    // Act: the native delivery of the same finding answers again (the failure gave the claim back).
    const retry = await failOn(guardDutyEvent());

    // Assert: keyed by the GuardDuty finding id, the ticket item is found across dialects.
    expect(mocks.securityhub.commandCalls(CreateTicketV2Command)).toHaveLength(1);
    expect(mocks.securityhub.commandCalls(GetFindingsV2Command)).toHaveLength(0);
    expect(retry.ticket).toEqual({ id: 'SEC-77', url: JIRA.TicketSrcUrl, opened: 'earlier' });
    const response = await getResponse(ledger.table, GD_ID, 'isolate-ec2');
    expect(response?.ticket).toMatchObject({ id: 'SEC-77' });
  });
});
