/**
 * Tickets for what a person must pick up (`tickets.on`: escalated, failed, awaiting-approval),
 * opened through the new Security Hub's ticketing connector (Jira Cloud or ServiceNow) with
 * CreateTicketV2, once per finding: the ledger's ticket item is claimed before the call, the
 * ClientToken is derived from the connector and the finding, and every later response to the
 * finding links the same ticket. A ticket that cannot be opened never changes the outcome's
 * status: the failed step and its error are in the outcome, `TicketsFailed` is counted, and the
 * tickets alarm sees it.
 *
 * A GuardDuty finding's ticket is one across its dialects (keyed by the GuardDuty finding id, as
 * the answer claim is): a native escalation that arrived before the new Security Hub imported its
 * OCSF copy cannot open its ticket, and that OCSF copy, which loses the answer claim when it
 * arrives, opens it instead and links it on the escalation's response ({@link ticketLateCopy}).
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateTicketV2.html
 */
import { createHash } from 'node:crypto';
import type { AnsweredElsewhere } from './answer-claim';
import { bounded } from './bounded';
import { responderEnv, type TicketSettings } from './config';
import { describeCause } from './errors';
import type { SourceFinding } from './events';
import type { LedgerTable } from './ledger';
import { ledgerTableNamed } from './ledger-hook';
import type { ResponseItem, TicketRecord } from './ledger-schema';
import { writeLog } from './logger';
import { publishTicketMetric } from './metrics';
import type { Outcome, TicketLink } from './outcome';
import { guardDutyFindingId, securityHub } from './report';
import { StepLog } from './steps';
import { findingMetadataUid, NotTicketable } from './ticket-finding';
import {
  claimTicket,
  giveBackTicketClaim,
  linkTicket,
  readTicket,
  recordTicket,
} from './ticket-ledger';

/** The step of a ticket in an outcome. */
export const TICKET_ACTION = 'securityhub:CreateTicketV2';

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
 * The key of a finding's ticket item: the GuardDuty finding id for every copy of a GuardDuty
 * finding (native, ASFF, OCSF: the id the answer claim is keyed by), so that one ticket serves
 * them all; the finding's own id otherwise.
 */
export function ticketKeyOf(source: SourceFinding, findingId: string): string {
  return guardDutyFindingId(source) ?? findingId;
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
  const key = ticketKeyOf(source, findingId);
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
    state = await readTicket(table, key, now());
    if (state.kind === 'opened') return await linked(table, outcome, state.ticket);
    if (!wanted) return outcome;
    if (state.kind === 'none') state = await claimTicket(table, key, settings.connectorId, now());
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
  const claim = { key, claimedAt: state.claimedAt };
  const opened = await openTicket(source, outcome, settings, table, claim, now);
  if (!opened.ticket) return opened.outcome;
  return linked(table, opened.outcome, opened.ticket, 'now');
}

/**
 * The ticket of the answer another copy of the finding gave, opened by this copy when that answer
 * could not open it: this copy lost the answer claim (it stays `ignored`), it is the new Security
 * Hub's OCSF finding (it carries its own `metadata.uid`, which a native delivery may not find yet),
 * the answer ended in a status of `tickets.on`, and no ticket exists for the finding. The ticket is
 * linked on the answer's response, which `security-ir history` shows. Never throws.
 */
