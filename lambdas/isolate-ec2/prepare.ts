/**
 * isolate-ec2's preparation (`security-ir prepare`): its passthrough and quarantine groups in
 * every VPC before any incident, so that a VPC's first isolation takes 4 round trips instead of 6.
 * The groups are made by the responder's own code (`ensureGroup`: same names, description, tag and
 * rules); VPCs are found through their `default` group, in the DescribeSecurityGroups call the
 * registry already declares. Loaded by name by the operator tool; never part of the Lambda bundle.
 */
import { DescribeSecurityGroupsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { PreparedRegion, Preparer } from '../shared/prepare-plan';
import type { GroupKind } from './group-rules';
import {
  ensureGroup,
  type FoundPair,
  GROUP_KINDS,
  type GroupState,
  groupName,
  groupStatesOf,
} from './groups';

/** The isolation groups of every VPC of the client's account and region, as found by name. */
async function vpcGroups(
  ec2: EC2Client,
  prefix: string,
): Promise<Map<string, Record<GroupKind, GroupState>>> {
  const names = GROUP_KINDS.map((k) => groupName(prefix, k));
  const found = new Map<string, FoundPair>();
  let NextToken: string | undefined;
  do {
    const page = await ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [{ Name: 'group-name', Values: ['default', ...names] }],
        MaxResults: 1000,
        ...(NextToken ? { NextToken } : {}),
      }),
    );
    for (const group of page.SecurityGroups ?? []) {
      if (!group.VpcId) continue;
      const pair = found.get(group.VpcId) ?? {};
      const kind = GROUP_KINDS.find((k) => group.GroupName === groupName(prefix, k));
      if (kind) pair[kind] = group;
      found.set(group.VpcId, pair);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  const out = new Map<string, Record<GroupKind, GroupState>>();
  for (const vpcId of [...found.keys()].sort())
    out.set(vpcId, groupStatesOf(prefix, vpcId, found.get(vpcId) ?? {}));
  return out;
}

const needsWork = (g: GroupState) => g.id === undefined || g.changes.length > 0;

/** isolate-ec2's preparation. */
export const preparer: Preparer = {
  async prepareRegion(ec2, where, prefix, dryRun, log): Promise<PreparedRegion> {
    const byVpc = await vpcGroups(ec2, prefix);
    let ready = 0;
    let created = 0;
    let repaired = 0;
    const member = { accountId: where.account, region: where.region, findingId: 'prepare' };
    for (const pair of byVpc.values()) {
      const todo = GROUP_KINDS.map((k) => pair[k]).filter(needsWork);
      if (todo.length === 0) ready++;
      created += todo.filter((g) => g.id === undefined).length;
      repaired += todo.filter((g) => g.id !== undefined).length;
      if (dryRun) {
        for (const g of todo) {
          if (!g.id) log.planned('ec2:CreateSecurityGroup', `${g.name} in ${g.vpcId}`);
          for (const c of g.changes) log.planned(c.action, g.id ?? g.name, c.detail);
        }
      } else await Promise.all(todo.map((g) => ensureGroup(ec2, member, prefix, g, log)));
    }
    return { vpcs: byVpc.size, ready, created, repaired };
  },

  async unready(ec2, prefix) {
    const byVpc = await vpcGroups(ec2, prefix);
    const unready = [...byVpc.entries()]
      .filter(([, pair]) => GROUP_KINDS.some((k) => needsWork(pair[k])))
      .map(([vpcId]) => vpcId);
    return { unready, of: byVpc.size };
  },
};
