/**
 * High-priority alerts of the ledger and the blast-radius limit, beside the per-outcome
 * notification: "automation paused for account X" once per scope and hour, and "undo will be
 * manual" when the ledger cannot be written. The SNS client loads lazily (needed only then).
 */
import { responderEnv } from './config';
import { DEFAULT_PREFIX } from './defaults';
import { lazyModule } from './lazy';
import { RETRY } from './member-clients';

type SnsModule = typeof import('@aws-sdk/client-sns');
let sns: InstanceType<SnsModule['SNSClient']> | undefined;
const loadSns = lazyModule(() => import('@aws-sdk/client-sns'));

/** Publishes one high-priority alert to the alerts topic; nothing when no topic is configured. */
export async function sendHighPriorityAlert(subject: string, message: string): Promise<void> {
  const topic = responderEnv().ALERTS_TOPIC_ARN;
  if (!topic) return;
  const mod = await loadSns();
  sns ??= new mod.SNSClient({ region: topic.split(':')[3], ...RETRY });
  await sns.send(
    new mod.PublishCommand({
      TopicArn: topic,
      // SNS subjects: ASCII without line breaks, fewer than 100 characters.
      Subject: `[${DEFAULT_PREFIX}] ${subject}`.replace(/[^\x20-\x7e]/g, '?').slice(0, 99),
      Message: message,
      MessageAttributes: {
        status: { DataType: 'String', StringValue: 'alert' },
        priority: { DataType: 'String', StringValue: 'high' },
      },
    }),
  );
}

/** Forgets the SNS client (tests). */
export function resetLedgerAlerts(): void {
  sns = undefined;
}
