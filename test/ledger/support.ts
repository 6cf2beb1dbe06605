/** Shared arrangement of the ledger tests: many isolate-ec2 findings, and the alerts sent. */
import { DescribeInstancesCommand, type DescribeInstancesCommandInput } from '@aws-sdk/client-ec2';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { Outcome } from '../../lambdas/shared/outcome';
import { arrange, guardDutyEvent, instanceReply } from '../lambdas/isolate-ec2/support';
import type { Mocks } from '../support/aws';

/** A GuardDuty EC2 finding of instance number `n` in `account`, with its own finding id. */
export function instanceFinding(n: number, account = '222222222222') {
  const event = guardDutyEvent();
  const hex = n.toString(16).padStart(8, '0');
  event.detail.id = `f${hex}${'0'.repeat(23)}`;
  event.detail.accountId = account;
  event.detail.resource.instanceDetails.instanceId = `i-0${hex}${'0'.repeat(8)}`;
  return event;
}

/** Arranges a healthy member account where DescribeInstances answers for any instance id. */
export function arrangeInstances(mocks: Mocks, env: Record<string, string>): void {
  arrange(mocks, { env, groups: 'clean' });
  mocks.ec2
    .on(DescribeInstancesCommand)
    .callsFake((input: DescribeInstancesCommandInput) =>
      instanceReply({ instanceId: input.InstanceIds?.[0] as string }),
    );
}

/** Every SNS message: outcomes (with their JSON) and the ledger's own alerts. */
export function published(
  mocks: Mocks,
): { subject: string; priority: string; outcome?: Outcome; message: string }[] {
  return mocks.sns.calls().map((c) => {
    const input = (c.args[0] as { input: PublishCommandInput }).input;
    // Per-protocol messages (a plan awaiting approval): the text is what e-mail gets.
    const message =
      input.MessageStructure === 'json'
        ? ((JSON.parse(input.Message ?? '{}') as { default?: string }).default ?? '')
        : (input.Message ?? '');
    const at = message.indexOf('\n\n{');
    return {
      subject: input.Subject ?? '',
      priority: input.MessageAttributes?.priority?.StringValue ?? '',
      message,
      ...(at >= 0 ? { outcome: JSON.parse(message.slice(at + 2)) as Outcome } : {}),
    };
  });
}
