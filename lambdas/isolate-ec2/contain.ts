/**
 * Performs an isolation plan in the order that keeps the path to quarantine short (the whole
 * sequence is in index.ts): groups created and ruled, then every interface to passthrough with
 * the evidence requests alongside, then every interface to quarantine with the tags alongside.
 * Evidence and tags are awaited only at the end, so they never delay a move.
 */
import {
  CreateSnapshotsCommand,
  CreateTagsCommand,
  type EC2Client,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { RESPONSE_TAG_PREFIX } from '../shared/defaults';
import { describeCause, isAwsError, ResponderError } from '../shared/errors';
import type { MemberTarget } from '../shared/member-clients';
import type { StepLog } from '../shared/steps';
import type { GroupKind } from './group-rules';
import { ensureGroup, forgetGroups } from './groups';
import {
  type IsolationPlan,
  type Move,
  moveTarget,
  STEP_DETAILS,
  tagsDetail,
  tagValue,
} from './plan';

/** Where an interface ended, for the failure reason. */
type Ending =
  | 'quarantined'
  | 'back in its own groups, not isolated'
  | 'LEFT IN PASSTHROUGH, all traffic allowed'
  | 'in its own groups, not isolated';

/** Who performs the plan, and for which finding. */
export interface Executor {
  readonly ec2: EC2Client;
  readonly member: MemberTarget;
  readonly prefix: string;
  readonly log: StepLog;
}

/**
 * Performs `plan`. A failure on one interface does not stop the others: every interface still goes
 * to quarantine, and one left in the allow-all passthrough group is put back in its own groups.
 * Throws a {@link ResponderError} naming every failed step and where each interface ended.
 */
export async function executePlan(plan: IsolationPlan, x: Executor): Promise<void> {
  const created = await Promise.allSettled(
    plan.groups.map((g) => ensureGroup(x.ec2, x.member, x.prefix, g, x.log)),
  );
  const groupFailure = created.find((r) => r.status === 'rejected');
  if (groupFailure) {
    throw new ResponderError(
      `could not prepare the isolation groups of ${plan.instanceId}: ${describeCause(groupFailure.reason)}; nothing was moved`,
      { cause: groupFailure.reason },
    );
  }
  if (plan.moves.length === 0) {
    if (plan.tags.length > 0) await completeEvidence(plan, x);
    return;
  }
  const idOf = (m: Move, kind: GroupKind) =>
    plan.byVpc.get(m.vpcId)?.[kind].id ?? createdId(plan, created, m.vpcId, kind);

  const passthrough = Promise.allSettled(
    plan.moves.map((m) => moveTo(x, m, idOf(m, 'passthrough'), STEP_DETAILS.passthrough)),
  );
  const evidenceSent = evidenceSteps(plan, x);
  const evidence = Promise.allSettled(evidenceSent.map((e) => e.done));
  const toPassthrough = await passthrough;
  const quarantine = Promise.allSettled(
    plan.moves.map((m) => moveTo(x, m, idOf(m, 'quarantine'), STEP_DETAILS.quarantine)),
  );
  // The tags mark completion, so they wait for the evidence (never for a move): a re-delivered
  // finding then finds an untagged instance and takes the evidence again.
  const tags = Promise.allSettled([tagAfter(evidence, plan, x)]);
  const toQuarantine = await quarantine;
  // Left in passthrough, an interface would accept all traffic: put it back where it was.
  const restored = await Promise.allSettled(
    plan.moves.map((m, i) =>
      toPassthrough[i]?.status === 'fulfilled' && toQuarantine[i]?.status === 'rejected'
        ? moveBack(x, m)
        : Promise.resolve(false),
    ),
  );
  const failures = [
    ...failed(toPassthrough, (i) => `${plan.moves[i]?.eni} to passthrough`),
    ...failed(toQuarantine, (i) => `${plan.moves[i]?.eni} to quarantine`),
    ...failed(restored, (i) => `${plan.moves[i]?.eni} back to its groups`),
    ...failed(await evidence, (i) => evidenceSent[i]?.label ?? 'evidence'),
    ...failed(await tags, () => 'tags'),
  ];
  if (failures.length === 0) return;
  if (failures.some((f) => isAwsError(f.error, 'InvalidGroup.NotFound'))) {
    forgetGroups(x.member, [...new Set(plan.moves.map((m) => m.vpcId))]);
  }
  const endings = plan.moves.map(
    (m, i) => `${m.eni} ${endingOf(toPassthrough[i], toQuarantine[i], restored[i])}`,
  );
  throw new ResponderError(
    `isolation of ${plan.instanceId} is incomplete (${endings.join(', ')}); failed: ` +
      failures.map((f) => `${f.label}: ${describeCause(f.error)}`).join('; '),
    { cause: failures[0]?.error },
  );
}

function failed(
  results: readonly PromiseSettledResult<unknown>[],
  label: (index: number) => string,
): { label: string; error: unknown }[] {
  return results.flatMap((r, i) =>
    r.status === 'rejected' ? [{ label: label(i), error: r.reason as unknown }] : [],
  );
}

function createdId(
  plan: IsolationPlan,
  created: PromiseSettledResult<string>[],
  vpcId: string,
  kind: GroupKind,
): string {
  const i = plan.groups.findIndex((g) => g.vpcId === vpcId && g.kind === kind);
  const r = created[i];
  if (r?.status !== 'fulfilled') throw new ResponderError(`no ${kind} group for ${vpcId}`);
  return r.value;
}

function endingOf(
  passthrough: PromiseSettledResult<unknown> | undefined,
  quarantine: PromiseSettledResult<unknown> | undefined,
  restored: PromiseSettledResult<boolean> | undefined,
): Ending {
  if (quarantine?.status === 'fulfilled') return 'quarantined';
  if (passthrough?.status === 'rejected') return 'in its own groups, not isolated';
  return restored?.status === 'fulfilled' && restored.value
    ? 'back in its own groups, not isolated'
    : 'LEFT IN PASSTHROUGH, all traffic allowed';
}

function moveTo(x: Executor, m: Move, groupId: string, detail: string): Promise<unknown> {
  return x.log.run(
    'ec2:ModifyNetworkInterfaceAttribute',
    moveTarget(m, groupId),
    () =>
      x.ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({
          NetworkInterfaceId: m.eni,
          Groups: [groupId],
        }),
      ),
    detail,
  );
}

