/**
 * What isolating the instance takes, decided from the live read before any change: the groups to
 * create or repair, the interfaces to move, the evidence to keep and the tags to write. Dry-run
 * reports this plan as planned steps in the order {@link executePlan} performs them.
 */
import type { Tag } from '@aws-sdk/client-ec2';
import { RESPONSE_TAG_PREFIX } from '../shared/defaults';
import type { StepLog } from '../shared/steps';
import type { GroupKind } from './group-rules';
import { GROUP_KINDS, type GroupState, type VpcGroups } from './groups';
import type { LiveInstance } from './instance';

/** One network interface to move, with the groups it is in now. */
export interface Move {
  readonly eni: string;
  readonly vpcId: string;
  readonly from: readonly string[];
}

/** Everything the isolation of one instance changes. */
export interface IsolationPlan {
  readonly instanceId: string;
  /** Groups to create or repair, quarantine and passthrough of each VPC in turn. */
  readonly groups: readonly GroupState[];
  /** Every group of every VPC involved, by VPC and kind. */
  readonly byVpc: VpcGroups;
  /** Interfaces not yet only in their VPC's quarantine group. */
  readonly moves: readonly Move[];
  /** Snapshots (when the instance has EBS volumes) and termination protection; off when disabled. */
  readonly evidence?: { readonly snapshots: boolean };
  readonly tags: readonly Tag[];
}

/** Options of a plan that do not come from the live read. */
export interface PlanOptions {
  readonly findingId: string;
  readonly preserveEvidence: boolean;
  readonly exceptionTagKey: string;
  readonly now: Date;
}

const MAX_TAG_VALUE = 256;

/** Tag that marks a completed isolation (moves, evidence and record all done). */
export const ISOLATED_TAG = `${RESPONSE_TAG_PREFIX}isolated`;

/** Step details shared by the plan and the containment. */
export const STEP_DETAILS = {
  passthrough: 'passthrough: all traffic allowed, tracked connections untracked',
  quarantine: 'quarantine: no traffic',
  snapshots: 'evidence: snapshots of every EBS volume',
  protect: 'evidence: termination protection on',
} as const;

/** Plans the isolation of `instance` given the state of its VPCs' groups. */
export function planIsolation(
  instance: LiveInstance,
  byVpc: VpcGroups,
  options: PlanOptions,
): IsolationPlan {
  const moves = instance.interfaces
    .filter((n) => {
      const quarantine = byVpc.get(n.vpcId)?.quarantine.id;
      return !(quarantine && n.groupIds.length === 1 && n.groupIds[0] === quarantine);
    })
    .map((n) => ({ eni: n.id, vpcId: n.vpcId, from: n.groupIds }));
  const movingVpcs = new Set(moves.map((m) => m.vpcId));
  const groups = [...byVpc.values()].flatMap((pair) =>
    GROUP_KINDS.map((kind) => pair[kind]).filter(
      (g) =>
        (g.kind === 'quarantine' || movingVpcs.has(g.vpcId)) &&
        (g.id === undefined || g.changes.length > 0),
    ),
  );
  // The `isolated` tag is written only after the evidence was taken: an instance already in
  // quarantine without it is one whose earlier response stopped before evidence or tags.
  const completed = instance.tags.some((t) => t.Key === ISOLATED_TAG);
  if (moves.length === 0 && completed)
    return { instanceId: instance.instanceId, groups, byVpc, moves, tags: [] };
  return {
    instanceId: instance.instanceId,
    groups,
    byVpc,
    moves,
    ...(options.preserveEvidence ? { evidence: { snapshots: instance.hasVolumes } } : {}),
    tags: isolationTags(moves, byVpc, options),
  };
}

function isolationTags(moves: readonly Move[], byVpc: VpcGroups, options: PlanOptions): Tag[] {
  const ours = new Set(
    [...byVpc.values()].flatMap((p) => GROUP_KINDS.map((k) => p[k].id).filter(Boolean)),
  );
  // An interface already in one of our groups means an earlier run stopped half-way: its groups
  // now are not the original ones, so the record that run wrote is left as it is.
  const interrupted = moves.some((m) => m.from.some((g) => ours.has(g)));
  const original = JSON.stringify(Object.fromEntries(moves.map((m) => [m.eni, m.from])));
  const tags: Tag[] = [
    { Key: ISOLATED_TAG, Value: options.now.toISOString() },
    { Key: `${RESPONSE_TAG_PREFIX}finding-id`, Value: tagValue(options.findingId) },
    ...(interrupted || moves.length === 0
      ? []
      : [
          { Key: `${RESPONSE_TAG_PREFIX}original-groups`, Value: original.slice(0, MAX_TAG_VALUE) },
        ]),
  ];
  // The exception tag is never written by a responder (an SCP denies it anyway).
  const exceptionKey = options.exceptionTagKey.toLowerCase();
  return tags.filter((t) => t.Key?.toLowerCase() !== exceptionKey);
}

/** A finding id as a tag value: ids longer than a tag value keep their distinctive tail. */
export function tagValue(findingId: string): string {
  return findingId.length > MAX_TAG_VALUE ? findingId.slice(-MAX_TAG_VALUE) : findingId;
}

/** The id of a group, or its name where it is still to be created. */
export function groupLabel(byVpc: VpcGroups, vpcId: string, kind: GroupKind): string {
  const group = byVpc.get(vpcId)?.[kind];
  return group?.id ?? `${group?.name ?? kind} (new, ${vpcId})`;
}

/** Describes a move for the step log: `eni-0a (sg-1, sg-2 -> sg-9)`. */
export function moveTarget(move: Move, to: string): string {
  return `${move.eni} (${move.from.join(', ') || 'no group'} -> ${to})`;
}

/** Records the plan as planned steps, in the order a containment performs them. */
export function describePlan(plan: IsolationPlan, log: StepLog): void {
  for (const g of plan.groups) {
    if (!g.id) log.planned('ec2:CreateSecurityGroup', `${g.name} in ${g.vpcId}`);
  }
  for (const g of plan.groups) {
    for (const c of g.changes)
      log.planned(c.action, groupLabel(plan.byVpc, g.vpcId, g.kind), c.detail);
  }
  for (const m of plan.moves) {
    const to = groupLabel(plan.byVpc, m.vpcId, 'passthrough');
    log.planned('ec2:ModifyNetworkInterfaceAttribute', moveTarget(m, to), STEP_DETAILS.passthrough);
  }
  if (plan.evidence?.snapshots)
    log.planned('ec2:CreateSnapshots', plan.instanceId, STEP_DETAILS.snapshots);
  if (plan.evidence)
    log.planned('ec2:ModifyInstanceAttribute', plan.instanceId, STEP_DETAILS.protect);
  for (const m of plan.moves) {
    const to = groupLabel(plan.byVpc, m.vpcId, 'quarantine');
    log.planned('ec2:ModifyNetworkInterfaceAttribute', moveTarget(m, to), STEP_DETAILS.quarantine);
  }
  if (plan.tags.length > 0) log.planned('ec2:CreateTags', plan.instanceId, tagsDetail(plan));
}

/** The tag keys written, for the step log. */
export function tagsDetail(plan: IsolationPlan): string {
  return plan.tags.map((t) => t.Key).join(', ');
}
