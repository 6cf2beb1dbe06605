/**
 * The quarantine and passthrough groups of each VPC: found by VPC and name, created once when
 * missing, and cached per account, region and VPC for the life of the container, so a warm
 * container goes straight from the instance read to the moves.
 */
import {
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { RESPONSE_TAG_PREFIX } from '../shared/defaults';
import { describeCause, isAwsError, ResponderError } from '../shared/errors';
import type { MemberTarget } from '../shared/member-clients';
import type { StepLog } from '../shared/steps';
import {
  applyRuleChange,
  freshGroupChanges,
  type GroupKind,
  type RuleChange,
  repairChanges,
} from './group-rules';

/** Both kinds, in the order their groups are created and logged. */
export const GROUP_KINDS: readonly GroupKind[] = ['quarantine', 'passthrough'];

const DESCRIPTIONS: Record<GroupKind, string> = {
  quarantine: 'Security IR quarantine: no inbound and no outbound traffic',
  passthrough:
    'Security IR passthrough: allows all traffic so tracked connections become untracked before quarantine',
};

/** One isolation group of one VPC as known before acting. */
export interface GroupState {
  readonly kind: GroupKind;
  readonly vpcId: string;
  readonly name: string;
  /** Undefined when the group does not exist yet. */
  readonly id?: string;
  /** Rule changes the group needs (all of a new group's, or the repair of a found one). */
  readonly changes: readonly RuleChange[];
}

/** The groups of every VPC, by VPC id and kind. */
export type VpcGroups = ReadonlyMap<string, Readonly<Record<GroupKind, GroupState>>>;

/** A lookup started before the instance was read: the groups found per VPC, or its error. */
export type GroupLookup = Promise<{ found: Map<string, FoundPair> } | { error: unknown }>;

/** The isolation groups found in one VPC, by kind. */
export type FoundPair = Partial<Record<GroupKind, SecurityGroup>>;

const ready = new Map<string, Promise<string>>();

/** The name of a group: `${RESOURCE_PREFIX}-quarantine` / `${RESOURCE_PREFIX}-passthrough`. */
export function groupName(prefix: string, kind: GroupKind): string {
  return `${prefix}-${kind}`;
}

function keyOf(member: MemberTarget, vpcId: string, kind: GroupKind): string {
  return `${member.accountId}/${member.region}/${vpcId}/${kind}`;
}

function isCached(member: MemberTarget, vpcId: string): boolean {
  return GROUP_KINDS.every((kind) => ready.has(keyOf(member, vpcId, kind)));
}

/**
 * Starts the lookup of the groups of `vpcIds` that are not cached; never rejects (the error is
 * kept for {@link resolveGroups}), so it can run while the instance is read and be dropped.
 */
export function startLookup(
  ec2: EC2Client,
  member: MemberTarget,
  prefix: string,
  vpcIds: readonly string[],
): { vpcIds: readonly string[]; result: GroupLookup } {
  const wanted = vpcIds.filter((v) => !isCached(member, v));
  const result: GroupLookup =
    wanted.length === 0
      ? Promise.resolve({ found: new Map() })
      : lookupGroups(ec2, prefix, wanted).then(
          (found) => ({ found }),
          (error: unknown) => ({ error }),
        );
  return { vpcIds: wanted, result };
}

async function lookupGroups(
  ec2: EC2Client,
  prefix: string,
  vpcIds: readonly string[],
  kinds: readonly GroupKind[] = GROUP_KINDS,
): Promise<Map<string, FoundPair>> {
  const out = await ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [...vpcIds] },
        { Name: 'group-name', Values: kinds.map((k) => groupName(prefix, k)) },
      ],
    }),
  );
  const found = new Map<string, FoundPair>();
  for (const group of out.SecurityGroups ?? []) {
    const kind = GROUP_KINDS.find((k) => group.GroupName === groupName(prefix, k));
    if (!kind || !group.VpcId || !group.GroupId) continue;
    found.set(group.VpcId, { ...found.get(group.VpcId), [kind]: group });
  }
  return found;
}

/**
 * The groups of the instance's VPCs: from the cache, from the early lookup of the VPCs the finding
 * named, or from one more lookup for VPCs the finding did not name. A group found clean is cached.
 */
export async function resolveGroups(
  ec2: EC2Client,
  member: MemberTarget,
  prefix: string,
  vpcIds: readonly string[],
  early: { vpcIds: readonly string[]; result: GroupLookup },
): Promise<VpcGroups> {
  const out = new Map<string, Record<GroupKind, GroupState>>();
  const uncached: string[] = [];
  for (const vpcId of vpcIds) {
    const ids = isCached(member, vpcId) ? await cachedIds(member, vpcId) : undefined;
    if (ids)
      out.set(
        vpcId,
        stateOf(prefix, vpcId, (kind) => ({ id: ids[kind], changes: [] })),
      );
    else uncached.push(vpcId);
  }
  const fromEarly = uncached.filter((v) => early.vpcIds.includes(v));
  const late = uncached.filter((v) => !early.vpcIds.includes(v));
  const [first, second] = await Promise.all([
    fromEarly.length > 0 ? early.result : { found: new Map<string, FoundPair>() },
    late.length > 0
      ? lookupGroups(ec2, prefix, late).then(
          (found) => ({ found }),
          (error: unknown) => ({ error }),
        )
      : { found: new Map<string, FoundPair>() },
  ]);
  for (const r of [first, second]) {
    if ('error' in r) {
      throw new ResponderError(
        `cannot look up the isolation groups of ${uncached.join(', ')}: ${describeCause(r.error)}; nothing changed`,
        { cause: r.error },
      );
    }
  }
  for (const vpcId of uncached) {
    const pair =
      ('found' in first && first.found.get(vpcId)) ||
      ('found' in second && second.found.get(vpcId)) ||
      {};
    const state = groupStatesOf(prefix, vpcId, pair);
    for (const kind of GROUP_KINDS) {
      const { id, changes } = state[kind];
      if (id && changes.length === 0) ready.set(keyOf(member, vpcId, kind), Promise.resolve(id));
    }
    out.set(vpcId, state);
  }
  return out;
}