export async function ticketLateCopy(
  source: SourceFinding,
  outcome: Outcome,
  answered: AnsweredElsewhere,
  now: () => Date = () => new Date(),
): Promise<Outcome> {
  const env = responderEnv();
  const settings = env.TICKETS;
  // A native or ASFF copy that lost has no metadata.uid of its own: the answer looked it up already.
  if (!settings || !env.LEDGER_TABLE_NAME || source.kind !== 'ocsf') return outcome;
  if (!answered.status) {
    return noted(
      outcome,
      'no ticket from this copy: the answer is still under way and opens its own ticket when it ends in a status of tickets.on',
    );
  }
  if (!(settings.on as readonly string[]).includes(answered.status)) return outcome;
  const key = answered.guardDutyId;
  let table: LedgerTable;
  let state: Awaited<ReturnType<typeof readTicket>>;
  try {
    table = await ledgerTableNamed(env.LEDGER_TABLE_NAME);
    state = await readTicket(table, key, now());
    if (state.kind === 'none') state = await claimTicket(table, key, settings.connectorId, now());
  } catch (error) {
    return failed(
      outcome,
      [],
      `the ${answered.status} answer's ticket: the ledger could not be read: ${describeCause(error)}`,
    );
  }
  if (state.kind === 'opened') return linkOf(outcome, state.ticket, 'earlier');
  if (state.kind === 'opening') {
    return noted(
      outcome,
      `ticket: being opened by another delivery of the finding since ${state.since}`,
    );
  }
  if (state.kind !== 'claimed') return outcome;
  const claim = { key, claimedAt: state.claimedAt };
  const opened = await openTicket(source, outcome, settings, table, claim, now);
  if (!opened.ticket) return opened.outcome;
  const ticket = opened.ticket;
  const response = answered.findingId
    ? { findingId: answered.findingId, responder: outcome.responder }
    : undefined;
  const where = await linkOn(table, response, ticket);
  return {
    ...noted(
      opened.outcome,
      `this copy opened the ticket of that ${answered.status} answer, ${where}`,
    ),
    ticket: linkOf(outcome, ticket, 'now').ticket,
  };
}

/** Links the ticket on the answer's response; says where it is (or why it is not) linked. */
async function linkOn(
  table: LedgerTable,
  response: Pick<ResponseItem, 'findingId' | 'responder'> | undefined,
  ticket: TicketRecord,
): Promise<string> {
  if (!response) return 'not linked on a response: the answer claim names none';
  try {
    return (await linkTicket(table, response, ticket))
      ? `linked on its response (finding ${bounded(response.findingId)})`
      : `not linked: the ledger holds no response of finding ${bounded(response.findingId)}`;
  } catch (error) {
    await writeLog('error', 'ticket not linked on the response', { error: describeCause(error) });
    return `not linked on its response: ${describeCause(error)}`;
  }
}

/** The ticket item's key and this delivery's claim on it. */
interface TicketClaim {
  readonly key: string;
  readonly claimedAt: string;
}

/**
 * Opens the ticket under this delivery's claim and records it: the outcome with the step, and the
 * ticket once recorded; without a ticket, the outcome says why (failed, or not ticketable).
 */
async function openTicket(
  source: SourceFinding,
  outcome: Outcome,
  settings: TicketSettings,
  table: LedgerTable,
  claim: TicketClaim,
  now: () => Date,
): Promise<{ outcome: Outcome; ticket?: TicketRecord }> {
  const { key, claimedAt } = claim;
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
    await giveBackTicketClaim(table, key, claimedAt, why).catch((e: unknown) =>
      writeLog('error', 'ticket claim not given back', { error: describeCause(e) }),
    );
    if (error instanceof NotTicketable) {
      return { outcome: noted(outcome, `no ticket: ${error.message}`) };
    }
    // The step names the error, also when the finding's id was not found before the call.
    const target = `connector ${settings.connectorId}`;
    const tried =
      log.steps.length > 0
        ? log.steps
        : [{ action: TICKET_ACTION, target, status: 'failed' as const }];
    const steps = tried.map((s) => ({ ...s, detail: bounded(why, 1024) }));
    return { outcome: await failed(outcome, steps, `the ticket could not be opened: ${why}`) };
  }
  const detail = `ticket ${ticket.id}${ticket.url ? ` ${ticket.url}` : ''}`;
  const steps = log.steps.map((s) => ({ ...s, detail: bounded(detail, 1024) }));
  publishTicketMetric(outcome.responder, 'opened');
  const withTicket: Outcome = { ...outcome, steps: [...outcome.steps, ...steps] };
  try {
    await recordTicket(table, key, ticket);
  } catch (error) {
    // The claim goes stale and a later delivery calls again with the same ClientToken.
    await writeLog('error', 'ticket not recorded', { error: describeCause(error) });
    return {
      outcome: {
        ...linkOf(withTicket, ticket, 'now'),
        reason: `${outcome.reason}; ticket ${ticket.id} opened, but the ledger could not record it: ${describeCause(error)}`,
      },
    };
  }
  return { outcome: withTicket, ticket };
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
