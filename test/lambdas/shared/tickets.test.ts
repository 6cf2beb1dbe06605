import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import {
  CreateTicketV2Command,
  type CreateTicketV2CommandInput,
  GetFindingsV2Command,
  type GetFindingsV2CommandInput,
} from '@aws-sdk/client-securityhub';
import type { DocumentType } from '@aws-sdk/types';
import { handler } from '../../../lambdas/escalate-finding';
import { handler as isolateEc2 } from '../../../lambdas/isolate-ec2';
import { GUARDDUTY_RESPONDERS } from '../../../lambdas/registry/responders';
import { ResponseFailedError } from '../../../lambdas/shared/errors';
import { parseEvent } from '../../../lambdas/shared/events';
import { getResponse } from '../../../lambdas/shared/ledger';
import type { Outcome } from '../../../lambdas/shared/outcome';
import { readTicket } from '../../../lambdas/shared/ticket-ledger';
import { ticketClientToken, ticketOutcome } from '../../../lambdas/shared/tickets';
import configEvent from '../../fixtures/config/sg-restricted-ssh.json';
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

const mocks = createMocks();
let ledger: LedgerServer;
useLedger((l) => {
  ledger = l;
});

const CONNECTOR = '8f3c2a1b-4d5e-4f60-9a7b-0c1d2e3f4a5b';
const OCSF_UID = 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
const NATIVE_UID = 'dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd';
const GD_ARN =
  'arn:aws:guardduty:us-east-1:222222222222:detector/8ec7d2a9b3f14c6e9d0a1b2c3d4e5f60/finding/a2c6f1e0b7d94e3f8c5a1b2d3e4f5a6b';
const JIRA = { TicketId: 'SEC-42', TicketSrcUrl: 'https://acme.atlassian.net/browse/SEC-42' };

/** The OCSF EC2 sample with a type no responder contains (port probes are escalated). */
const ocsfRuntime = structuredClone(ocsfFixture);
(ocsfRuntime.detail.findings[0] as { finding_info: { types: string[] } }).finding_info.types = [
  'TTPs/Discovery',
  'Recon:EC2/PortProbeUnprotectedPort',
];

/** Every GuardDuty responder's list emptied: escalate-finding escalates every finding. */
const NOTHING_CONTAINED = JSON.stringify(
  Object.fromEntries(GUARDDUTY_RESPONDERS.map((n) => [n, []])),
);

function tickets(on: string[] = ['escalated', 'failed']) {
  return JSON.stringify({ connectorId: CONNECTOR, region: 'us-east-1', on });
}

beforeEach(() => {
  resetAll(mocks, {
    FINDING_TYPES: NOTHING_CONTAINED,
    TICKETS: tickets(),
    LEDGER_TABLE_NAME: ledger.table.tableName,
  });
});

afterEach(() => {
  delete process.env.LEDGER_TABLE_NAME;
});

async function escalate(event: unknown): Promise<Outcome> {
  const { outcomes } = await handler(structuredClone(event));
  expect(outcomes).toHaveLength(1);
  return outcomes[0] as Outcome;
}

describe('tickets: an escalated OCSF finding', () => {
  it('opens one ticket through the connector with the finding’s metadata.uid', async () => {
    // Arrange
    mocks.securityhub.on(CreateTicketV2Command).resolves(JIRA);

    // Act
    const outcome = await escalate(ocsfRuntime);

    // Assert
    expect(outcome.status).toBe('escalated');
    expect(inputsOf<CreateTicketV2CommandInput>(mocks.securityhub, CreateTicketV2Command)).toEqual([
      {
        ConnectorId: CONNECTOR,
        FindingMetadataUid: OCSF_UID,
        ClientToken: ticketClientToken(CONNECTOR, OCSF_UID),
      },
    ]);
    expect(mocks.securityhub.commandCalls(GetFindingsV2Command)).toHaveLength(0);
    expect(outcome.ticket).toEqual({ id: 'SEC-42', url: JIRA.TicketSrcUrl, opened: 'now' });
    expect(outcome.steps.at(-1)).toEqual({
      action: 'securityhub:CreateTicketV2',
      target: `connector ${CONNECTOR}`,
      status: 'done',
      detail: `ticket SEC-42 ${JIRA.TicketSrcUrl}`,
    });
    expect(undeclaredActions(mocks, 'escalate-finding')).toEqual([]);
  });

  it('links the ticket in the ledger item and carries it in the notification', async () => {
    // Arrange
    mocks.securityhub.on(CreateTicketV2Command).resolves(JIRA);

    // Act
    const outcome = await escalate(ocsfRuntime);

    // Assert
    const item = await getResponse(ledger.table, outcome.findingId as string, 'escalate-finding');
    expect(item?.ticket).toMatchObject({
      id: 'SEC-42',
      url: JIRA.TicketSrcUrl,
      connectorId: CONNECTOR,
    });
    const [published] = publishedOutcomes(mocks);
    expect(published?.ticket).toEqual({ id: 'SEC-42', url: JIRA.TicketSrcUrl, opened: 'now' });
    const publish = mocks.sns.calls()[0]?.args[0] as { input: { Message: string } };
    const text = publish.input.Message;
    expect(text).toContain(`Ticket: ${JIRA.TicketSrcUrl} (SEC-42)`);
  });

  it('keeps the client token within CreateTicketV2’s 63 printable characters', () => {
    const token = ticketClientToken(CONNECTOR, OCSF_UID);

    expect(token).toMatch(/^[\x21-\x7e]{1,63}$/);
    expect(ticketClientToken(CONNECTOR, NATIVE_UID)).not.toBe(token);
  });
});

