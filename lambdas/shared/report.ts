/**
 * Recording and notification of outcomes, both in the security account: archive the GuardDuty
 * finding (only the administrator can), set the Security Hub workflow with a note, and publish one
 * readable + structured message per outcome. The clients load lazily: they are needed only after
 * containment, so they stay off the cold-start path.
 */
import { bounded, MAX_COPIED } from './bounded';
import { responderEnv } from './config';
import { DEFAULT_PREFIX, RECORD_PREFIX } from './defaults';
import type { SourceFinding } from './events';
import { guardDutyIdOfArn } from './fields';
import { arnParts } from './finding-region';
import { lazyModule } from './lazy';
import { limitSends } from './limiter';
import { partitionOf, RETRY } from './member-clients';
import { OCSF_STATUS, type OcsfIdentifier, ocsfGuardDutyId, ocsfIdentifierOf } from './ocsf-schema';
import type { Outcome } from './outcome';
import { StepLog } from './steps';

const detectors = new Map<string, Promise<string | undefined>>();

type GuardDutyModule = typeof import('@aws-sdk/client-guardduty');
type SecurityHubModule = typeof import('@aws-sdk/client-securityhub');
type SnsModule = typeof import('@aws-sdk/client-sns');

// Each module is loaded once and kept: an `import()` per call would build a new namespace object
// per call wherever dynamic imports are compiled to CommonJS (ts-node, jest), thousands of
// bindings for an SDK client module, a few hundred KB per finding in a burst.
const loadGuardDuty = lazyModule(() => import('@aws-sdk/client-guardduty'));
const loadSecurityHub = lazyModule(() => import('@aws-sdk/client-securityhub'));
const loadSns = lazyModule(() => import('@aws-sdk/client-sns'));
const loadChatNotification = lazyModule(() => import('./chat-notification'));

const gdClients = new Map<string, InstanceType<GuardDutyModule['GuardDutyClient']>>();
const shClients = new Map<string, InstanceType<SecurityHubModule['SecurityHubClient']>>();
let sns: InstanceType<SnsModule['SNSClient']> | undefined;

async function guardDuty(region: string) {
  const mod = await loadGuardDuty();
  let client = gdClients.get(region);
  if (!client) {
    client = limitSends(new mod.GuardDutyClient({ region, ...RETRY }));
    gdClients.set(region, client);
  }
  return { mod, client };
}

/** The Security Hub client of a region (security account), with its module, created once. */
export async function securityHub(region: string) {
  const mod = await loadSecurityHub();
  let client = shClients.get(region);
  if (!client) {
    client = limitSends(new mod.SecurityHubClient({ region, ...RETRY }));
    shClients.set(region, client);
  }
  return { mod, client };
}

/** The GuardDuty finding behind a source finding: its id, when GuardDuty produced it. */
export function guardDutyFindingId(source: SourceFinding): string | undefined {
  if (source.kind === 'guardduty') return source.finding.id;
  if (source.kind === 'ocsf') return ocsfGuardDutyId(source.finding);
  if (
    source.kind === 'securityhub' &&
    /:product\/aws\/guardduty$/.test(source.finding.ProductArn)
  ) {
    return guardDutyIdOfArn(source.finding.Id);
  }
  return undefined;
}

/** The Security Hub identifier of a source finding, when it may be in Security Hub. */
export function securityHubIdentifier(
  source: SourceFinding,
): { Id: string; ProductArn: string } | undefined {
  if (source.kind === 'securityhub')
    return { Id: source.finding.Id, ProductArn: source.finding.ProductArn };
  if (source.kind === 'guardduty' && source.finding.arn) {
    return {
      Id: source.finding.arn,
      ProductArn: `arn:${partitionOf(source.region)}:securityhub:${source.region}::product/aws/guardduty`,
    };
  }
  return undefined;
}

/** Where the OCSF copy of a finding is, and whether it is known to exist. */
export interface OcsfRecordTarget {
  readonly identifier: OcsfIdentifier;
  /** The region Security Hub holds the finding in (from `metadata.product.uid`). */
  readonly region: string;
  /** Derived from a native or ASFF finding: absent where the new Security Hub is not enabled. */
  readonly derived: boolean;
}

/**
 * The OCSF finding to record an outcome on: the source itself, or, when the new Security Hub is
 * read (`OCSF_FINDINGS`), the OCSF copy of a GuardDuty finding that arrived natively or as ASFF
 * (its identifier is the GuardDuty product, the account and the finding ARN).
 */
