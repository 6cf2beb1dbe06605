/**
 * Tickets for what a person must pick up (`tickets.on`: escalated, failed, awaiting-approval),
 * opened through the new Security Hub's ticketing connector (Jira Cloud or ServiceNow) with
 * CreateTicketV2, once per finding: the ledger's ticket item is claimed before the call, the
 * ClientToken is derived from the connector and the finding, and every later response to the
 * finding links the same ticket. A ticket that cannot be opened never changes the outcome's
 * status: the failed step and its error are in the outcome, `TicketsFailed` is counted, and the
 * tickets alarm sees it.
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateTicketV2.html
 */
import { createHash } from 'node:crypto';
import type { OcsfStringField } from '@aws-sdk/client-securityhub';
import { bounded } from './bounded';
import { responderEnv, type TicketSettings } from './config';
import { describeCause } from './errors';
import type { SourceFinding } from './events';
import type { LedgerTable } from './ledger';
import { ledgerTableNamed } from './ledger-hook';
import type { TicketRecord } from './ledger-schema';
import { writeLog } from './logger';
import { publishTicketMetric } from './metrics';
import type { Outcome, TicketLink } from './outcome';
import { guardDutyFindingId, ocsfRecordTarget, securityHub } from './report';
import { StepLog } from './steps';
import {
  claimTicket,
  giveBackTicketClaim,
  linkTicket,
  readTicket,
  recordTicket,
} from './ticket-ledger';

/** The step of a ticket in an outcome. */
export const TICKET_ACTION = 'securityhub:CreateTicketV2';

/** Why a finding cannot be ticketed: a known limit, not an error (no metric, no alarm). */
class NotTicketable extends Error {
  override name = 'NotTicketable';
}

/**
 * The idempotency token of a finding's ticket through a connector: the same finding and connector
 * always send the same token, so a retry after an unanswered call is answered with the ticket the
 * first call opened. CreateTicketV2 takes 1-63 printable ASCII characters.
 */
export function ticketClientToken(connectorId: string, findingMetadataUid: string): string {
  const digest = createHash('sha256').update(`${connectorId}\n${findingMetadataUid}`).digest('hex');
  return `sir-${digest.slice(0, 56)}`;
}

/**
 * The `metadata.uid` of the finding's OCSF copy in the new Security Hub, which CreateTicketV2
 * takes (`FindingMetadataUid`): the OCSF finding's own; for a GuardDuty finding that arrived
 * natively or as ASFF, looked up (GetFindingsV2) by the identifier triple the OCSF recording
 * derives. A Config evaluation and other ASFF findings have no derivable copy: the control finding
 * of the new Security Hub, answered on its own, opens their ticket.
 */
export async function findingMetadataUid(source: SourceFinding): Promise<string> {
  if (source.kind === 'ocsf') {
    const uid = source.finding.metadata.uid;
    if (!uid?.trim()) throw new Error(`${source.path}.metadata.uid: the OCSF finding has none`);
    return uid;
  }
  if (source.kind === 'config') {
    throw new NotTicketable(
      'a Config evaluation is not a Security Hub finding; the failed control of the new Security Hub for the same rule opens the ticket',
    );
  }
  if (!guardDutyFindingId(source)) {
    throw new NotTicketable(
      'an ASFF finding that GuardDuty did not produce has no derivable OCSF copy in the new Security Hub',
    );
  }
  const target = ocsfRecordTarget(source);
  if (!target) {
    throw new NotTicketable('securityHub.ocsfFindings is off: no OCSF copy of the finding is read');
  }
  const { mod, client } = await securityHub(target.region);
  const id = target.identifier;
  const equal = (FieldName: OcsfStringField, Value: string) => ({
    FieldName,
    Filter: { Comparison: 'EQUALS' as const, Value },
  });
  const out = await client.send(
    new mod.GetFindingsV2Command({
      Filters: {
        CompositeFilters: [
          {
            Operator: 'AND',
            StringFilters: [
              equal('finding_info.uid', id.FindingInfoUid),
              equal('cloud.account.uid', id.CloudAccountUid),
              equal('metadata.product.uid', id.MetadataProductUid),
            ],
          },
        ],
      },
      MaxResults: 1,
    }),
  );
  const found = out.Findings?.[0] as { metadata?: { uid?: unknown } } | undefined;
  const uid = found?.metadata?.uid;
  if (typeof uid !== 'string' || uid.trim() === '') {
    throw new Error(
      `the new Security Hub holds no OCSF copy of ${bounded(id.FindingInfoUid)} (yet); open the ticket from the Security Hub console`,
    );
  }
  return uid;
}

/**
 * The outcome with its ticket: opened now (the step is logged), linked from an earlier delivery,
 * or why there is none. Never throws. Without `TICKETS` the outcome is returned as is.
 */