async function moveBack(x: Executor, m: Move): Promise<boolean> {
  await x.log.run(
    'ec2:ModifyNetworkInterfaceAttribute',
    `${m.eni} (passthrough -> ${m.from.join(', ')})`,
    () =>
      x.ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({
          NetworkInterfaceId: m.eni,
          Groups: [...m.from],
        }),
      ),
    'rollback: the move to quarantine failed',
  );
  return true;
}

function evidenceSteps(
  plan: IsolationPlan,
  x: Executor,
): { label: string; done: Promise<unknown> }[] {
  if (!plan.evidence) return [];
  const out: { label: string; done: Promise<unknown> }[] = [];
  if (plan.evidence.snapshots) {
    const snapshots = new CreateSnapshotsCommand({
      InstanceSpecification: { InstanceId: plan.instanceId, ExcludeBootVolume: false },
      Description: `security-ir evidence of ${plan.instanceId}`,
      CopyTagsFromSource: 'volume',
      TagSpecifications: [
        {
          ResourceType: 'snapshot',
          Tags: [{ Key: `${RESPONSE_TAG_PREFIX}finding-id`, Value: tagValue(x.member.findingId) }],
        },
      ],
    });
    out.push({
      label: 'snapshots',
      done: x.log.run(
        'ec2:CreateSnapshots',
        plan.instanceId,
        () => x.ec2.send(snapshots),
        STEP_DETAILS.snapshots,
      ),
    });
  }
  const protect = new ModifyInstanceAttributeCommand({
    InstanceId: plan.instanceId,
    DisableApiTermination: { Value: true },
  });
  out.push({
    label: 'termination protection',
    done: x.log.run(
      'ec2:ModifyInstanceAttribute',
      plan.instanceId,
      () => x.ec2.send(protect),
      STEP_DETAILS.protect,
    ),
  });
  return out;
}

/** Evidence and tags of an instance already in quarantine whose earlier response stopped early. */
async function completeEvidence(plan: IsolationPlan, x: Executor): Promise<void> {
  const sent = evidenceSteps(plan, x);
  const evidence = Promise.allSettled(sent.map((e) => e.done));
  const tags = await Promise.allSettled([tagAfter(evidence, plan, x)]);
  const failures = [
    ...failed(await evidence, (i) => sent[i]?.label ?? 'evidence'),
    ...failed(tags, () => 'tags'),
  ];
  if (failures.length === 0) return;
  throw new ResponderError(
    `${plan.instanceId} is in quarantine, but completing its evidence failed: ` +
      failures.map((f) => `${f.label}: ${describeCause(f.error)}`).join('; '),
    { cause: failures[0]?.error },
  );
}

/** Tags the instance once every evidence request succeeded; skips the tags otherwise. */
async function tagAfter(
  evidence: Promise<PromiseSettledResult<unknown>[]>,
  plan: IsolationPlan,
  x: Executor,
): Promise<unknown> {
  const settled = await evidence;
  if (settled.some((r) => r.status === 'rejected')) {
    throw new ResponderError('not written: the evidence is incomplete');
  }
  // A plan without tags (isolate-ecs-task's task interfaces: there is no instance to tag).
  if (plan.tags.length === 0) return undefined;
  return tagInstance(plan, x);
}

function tagInstance(plan: IsolationPlan, x: Executor): Promise<unknown> {
  return x.log.run(
    'ec2:CreateTags',
    plan.instanceId,
    () => x.ec2.send(new CreateTagsCommand({ Resources: [plan.instanceId], Tags: [...plan.tags] })),
    tagsDetail(plan),
  );
}