export function ocsfRecordTarget(source: SourceFinding): OcsfRecordTarget | undefined {
  if (source.kind === 'ocsf') {
    const identifier = ocsfIdentifierOf(source.finding);
    const region = arnParts(identifier.MetadataProductUid)?.region || source.region;
    return { identifier, region, derived: false };
  }
  if (!responderEnv().OCSF_FINDINGS) return undefined;
  const arn =
    source.kind === 'guardduty'
      ? source.finding.arn
      : source.kind === 'securityhub' && guardDutyFindingId(source)
        ? source.finding.Id
        : undefined;
  if (!arn) return undefined;
  return {
    identifier: {
      MetadataProductUid: `arn:${partitionOf(source.region)}:securityhub:${source.region}::productv2/aws/guardduty`,
      CloudAccountUid: source.accountId,
      FindingInfoUid: arn,
    },
    region: source.region,
    derived: true,
  };
}

async function adminDetector(region: string): Promise<string | undefined> {
  let pending = detectors.get(region);
  if (!pending) {
    pending = (async () => {
      const { mod, client } = await guardDuty(region);
      const out = await client.send(new mod.ListDetectorsCommand({}));
      return out.DetectorIds?.[0];
    })();
    detectors.set(region, pending);
    pending.catch(() => detectors.delete(region));
  }
  return pending;
}

function noteFor(outcome: Outcome): string {
  const steps = outcome.steps
    .filter((s) => s.status === 'done')
    .map((s) => `${s.action} ${s.target}`);
  const text = `${RECORD_PREFIX} ${outcome.status}: ${outcome.reason}${steps.length ? ` Steps: ${steps.join('; ')}` : ''}`;
  return text.length > 512 ? `${text.slice(0, 511)}…` : text;
}

/**
 * What recording does to a finding, per outcome status, in `contain` mode: the one source of the
 * code below and of the table in docs/exceptions.md. Other statuses record nothing.
 */
export const FINDING_RECORDS = {
  contained: { archive: true, workflow: 'RESOLVED', ocsfStatusId: OCSF_STATUS.resolved },
  escalated: { archive: false, workflow: 'NOTIFIED', ocsfStatusId: undefined },
  skipped: { archive: false, workflow: undefined, ocsfStatusId: undefined },
} as const satisfies Partial<
  Record<
    Outcome['status'],
    {
      archive: boolean;
      workflow: 'RESOLVED' | 'NOTIFIED' | undefined;
      /** OCSF `status_id` set on the new Security Hub's finding (4 = Resolved); else a comment only. */
      ocsfStatusId: number | undefined;
    }
  >
>;

/** Dry-run reports but never changes anything, findings included. */
export const RECORDS_IN_DRY_RUN = false;

/**
 * Records the outcome on the finding: archive in GuardDuty and resolve in Security Hub after
 * containment; a note only (finding left active) on an exception or escalation. Dry-run and
 * failures record nothing. Each change is logged in `log`; an error propagates.
 */
export async function recordOutcome(
  source: SourceFinding,
  outcome: Outcome,
  log: StepLog,
): Promise<void> {
  const record = (FINDING_RECORDS as Partial<typeof FINDING_RECORDS>)[
    outcome.status as keyof typeof FINDING_RECORDS
  ];
  // `approve` mode records nothing until the plan is approved (then it runs in contain mode).
  const planning = outcome.mode === 'dry-run' || outcome.mode === 'approve';
  if (!record || (planning && !RECORDS_IN_DRY_RUN)) return;
  // The two records are independent: run them together, then log their steps in a fixed order.
  const archiveLog = new StepLog();
  const noteLog = new StepLog();
  const ocsfLog = new StepLog();
  const settled = await Promise.allSettled([
    record.archive ? archiveInGuardDuty(source, archiveLog) : Promise.resolve(),
    noteInSecurityHub(source, outcome, record.workflow, noteLog),
    commentInSecurityHubV2(source, outcome, record.ocsfStatusId, ocsfLog),
  ]);
  for (const step of [...archiveLog.steps, ...noteLog.steps, ...ocsfLog.steps]) {
    log.steps.push(step);
  }
  const failure = settled.find((r) => r.status === 'rejected');
  if (failure) throw failure.reason;
}