/**
 * What the groups of one VPC need, from the groups found there by name: a missing group is to be
 * created with all its rules, a found one gets the repair of its rules (none when clean).
 */
export function groupStatesOf(
  prefix: string,
  vpcId: string,
  found: FoundPair,
): Record<GroupKind, GroupState> {
  return stateOf(prefix, vpcId, (kind) => {
    const group = found[kind];
    if (!group?.GroupId) return { changes: freshGroupChanges(kind) };
    return { id: group.GroupId, changes: repairChanges(kind, group) };
  });
}

async function cachedIds(
  member: MemberTarget,
  vpcId: string,
): Promise<Record<GroupKind, string> | undefined> {
  try {
    const [quarantine, passthrough] = await Promise.all(
      GROUP_KINDS.map((kind) => ready.get(keyOf(member, vpcId, kind))),
    );
    return quarantine && passthrough ? { quarantine, passthrough } : undefined;
  } catch {
    return undefined;
  }
}

function stateOf(
  prefix: string,
  vpcId: string,
  make: (kind: GroupKind) => { id?: string; changes: readonly RuleChange[] },
): Record<GroupKind, GroupState> {
  const state = (kind: GroupKind) => ({
    kind,
    vpcId,
    name: groupName(prefix, kind),
    ...make(kind),
  });
  return { quarantine: state('quarantine'), passthrough: state('passthrough') };
}

/**
 * Creates the group if missing and applies its rule changes; returns its id. A concurrent finding
 * of the same container already doing this for the same group is awaited instead.
 */
export function ensureGroup(
  ec2: EC2Client,
  member: MemberTarget,
  prefix: string,
  group: GroupState,
  log: StepLog,
): Promise<string> {
  const key = keyOf(member, group.vpcId, group.kind);
  const pending = ready.get(key);
  if (pending) return pending;
  const next = (async () => {
    const { id, changes } = group.id
      ? { id: group.id, changes: group.changes }
      : await createGroup(ec2, prefix, group, log);
    await Promise.all(changes.map((c) => logRuleChange(ec2, id, c, log)));
    return id;
  })();
  ready.set(key, next);
  next.catch(() => {
    if (ready.get(key) === next) ready.delete(key);
  });
  return next;
}

async function createGroup(
  ec2: EC2Client,
  prefix: string,
  group: GroupState,
  log: StepLog,
): Promise<{ id: string; changes: readonly RuleChange[] }> {
  const target = `${group.name} in ${group.vpcId}`;
  try {
    const out = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: group.name,
        Description: DESCRIPTIONS[group.kind],
        VpcId: group.vpcId,
        TagSpecifications: [
          {
            ResourceType: 'security-group',
            Tags: [{ Key: `${RESPONSE_TAG_PREFIX}purpose`, Value: group.kind }],
          },
        ],
      }),
    );
    if (!out.GroupId) throw new Error('CreateSecurityGroup returned no GroupId');
    log.done('ec2:CreateSecurityGroup', target, out.GroupId);
    return { id: out.GroupId, changes: group.changes };
  } catch (error) {
    if (!isAwsError(error, 'InvalidGroup.Duplicate')) {
      log.failed('ec2:CreateSecurityGroup', target);
      throw error;
    }
    // Another run created it since our lookup: use that group, with its rules brought in line.
    const found = (await lookupGroups(ec2, prefix, [group.vpcId], [group.kind])).get(group.vpcId)?.[
      group.kind
    ];
    if (!found?.GroupId) throw error;
    return { id: found.GroupId, changes: repairChanges(group.kind, found) };
  }
}

async function logRuleChange(
  ec2: EC2Client,
  groupId: string,
  change: RuleChange,
  log: StepLog,
): Promise<void> {
  try {
    if (await applyRuleChange(ec2, groupId, change))
      log.done(change.action, groupId, change.detail);
  } catch (error) {
    log.failed(change.action, groupId, change.detail);
    throw error;
  }
}

/** Forgets the cached groups of these VPCs (a move found a cached group deleted). */
export function forgetGroups(member: MemberTarget, vpcIds: readonly string[]): void {
  for (const vpcId of vpcIds)
    for (const kind of GROUP_KINDS) ready.delete(keyOf(member, vpcId, kind));
}

/** Forgets every cached group (tests, and the benchmark's cold container). */
export function resetIsolationGroups(): void {
  ready.clear();
}