/**
 * A failed response: the instance cannot be read. The invocation fails (DLQ, alarm) and Lambda
 * retries it, so the same finding arrives again; a failure gives its answer claim back, so each
 * retry reaches the ticket step.
 */
async function fail(): Promise<Outcome> {
  mocks.ec2.on(DescribeInstancesCommand).rejects(awsError('UnauthorizedOperation'));
  const error = await isolateEc2(structuredClone(ocsfFixture)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ResponseFailedError);
  const outcome = (error as ResponseFailedError).outcomes[0] as Outcome;
  expect(outcome.status).toBe('failed');
  return outcome;
}

describe('tickets: one per finding', () => {
  it('opens one ticket for a failed response and its retry, and links it on both', async () => {
    // Arrange
    mocks.securityhub.on(CreateTicketV2Command).resolves(JIRA);

    // Act
    const first = await fail();
    const retry = await fail();

    // Assert
    expect(mocks.securityhub.commandCalls(CreateTicketV2Command)).toHaveLength(1);
    expect(first.ticket).toEqual({ id: 'SEC-42', url: JIRA.TicketSrcUrl, opened: 'now' });
    expect(retry.ticket).toEqual({ id: 'SEC-42', url: JIRA.TicketSrcUrl, opened: 'earlier' });
    expect(retry.steps.map((s) => s.action)).not.toContain('securityhub:CreateTicketV2');
    const item = await getResponse(ledger.table, first.findingId as string, 'isolate-ec2');
    expect(item?.status).toBe('failed');
    expect(item?.ticket).toMatchObject({ id: 'SEC-42', connectorId: CONNECTOR });
    expect(undeclaredActions(mocks, 'isolate-ec2')).toEqual([]);
  });

  it('opens one ticket when two deliveries fail at once', async () => {
    // Arrange
    mocks.securityhub.on(CreateTicketV2Command).resolves(JIRA);

    // Act
    const [a, b] = await Promise.all([fail(), fail()]);

    // Assert
    expect(mocks.securityhub.commandCalls(CreateTicketV2Command)).toHaveLength(1);
    const tickets = [a, b].map((o) => o.ticket?.opened ?? o.reason);
    expect(tickets).toContain('now');
  });

  it('leaves a later copy of an escalated finding to the answer claim: no second call', async () => {
    // Arrange
    mocks.securityhub.on(CreateTicketV2Command).resolves(JIRA);

    // Act
    await escalate(ocsfRuntime);
    const again = await escalate(ocsfRuntime);

    // Assert: the copy is "already answered", ignored and not notified; the ticket stays one.
    expect(again.status).toBe('ignored');
    expect(mocks.securityhub.commandCalls(CreateTicketV2Command)).toHaveLength(1);
  });
});