/** Archives a contained GuardDuty finding with the administrator's detector of its region. */
async function archiveInGuardDuty(source: SourceFinding, log: StepLog): Promise<void> {
  const gdId = guardDutyFindingId(source);
  if (!gdId) return;
  const detectorId = await adminDetector(source.region);
  if (!detectorId) return;
  const { mod, client } = await guardDuty(source.region);
  await log.run('guardduty:ArchiveFindings', gdId, () =>
    client.send(new mod.ArchiveFindingsCommand({ DetectorId: detectorId, FindingIds: [gdId] })),
  );
}

/** Adds a note (and a workflow status) to the finding in Security Hub. */
async function noteInSecurityHub(
  source: SourceFinding,
  outcome: Outcome,
  status: 'RESOLVED' | 'NOTIFIED' | undefined,
  log: StepLog,
): Promise<void> {
  const shId = securityHubIdentifier(source);
  if (!shId) return;
  const { mod, client } = await securityHub(source.region);
  const out = await log.run('securityhub:BatchUpdateFindings', shId.Id, () =>
    client.send(
      new mod.BatchUpdateFindingsCommand({
        FindingIdentifiers: [shId],
        Note: { Text: noteFor(outcome), UpdatedBy: DEFAULT_PREFIX },
        ...(status ? { Workflow: { Status: status } } : {}),
      }),
    ),
  );
  const unprocessed = out.UnprocessedFindings?.[0];
  // A GuardDuty finding is absent from Security Hub where Security Hub is not enabled: not an error.
  if (
    unprocessed &&
    !(source.kind === 'guardduty' && unprocessed.ErrorCode === 'FindingNotFound')
  ) {
    throw new Error(
      `Security Hub did not update ${shId.Id}: ${unprocessed.ErrorCode} ${unprocessed.ErrorMessage ?? ''}`,
    );
  }
}

/**
 * Records the outcome on the new Security Hub's OCSF finding: a comment (this product's record,
 * which its own parser recognises on the update event that follows) and, after containment, the
 * status Resolved. IAM authorises `BatchUpdateFindingsV2` as `securityhub:BatchUpdateFindings`.
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateFindingsV2.html
 */
async function commentInSecurityHubV2(
  source: SourceFinding,
  outcome: Outcome,
  statusId: number | undefined,
  log: StepLog,
): Promise<void> {
  const target = ocsfRecordTarget(source);
  if (!target) return;
  const { mod, client } = await securityHub(target.region);
  const out = await log.run(
    'securityhub:BatchUpdateFindingsV2',
    target.identifier.FindingInfoUid,
    () =>
      client.send(
        new mod.BatchUpdateFindingsV2Command({
          FindingIdentifiers: [target.identifier],
          Comment: noteFor(outcome),
          ...(statusId !== undefined ? { StatusId: statusId } : {}),
        }),
      ),
  );
  const unprocessed = out.UnprocessedFindings?.[0];
  // A derived copy is absent where the new Security Hub is not enabled: not an error.
  if (unprocessed && !(target.derived && unprocessed.ErrorCode === 'ResourceNotFoundException')) {
    throw new Error(
      `Security Hub did not update the OCSF finding ${target.identifier.FindingInfoUid}: ${unprocessed.ErrorCode} ${unprocessed.ErrorMessage ?? ''}`,
    );
  }
}

/** Readable text of an outcome: what, where, why, steps. */
export function describeOutcome(outcome: Outcome): string {
  const lines = [
    `${outcome.responder}: ${outcome.status.toUpperCase()} ${outcome.resource}`,
    `Account ${outcome.accountId}, region ${outcome.region}${outcome.mode ? `, mode ${outcome.mode}` : ''}`,
    outcome.findingId
      ? `Finding ${outcome.findingId}${outcome.findingType ? ` (${outcome.findingType})` : ''}`
      : undefined,
    `Why: ${outcome.reason}`,
    outcome.steps.length ? 'Steps:' : 'Steps: none',
    ...outcome.steps.map(
      (s, i) =>
        `  ${i + 1}. [${s.status}] ${s.action} ${s.target}${s.detail ? ` - ${s.detail}` : ''}`,
    ),
    ...(outcome.ticket
      ? [
          `Ticket: ${outcome.ticket.url ?? outcome.ticket.id}${outcome.ticket.url ? ` (${outcome.ticket.id})` : ''}${outcome.ticket.opened === 'earlier' ? ', opened earlier' : ''}`,
        ]
      : []),
    ...(outcome.approval
      ? [
          `Approve before ${outcome.approval.expiresAt}: ${outcome.approval.command}`,
          `Deny: ${outcome.approval.command.replace(' approve ', ' deny ')}`,
        ]
      : []),
  ];
  return lines.filter((l) => l !== undefined).join('\n');
}

