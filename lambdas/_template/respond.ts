/**
 * TEMPLATE: answering one target, in the order every responder keeps: read live (fail closed on
 * the tags) -> exception? skip -> admit (dry-run when paused) -> remember the before-state -> act,
 * logging each change.
 */
import { CreateTagsCommand, DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { responderEnv } from '../shared/config';
import { RESPONSE_TAG_PREFIX } from '../shared/defaults';
import { ResponderError, TagReadError } from '../shared/errors';
import { exceptionReason, findException } from '../shared/exception';
import type { RespondContext, Result } from '../shared/handler';
import { type MemberTarget, memberClient } from '../shared/member-clients';
import type { TemplateTarget } from './target';

/** Tags the instance (or plans it), unless it carries the exception tag. */
export async function respondTemplate(
  target: TemplateTarget,
  member: MemberTarget,
  ctx: RespondContext,
): Promise<Result> {
  const ec2 = memberClient(EC2Client, member);
  let tags: { Key?: string; Value?: string }[];
  try {
    const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [target.instanceId] }));
    const instance = out.Reservations?.[0]?.Instances?.[0];
    if (!instance) throw new ResponderError(`${target.instanceId} does not exist; nothing changed`);
    tags = instance.Tags ?? [];
  } catch (cause) {
    if (cause instanceof ResponderError) throw cause;
    throw new TagReadError(target.instanceId, { cause });
  }
  const exception = findException(tags, responderEnv().SECURITY_TAG_KEY);
  if (exception) {
    return { status: 'skipped', reason: exceptionReason(target.instanceId, exception), exception };
  }
  const Key = `${RESPONSE_TAG_PREFIX}flagged`;
  if ((await ctx.admit()) === 'dry-run') {
    ctx.log.planned('ec2:CreateTags', target.instanceId, Key);
    return { status: 'dry-run', reason: `would tag ${target.instanceId}; nothing changed` };
  }
  await ctx.log.run(
    'ec2:CreateTags',
    target.instanceId,
    () =>
      ec2.send(
        new CreateTagsCommand({ Resources: [target.instanceId], Tags: [{ Key, Value: 'true' }] }),
      ),
    Key,
  );
  return { status: 'contained', reason: `tagged ${target.instanceId} ${Key}=true` };
}