describe('tickets: two escalated OCSF findings in one event', () => {
  it('opens one ticket for each, each with its own metadata.uid', async () => {
    // Arrange: a second finding (another GuardDuty id, another OCSF uid) beside the sample's.
    const event = structuredClone(ocsfRuntime);
    const second = structuredClone(event.detail.findings[0]) as unknown as {
      finding_info: { uid: string; uid_alt: string };
      metadata: { uid: string };
    };
    const otherId = '0123456789abcdef0123456789abcdef';
    second.finding_info.uid = second.finding_info.uid.replace(/[0-9a-f]{32}$/, otherId);
    second.finding_info.uid_alt = otherId;
    second.metadata.uid = 'c'.repeat(64);
    event.detail.findings.push(second as never);
    mocks.securityhub.on(CreateTicketV2Command).callsFake((input: CreateTicketV2CommandInput) => ({
      TicketId: `SEC-${input.FindingMetadataUid?.slice(0, 1)}`,
    }));

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(
      inputsOf<CreateTicketV2CommandInput>(mocks.securityhub, CreateTicketV2Command)
        .map((i) => i.FindingMetadataUid)
        .sort(),
    ).toEqual(['c'.repeat(64), OCSF_UID]);
    expect(outcomes.map((o) => [o.status, o.ticket?.id]).sort()).toEqual([
      ['escalated', 'SEC-c'],
      ['escalated', 'SEC-e'],
    ]);
  });
});

describe('tickets: a GuardDuty finding that arrived natively', () => {
  it('looks up its OCSF copy by the identifier triple and tickets that', async () => {
    // Arrange
    // GetFindingsV2 answers whole OCSF findings: the copy of the native one, on AWS's sample.
    const copy = ocsfCopyOf(ec2Backdoor).detail.findings[0] as unknown as DocumentType & {
      metadata: { [key: string]: DocumentType };
    };
    copy.metadata = { ...copy.metadata, uid: NATIVE_UID };
    mocks.securityhub.on(GetFindingsV2Command).resolves({ Findings: [copy] });
    mocks.securityhub.on(CreateTicketV2Command).resolves({ TicketId: 'INC0010042' });

    // Act
    const outcome = await escalate(ec2Backdoor);

    // Assert
    expect(inputsOf<GetFindingsV2CommandInput>(mocks.securityhub, GetFindingsV2Command)).toEqual([
      {
        Filters: {
          CompositeFilters: [
            {
              Operator: 'AND',
              StringFilters: [
                { FieldName: 'finding_info.uid', Filter: { Comparison: 'EQUALS', Value: GD_ARN } },
                {
                  FieldName: 'cloud.account.uid',
                  Filter: { Comparison: 'EQUALS', Value: '222222222222' },
                },
                {
                  FieldName: 'metadata.product.uid',
                  Filter: {
                    Comparison: 'EQUALS',
                    Value: 'arn:aws:securityhub:us-east-1::productv2/aws/guardduty',
                  },
                },
              ],
            },
          ],
        },
        MaxResults: 1,
      },
    ]);
    expect(inputsOf<CreateTicketV2CommandInput>(mocks.securityhub, CreateTicketV2Command)).toEqual([
      {
        ConnectorId: CONNECTOR,
        FindingMetadataUid: NATIVE_UID,
        ClientToken: ticketClientToken(CONNECTOR, NATIVE_UID),
      },
    ]);
    // ServiceNow returns no link: the id is the ticket.
    expect(outcome.ticket).toEqual({ id: 'INC0010042', opened: 'now' });
    expect(undeclaredActions(mocks, 'escalate-finding')).toEqual([]);
  });

  it('fails the ticket, not the escalation, when Security Hub holds no OCSF copy yet', async () => {
    // Arrange: GetFindingsV2 finds nothing.
    mocks.securityhub.on(GetFindingsV2Command).resolves({ Findings: [] });

    // Act
    const outcome = await escalate(ec2Backdoor);

    // Assert
    expect(outcome.status).toBe('escalated');
    expect(mocks.securityhub.commandCalls(CreateTicketV2Command)).toHaveLength(0);
    expect(outcome.reason).toContain(
      `the ticket could not be opened: the new Security Hub holds no OCSF copy of ${GD_ARN} (yet)`,
    );
    expect(outcome.steps.at(-1)).toMatchObject({
      action: 'securityhub:CreateTicketV2',
      status: 'failed',
      detail: expect.stringContaining('holds no OCSF copy'),
    });
    expect(outcome.ticket).toBeUndefined();
  });
});