/** Longest reason in an alert: reasons are ours, with bounded copies of input inside. */
const MAX_ALERT_REASON = 1024;
/** Most steps listed in an alert; a response takes a few dozen at most. */
const MAX_ALERT_STEPS = 100;

/**
 * The outcome as an alert carries it: every field that may hold a copy of the event cut to
 * {@link MAX_COPIED} characters (control characters escaped), the reason and the steps bounded.
 */
export function alertOutcome(outcome: Outcome): Outcome {
  const { findingId, findingType } = outcome;
  return {
    ...outcome,
    accountId: bounded(outcome.accountId, 16),
    region: bounded(outcome.region, 32),
    resource: bounded(outcome.resource),
    ...(findingId === undefined ? {} : { findingId: bounded(findingId) }),
    ...(findingType === undefined ? {} : { findingType: bounded(findingType) }),
    reason: bounded(outcome.reason, MAX_ALERT_REASON),
    ...(outcome.ticket
      ? {
          ticket: {
            ...outcome.ticket,
            id: bounded(outcome.ticket.id),
            ...(outcome.ticket.url ? { url: bounded(outcome.ticket.url, MAX_ALERT_REASON) } : {}),
          },
        }
      : {}),
    steps: outcome.steps.slice(0, MAX_ALERT_STEPS).map((step) => ({
      ...step,
      target: bounded(step.target),
      ...(step.detail === undefined ? {} : { detail: bounded(step.detail, MAX_COPIED * 2) }),
    })),
  };
}

/** Publishes one message per outcome to the alerts topic; escalations and failures are high priority. */
export async function notifyOutcome(full: Outcome): Promise<void> {
  const topic = responderEnv().ALERTS_TOPIC_ARN;
  if (!topic) return;
  const outcome = alertOutcome(full);
  const mod = await loadSns();
  // The topic's own region, which need not be the Lambda's (the operator CLI runs anywhere).
  sns ??= limitSends(new mod.SNSClient({ region: topic.split(':')[3], ...RETRY }));
  // A plan awaiting approval expires: a person must see it soon.
  const priority = ['escalated', 'failed', 'awaiting-approval'].includes(outcome.status)
    ? 'high'
    : 'normal';
  // SNS subjects must be ASCII without line breaks, fewer than 100 characters.
  const subject =
    `[${DEFAULT_PREFIX}] ${full.status} ${full.resource.slice(0, 99)} in ${outcome.accountId}/${outcome.region}`
      .replace(/[^\x20-\x7e]/g, '?')
      .slice(0, 99);
  const text = `${describeOutcome(outcome)}\n\n${JSON.stringify(outcome, null, 2)}`;
  // A plan awaiting approval also reaches chat: Amazon Q Developer in chat applications
  // subscribes over HTTPS and shows only its custom notification schema, so HTTPS subscribers get
  // that and every other protocol the text (SNS per-protocol messages, `default` required).
  // https://docs.aws.amazon.com/sns/latest/api/API_Publish.html (MessageStructure)
  const chat =
    outcome.status === 'awaiting-approval'
      ? (await loadChatNotification()).chatNotificationOf(full, responderEnv().APPROVAL_QUEUE_URL)
      : undefined;
  await sns.send(
    new mod.PublishCommand({
      TopicArn: topic,
      Subject: subject,
      ...(chat
        ? {
            MessageStructure: 'json',
            Message: JSON.stringify({ default: text, https: JSON.stringify(chat) }),
          }
        : { Message: text }),
      MessageAttributes: {
        status: { DataType: 'String', StringValue: outcome.status },
        priority: { DataType: 'String', StringValue: priority },
        responder: { DataType: 'String', StringValue: outcome.responder },
      },
    }),
  );
}

/** Forgets cached clients and detectors (tests). */
export function resetReporting(): void {
  detectors.clear();
  gdClients.clear();
  shClients.clear();
  sns = undefined;
}