export async function ticketOutcome(
  source: SourceFinding,
  outcome: Outcome,
  now: () => Date = () => new Date(),
): Promise<Outcome> {
  const env = responderEnv();
  const settings = env.TICKETS;
  const findingId = outcome.findingId;
  if (!settings || outcome.status === 'ignored' || !findingId) return outcome;
  const wanted = (settings.on as readonly string[]).includes(outcome.status);
  if (!env.LEDGER_TABLE_NAME) {
    return wanted
      ? noted(outcome, 'no ticket: no ledger keeps it to one per finding (a local run)')
      : outcome;
  }
  let table: LedgerTable;
  let state: Awaited<ReturnType<typeof readTicket>>;
  try {
    table = await ledgerTableNamed(env.LEDGER_TABLE_NAME);
    state = await readTicket(table, findingId, now());
    if (state.kind === 'opened') return await linked(table, outcome, state.ticket);
    if (!wanted) return outcome;
    if (state.kind === 'none')
      state = await claimTicket(table, findingId, settings.connectorId, now());
  } catch (error) {
    if (!wanted) {
      await writeLog('error', 'ticket not looked up', { error: describeCause(error) });
      return outcome;
    }
    return failed(
      outcome,
      [],
      `the ledger could not be read for the ticket: ${describeCause(error)}`,
    );
  }
  if (state.kind === 'opened') return linked(table, outcome, state.ticket);
  if (state.kind === 'opening') {
    return noted(
      outcome,
      `ticket: being opened by another delivery of the finding since ${state.since}`,
    );
  }
  if (state.kind !== 'claimed') return outcome;
  return openTicket(source, outcome, settings, table, state.claimedAt, now);
}

/** Opens the ticket under this delivery's claim, records and links it. */
async function openTicket(
  source: SourceFinding,
  outcome: Outcome,
  settings: TicketSettings,
  table: LedgerTable,
  claimedAt: string,
  now: () => Date,
): Promise<Outcome> {
  const findingId = outcome.findingId as string;
  const log = new StepLog();
  let ticket: TicketRecord;
  try {
    const uid = await findingMetadataUid(source);
    const { mod, client } = await securityHub(settings.region);
    const out = await log.run(TICKET_ACTION, `connector ${settings.connectorId}`, () =>
      client.send(
        new mod.CreateTicketV2Command({
          ConnectorId: settings.connectorId,
          FindingMetadataUid: uid,
          ClientToken: ticketClientToken(settings.connectorId, uid),
        }),
      ),
    );
    if (!out.TicketId) throw new Error('CreateTicketV2 returned no TicketId');
    ticket = {
      id: out.TicketId,
      ...(out.TicketSrcUrl ? { url: out.TicketSrcUrl } : {}),
      connectorId: settings.connectorId,
      at: now().toISOString(),
    };
  } catch (error) {
    const why = describeCause(error);
    await giveBackTicketClaim(table, findingId, claimedAt, why).catch((e: unknown) =>
      writeLog('error', 'ticket claim not given back', { error: describeCause(e) }),
    );
    if (error instanceof NotTicketable) return noted(outcome, `no ticket: ${error.message}`);
    // The step names the error, also when the finding's id was not found before the call.
    const target = `connector ${settings.connectorId}`;
    const tried =
      log.steps.length > 0
        ? log.steps
        : [{ action: TICKET_ACTION, target, status: 'failed' as const }];
    const steps = tried.map((s) => ({ ...s, detail: bounded(why, 1024) }));
    return failed(outcome, steps, `the ticket could not be opened: ${why}`);
  }
  const detail = `ticket ${ticket.id}${ticket.url ? ` ${ticket.url}` : ''}`;
  const steps = log.steps.map((s) => ({ ...s, detail: bounded(detail, 1024) }));
  publishTicketMetric(outcome.responder, 'opened');
  const withTicket: Outcome = { ...outcome, steps: [...outcome.steps, ...steps] };
  try {
    await recordTicket(table, findingId, ticket);
  } catch (error) {
    // The claim goes stale and a later delivery calls again with the same ClientToken.
    await writeLog('error', 'ticket not recorded', { error: describeCause(error) });
    return {
      ...linkOf(withTicket, ticket, 'now'),
      reason: `${outcome.reason}; ticket ${ticket.id} opened, but the ledger could not record it: ${describeCause(error)}`,
    };
  }
  return linked(table, withTicket, ticket, 'now');
}

/** The outcome with the ticket linked on its ledger item. */
async function linked(
  table: LedgerTable,
  outcome: Outcome,
  ticket: TicketRecord,
  opened: TicketLink['opened'] = 'earlier',
): Promise<Outcome> {
  try {
    await linkTicket(
      table,
      { findingId: outcome.findingId as string, responder: outcome.responder },
      ticket,
    );
  } catch (error) {
    await writeLog('error', 'ticket not linked on the response', { error: describeCause(error) });
  }
  return linkOf(outcome, ticket, opened);
}

function linkOf(outcome: Outcome, ticket: TicketRecord, opened: TicketLink['opened']): Outcome {
  return {
    ...outcome,
    ticket: { id: ticket.id, ...(ticket.url ? { url: ticket.url } : {}), opened },
  };
}

function noted(outcome: Outcome, note: string): Outcome {
  return { ...outcome, reason: `${outcome.reason}; ${note}` };
}

/** A ticket that should exist and does not: said in the outcome, counted, alarmed. */
async function failed(outcome: Outcome, steps: Outcome['steps'], why: string): Promise<Outcome> {
  await writeLog('error', 'ticket failed', {
    findingId: bounded(outcome.findingId ?? ''),
    error: why,
  });
  publishTicketMetric(outcome.responder, 'failed');
  return { ...noted(outcome, why), steps: [...outcome.steps, ...steps] };
}