describe('tickets: CreateTicketV2 fails', () => {
  it('names the failed step with its error and keeps the status', async () => {
    // Arrange
    mocks.securityhub
      .on(CreateTicketV2Command)
      .rejects(awsError('AccessDeniedException', 'the connector is not authorized in Jira'));

    // Act
    const failed = await escalate(ocsfRuntime);

    // Assert
    expect(failed.status).toBe('escalated');
    expect(failed.reason).toContain(
      'the ticket could not be opened: AccessDeniedException: the connector is not authorized in Jira',
    );
    expect(failed.steps.at(-1)).toEqual({
      action: 'securityhub:CreateTicketV2',
      target: `connector ${CONNECTOR}`,
      status: 'failed',
      detail: 'AccessDeniedException: the connector is not authorized in Jira',
    });
    expect(failed.ticket).toBeUndefined();
  });

  it('gives the claim back, so the retry of a failed response opens the ticket', async () => {
    // Arrange
    mocks.securityhub
      .on(CreateTicketV2Command)
      .rejectsOnce(awsError('ThrottlingException'))
      .resolves(JIRA);

    // Act
    const first = await fail();
    const retry = await fail();

    // Assert
    expect(first.reason).toContain('the ticket could not be opened: ThrottlingException');
    expect(retry.ticket).toEqual({ id: 'SEC-42', url: JIRA.TicketSrcUrl, opened: 'now' });
    expect(mocks.securityhub.commandCalls(CreateTicketV2Command)).toHaveLength(2);
  });

  it('does not fail the invocation (the tickets alarm watches TicketsFailed instead)', async () => {
    // Arrange
    mocks.securityhub.on(CreateTicketV2Command).rejects(awsError('ThrottlingException'));

    // Act, Assert: the handler returns; it does not throw ResponseFailedError.
    await expect(handler(structuredClone(ocsfRuntime))).resolves.toMatchObject({
      outcomes: [{ status: 'escalated' }],
    });
  });
});

describe('tickets: what is not ticketed', () => {
  it('opens none for an outcome status outside tickets.on', async () => {
    // Arrange: only failures are ticketed.
    resetAll(mocks, {
      FINDING_TYPES: NOTHING_CONTAINED,
      TICKETS: tickets(['failed']),
      LEDGER_TABLE_NAME: ledger.table.tableName,
    });

    // Act
    const outcome = await escalate(ocsfRuntime);

    // Assert
    expect(outcome.status).toBe('escalated');
    expect(mocks.securityhub.commandCalls(CreateTicketV2Command)).toHaveLength(0);
    expect(outcome.ticket).toBeUndefined();
  });

  it('opens none without the tickets setting', async () => {
    resetAll(mocks, {
      FINDING_TYPES: NOTHING_CONTAINED,
      LEDGER_TABLE_NAME: ledger.table.tableName,
    });

    await escalate(ocsfRuntime);

    expect(mocks.securityhub.commandCalls(CreateTicketV2Command)).toHaveLength(0);
  });

  it('says why a Config evaluation gets no ticket of its own, with no call and no claim', async () => {
    // Arrange
    const [source] = parseEvent(structuredClone(configEvent), ['config']);
    const outcome: Outcome = {
      status: 'escalated',
      responder: 'confine-security-group',
      accountId: '222222222222',
      region: 'us-east-1',
      resource: 'sg-0123456789abcdef0',
      findingId: 'restricted-ssh/sg-0123456789abcdef0',
      reason: 'escalated',
      steps: [],
    };

    // Act
    const done = await ticketOutcome(source as NonNullable<typeof source>, outcome);

    // Assert
    expect(done.reason).toBe(
      'escalated; no ticket: a Config evaluation is not a Security Hub finding; the failed control of the new Security Hub for the same rule opens the ticket',
    );
    expect(mocks.securityhub.calls()).toHaveLength(0);
    expect((await readTicket(ledger.table, outcome.findingId as string, new Date())).kind).toBe(
      'none',
    );
  });

  it('says a local run without a ledger opens none', async () => {
    // Arrange
    delete process.env.LEDGER_TABLE_NAME;
    resetAll(mocks, { FINDING_TYPES: NOTHING_CONTAINED, TICKETS: tickets() });

    // Act
    const outcome = await escalate(ocsfRuntime);

    // Assert
    expect(outcome.reason).toContain(
      'no ticket: no ledger keeps it to one per finding (a local run)',
    );
    expect(mocks.securityhub.commandCalls(CreateTicketV2Command)).toHaveLength(0);
  });
});

describe('tickets: bad settings', () => {
  it('refuses a connector id that is not a UUID, naming the variable and field', async () => {
    resetAll(mocks, {
      TICKETS: JSON.stringify({ connectorId: 'jira', region: 'us-east-1', on: ['escalated'] }),
    });

    await expect(handler(structuredClone(ocsfRuntime))).rejects.toThrow(
      /TICKETS.*connectorId.*is not a Security Hub connector id \(UUID\)/,
    );
    expect(mocks.securityhub.calls()).toHaveLength(0);
  });
});
