/**
 * A plan awaiting approval as an Amazon Q Developer in chat applications (AWS Chatbot) custom
 * notification, which Slack and Microsoft Teams channels render; plain SNS text is not shown there.
 * Event schema: https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html
 * (`version` "1.0", `source` "custom", `content.textType` "client-markdown", the only one).
 */
import { bounded } from './bounded';
import { DEFAULT_PREFIX } from './defaults';
import type { Outcome } from './outcome';

/** The custom notification event, as the documentation lists its fields. */
export interface ChatNotification {
  readonly version: '1.0';
  readonly source: 'custom';
  readonly id: string;
  readonly content: {
    readonly textType: 'client-markdown';
    readonly title: string;
    readonly description: string;
    readonly nextSteps: readonly string[];
    readonly keywords: readonly string[];
  };
  readonly metadata: {
    readonly threadId: string;
    readonly summary: string;
    readonly eventType: string;
    readonly relatedResources: readonly string[];
    readonly additionalContext: Readonly<Record<string, string>>;
  };
}

/** Most planned steps listed in a chat message; the ledger item and e-mail keep them all. */
const MAX_CHAT_STEPS = 20;

/** Longest command shown whole: a command cut short would approve nothing. */
const MAX_COMMAND = 2048;

/** Text in backticks, with any backtick of the input replaced (it would end the code span). */
const code = (text: string, max?: number) => `\`${bounded(text, max).replace(/`/g, "'")}\``;

/** The message that approves (or denies) a plan through the approval queue. */
export function queueMessage(
  decision: 'approve' | 'deny',
  responder: string,
  findingId: string,
): string {
  return `${decision}:${responder}:${findingId}`;
}

/**
 * The chat notification of a plan awaiting approval (status `awaiting-approval`). With the
 * approval queue (`queueUrl`), its next steps and context carry the queue and the two messages a
 * chat action sends (`aws sqs send-message --queue-url $queue --message-body $approve`).
 */
export function chatNotificationOf(outcome: Outcome, queueUrl?: string): ChatNotification {
  const approval = outcome.approval;
  if (outcome.status !== 'awaiting-approval' || !approval) {
    throw new Error(`only a plan awaiting approval goes to chat (got ${outcome.status})`);
  }
  const findingId = outcome.findingId ?? '(none)';
  // A chat action's variables take printable ASCII without spaces (CustomActionAttachment):
  // https://docs.aws.amazon.com/chatbot/latest/APIReference/API_CustomActionAttachment.html
  const queue =
    queueUrl && /^[\x21-\x7e]{1,1000}$/.test(findingId)
      ? {
          approve: queueMessage('approve', outcome.responder, findingId),
          deny: queueMessage('deny', outcome.responder, findingId),
        }
      : undefined;
  const deny = approval.command.replace(` approve `, ' deny ');
  const steps = outcome.steps.slice(0, MAX_CHAT_STEPS);
  const more = outcome.steps.length - steps.length;
  const description = [
    `*Resource* ${code(outcome.resource)} in account ${code(outcome.accountId)}, region ${code(outcome.region)}`,
    `*Finding* ${code(findingId)}${outcome.findingType ? ` (${code(outcome.findingType)})` : ''}`,
    `*Plan* of ${outcome.responder}, nothing changed yet:`,
    ...steps.map(
      (s, i) =>
        `${i + 1}. ${s.action} ${code(s.target)}${s.detail ? ` - ${bounded(s.detail)}` : ''}`,
    ),
    ...(more > 0
      ? [`… and ${more} more step(s): see the e-mail alert or \`security-ir history\``]
      : []),
    `*Expires* ${approval.expiresAt}: after that the plan is never carried out`,
  ].join('\n');
  return {
    version: '1.0',
    source: 'custom',
    id: bounded(`${findingId}/${outcome.responder}`),
    content: {
      textType: 'client-markdown',
      title: bounded(
        `:hourglass: ${DEFAULT_PREFIX}: approve ${outcome.responder} on ${outcome.resource}?`,
      ),
      description,
      nextSteps: [
        ...(queue
          ? [
              `Approve from chat (the chat action sends to the approval queue as you): ${code(`aws sqs send-message --queue-url ${queueUrl} --message-body ${queue.approve}`, MAX_COMMAND)}`,
            ]
          : []),
        `Approve (live read, exception and limit checked again): ${code(approval.command, MAX_COMMAND)}`,
        `Deny: ${code(deny, MAX_COMMAND)}`,
      ],
      keywords: ['awaiting-approval', outcome.responder, bounded(outcome.accountId, 16)],
    },
    metadata: {
      // One thread per plan: a later delivery of the same finding joins it.
      threadId: bounded(`${DEFAULT_PREFIX}/${outcome.responder}/${findingId}`),
      summary: bounded(`${outcome.responder} awaits approval for ${outcome.resource}`),
      eventType: 'awaiting-approval',
      relatedResources: [bounded(outcome.resource), bounded(findingId)],
      additionalContext: {
        accountId: bounded(outcome.accountId, 16),
        region: bounded(outcome.region, 32),
        responder: outcome.responder,
        findingId: bounded(findingId),
        expiresAt: approval.expiresAt,
        approveCommand: approval.command,
        ...(queue && queueUrl
          ? { approvalQueueUrl: queueUrl, approveMessage: queue.approve, denyMessage: queue.deny }
          : {}),
      },
    },
  };
}
