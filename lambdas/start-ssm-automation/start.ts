/**
 * Starting the runbook in the member account, after the live exception check: the runbook's role
 * carries the same exception Deny, but `ssm:StartAutomationExecution` itself cannot be gated by
 * the resource's tag (it sees only the document's), so this check is the first line.
 */
import { SSMClient, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { responderEnv } from '../shared/config';
import { exceptionReason, findException } from '../shared/exception';
import type { RespondContext, Result } from '../shared/handler';
import { type MemberTarget, memberClient, roleArnIn } from '../shared/member-clients';
import type { RunbookBefore } from './before';
import { NAME } from './name';
import { readResourceTags } from './tags';
import type { RunbookTarget } from './target';

const START = 'ssm:StartAutomationExecution';

/** The runbook parameters: the resource id, the fixed parameters and the automation role. */
export function runbookParameters(
  target: RunbookTarget,
  member: MemberTarget,
): Record<string, string[]> {
  const role = roleArnIn(member.accountId, member.region, responderEnv().AUTOMATION_ROLE_NAME);
  const fixed = Object.entries(target.runbook.parameters).map(([k, v]) => [k, [v]] as const);
  return {
    [target.runbook.resourceParameter]: [target.resourceId],
    ...Object.fromEntries(fixed),
    AutomationAssumeRole: [role],
  };
}

/** Answers one resource: skipped (exception), dry-run (plan) or contained (runbook started). */
export async function startRunbook(
  target: RunbookTarget,
  member: MemberTarget,
  ctx: RespondContext,
): Promise<Result> {
  const tags = await readResourceTags(target, member);
  const exception = findException(tags, responderEnv().SECURITY_TAG_KEY);
  if (exception) {
    return { status: 'skipped', reason: exceptionReason(target.resourceId, exception), exception };
  }
  const { document } = target.runbook;
  const Parameters = runbookParameters(target, member);
  if ((await ctx.admit()) === 'dry-run') {
    ctx.log.planned(START, target.resourceId, `${document} ${JSON.stringify(Parameters)}`);
    return { status: 'dry-run', reason: `would start ${document} on ${target.resourceId}` };
  }
  const before: RunbookBefore = { kind: NAME, resourceId: target.resourceId, document };
  ctx.remember?.(before);
  const ssm = memberClient(SSMClient, member);
  let executionId: string | undefined;
  try {
    const out = await ssm.send(
      new StartAutomationExecutionCommand({ DocumentName: document, Parameters }),
    );
    executionId = out.AutomationExecutionId;
  } catch (error) {
    ctx.log.failed(START, target.resourceId, document);
    throw error;
  }
  if (executionId) {
    const started: RunbookBefore = { ...before, executionId };
    ctx.remember?.(started);
  }
  const execution = `execution ${executionId ?? '(no id returned)'}`;
  ctx.log.done(START, target.resourceId, `${document}, ${execution}`);
  return {
    status: 'contained',
    reason: `started ${document} on ${target.resourceId} (${execution})`,
  };
}
