import { z } from 'zod';
import { chatNotificationOf } from '../../../lambdas/shared/chat-notification';
import type { Outcome } from '../../../lambdas/shared/outcome';

/**
 * The custom notification event format of Amazon Q Developer in chat applications, field by field
 * as documented (https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html, "Event
 * schema" and "Parameter details"): `version` must be 1.0, `source` must be custom, only the
 * client-markdown text type is supported; no other field is listed.
 */
const CustomNotificationSchema = z.strictObject({
  version: z.literal('1.0'),
  source: z.literal('custom'),
  id: z.string().optional(),
  content: z
    .strictObject({
      textType: z.literal('client-markdown').optional(),
      title: z.string().optional(),
      description: z.string().optional(),
      nextSteps: z.array(z.string()).optional(),
      keywords: z.array(z.string()).optional(),
    })
    .optional(),
  metadata: z
    .strictObject({
      threadId: z.string().optional(),
      summary: z.string().optional(),
      eventType: z.string().optional(),
      relatedResources: z.array(z.string()).optional(),
      additionalContext: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});

const COMMAND = 'security-ir approve a2c6f1e0b7d94e3f8c5a1b2d3e4f5a6b --responder isolate-ec2';

function awaiting(fields: Partial<Outcome> = {}): Outcome {
  return {
    status: 'awaiting-approval',
    responder: 'isolate-ec2',
    accountId: '222222222222',
    region: 'us-east-1',
    resource: 'i-0a1b2c3d4e5f60789',
    findingId: 'a2c6f1e0b7d94e3f8c5a1b2d3e4f5a6b',
    findingType: 'Backdoor:EC2/C&CActivity.B',
    mode: 'approve',
    reason: 'would isolate i-0a1b2c3d4e5f60789; nothing changed',
    steps: [
      {
        action: 'ec2:ModifyNetworkInterfaceAttribute',
        target: 'eni-0a00000000000a001',
        status: 'planned',
        detail: 'sg-0a00000000000a101 -> sg-0a000000000000ea1 (passthrough)',
      },
    ],
    approval: { expiresAt: '2026-12-06T21:30:00.000Z', command: COMMAND },
    ...fields,
  };
}

describe('chat notification of a plan awaiting approval', () => {
  it('follows the documented custom notification schema', () => {
    const result = CustomNotificationSchema.safeParse(chatNotificationOf(awaiting()));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('carries the plan, the resource, the finding and the exact approve command', () => {
    const n = chatNotificationOf(awaiting());
    expect(n.content.title).toBe(
      ':hourglass: security-ir: approve isolate-ec2 on i-0a1b2c3d4e5f60789?',
    );
    expect(n.content.description).toContain(
      '*Resource* `i-0a1b2c3d4e5f60789` in account `222222222222`, region `us-east-1`',
    );
    expect(n.content.description).toContain(
      '*Finding* `a2c6f1e0b7d94e3f8c5a1b2d3e4f5a6b` (`Backdoor:EC2/C&CActivity.B`)',
    );
    expect(n.content.description).toContain(
      '1. ec2:ModifyNetworkInterfaceAttribute `eni-0a00000000000a001` - sg-0a00000000000a101 -> sg-0a000000000000ea1 (passthrough)',
    );
    expect(n.content.description).toContain('*Expires* 2026-12-06T21:30:00.000Z');
    expect(n.content.nextSteps).toEqual([
      `Approve (live read, exception and limit checked again): \`${COMMAND}\``,
      `Deny: \`${COMMAND.replace(' approve ', ' deny ')}\``,
    ]);
    expect(n.metadata.additionalContext.approveCommand).toBe(COMMAND);
    expect(n.metadata.threadId).toBe('security-ir/isolate-ec2/a2c6f1e0b7d94e3f8c5a1b2d3e4f5a6b');
  });

  it('lists at most 20 steps and says how many more there are', () => {
    const step = awaiting().steps[0] as Outcome['steps'][number];
    const n = chatNotificationOf(awaiting({ steps: Array.from({ length: 25 }, () => step) }));
    expect(n.content.description).toContain('20. ec2:ModifyNetworkInterfaceAttribute');
    expect(n.content.description).not.toContain('21. ');
    expect(n.content.description).toContain('… and 5 more step(s)');
  });

  it('keeps a backtick of the finding from ending the code span', () => {
    const n = chatNotificationOf(awaiting({ resource: 'i-0`rm`' }));
    expect(n.content.description).toContain("`i-0'rm'`");
  });

  it('refuses an outcome that awaits no approval', () => {
    expect(() => chatNotificationOf(awaiting({ status: 'dry-run' }))).toThrow(
      'only a plan awaiting approval goes to chat (got dry-run)',
    );
  });
});

describe('chat notification: with the approval queue', () => {
  const QUEUE = 'https://sqs.us-east-1.amazonaws.com/111111111111/security-ir-approvals';

  it('names the queue and the two messages a chat action sends, in the documented schema', () => {
    // Act
    const n = chatNotificationOf(awaiting(), QUEUE);

    // Assert
    expect(CustomNotificationSchema.safeParse(n).success).toBe(true);
    const approve = 'approve:isolate-ec2:a2c6f1e0b7d94e3f8c5a1b2d3e4f5a6b';
    expect(n.content.nextSteps[0]).toContain(
      `aws sqs send-message --queue-url ${QUEUE} --message-body ${approve}`,
    );
    expect(n.metadata.additionalContext).toMatchObject({
      approvalQueueUrl: QUEUE,
      approveMessage: approve,
      denyMessage: 'deny:isolate-ec2:a2c6f1e0b7d94e3f8c5a1b2d3e4f5a6b',
    });
  });

  it('keeps to the CLI commands when the finding id holds a space (no chat variable takes it)', () => {
    const n = chatNotificationOf(awaiting({ findingId: 'a b' }), QUEUE);
    expect(n.metadata.additionalContext.approvalQueueUrl).toBeUndefined();
    expect(n.content.nextSteps).toHaveLength(2);
  });
});
