/**
 * The rules of the two isolation groups. Quarantine: no rule at all. Passthrough: all traffic in
 * and out, IPv4 and IPv6, so that moving an interface through it turns its tracked connections
 * into untracked ones, which the move to quarantine then cuts (FACTS.md).
 */
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  type EC2Client,
  type IpPermission,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';

/** The two groups each VPC gets. */
export type GroupKind = 'quarantine' | 'passthrough';

/** One rule to add to or remove from a group. */
export interface RuleChange {
  readonly action:
    | 'ec2:AuthorizeSecurityGroupIngress'
    | 'ec2:AuthorizeSecurityGroupEgress'
    | 'ec2:RevokeSecurityGroupIngress'
    | 'ec2:RevokeSecurityGroupEgress';
  readonly permission: IpPermission;
  readonly detail: string;
}

const ALL_V4: IpPermission = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const ALL_V6: IpPermission = { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] };

/**
 * Changes that bring a group just created to its rules. A new group has one egress rule, all
 * traffic to 0.0.0.0/0, and AWS also adds all traffic to ::/0 when the VPC has an IPv6 block:
 * the IPv6 rule is revoked (quarantine) or added (passthrough) whether or not it is there.
 */
export function freshGroupChanges(kind: GroupKind): RuleChange[] {
  if (kind === 'quarantine') {
    return [
      revoke('egress', ALL_V4, 'default rule: all traffic to 0.0.0.0/0'),
      revoke('egress', ALL_V6, 'all traffic to ::/0 (AWS adds it in VPCs with IPv6)'),
    ];
  }
  return [
    authorize('ingress', ALL_V4, 'all traffic from 0.0.0.0/0'),
    authorize('ingress', ALL_V6, 'all traffic from ::/0'),
    authorize('egress', ALL_V6, 'all traffic to ::/0'),
  ];
}

/**
 * Changes that bring a group found in the VPC to its rules: a quarantine group loses every rule
 * (an earlier run may have stopped between creating it and revoking its default egress, or a
 * person added a rule); a passthrough group gets whichever allow-all rule it lacks.
 */
export function repairChanges(kind: GroupKind, group: SecurityGroup): RuleChange[] {
  const ingress = group.IpPermissions ?? [];
  const egress = group.IpPermissionsEgress ?? [];
  if (kind === 'quarantine') {
    return [
      ...ingress.map((p) =>
        revoke('ingress', p, `${describePermission(p)} (not a quarantine rule)`),
      ),
      ...egress.map((p) => revoke('egress', p, `${describePermission(p)} (not a quarantine rule)`)),
    ];
  }
  return [
    hasAll(ingress, ALL_V4)
      ? undefined
      : authorize('ingress', ALL_V4, 'all traffic from 0.0.0.0/0'),
    hasAll(ingress, ALL_V6) ? undefined : authorize('ingress', ALL_V6, 'all traffic from ::/0'),
    hasAll(egress, ALL_V4) ? undefined : authorize('egress', ALL_V4, 'all traffic to 0.0.0.0/0'),
    hasAll(egress, ALL_V6) ? undefined : authorize('egress', ALL_V6, 'all traffic to ::/0'),
  ].filter((c): c is RuleChange => c !== undefined);
}

/**
 * Sends one rule change. Returns false when EC2 says the group is already as wanted (the rule to
 * revoke is absent, the rule to add exists): another run got there first, or the IPv6 default
 * egress rule never existed. Any other error is thrown.
 */
export async function applyRuleChange(
  ec2: EC2Client,
  groupId: string,
  change: RuleChange,
): Promise<boolean> {
  const input = { GroupId: groupId, IpPermissions: [change.permission] };
  const isRevoke = change.action.startsWith('ec2:Revoke');
  try {
    switch (change.action) {
      case 'ec2:AuthorizeSecurityGroupIngress':
        await ec2.send(new AuthorizeSecurityGroupIngressCommand(input));
        break;
      case 'ec2:AuthorizeSecurityGroupEgress':
        await ec2.send(new AuthorizeSecurityGroupEgressCommand(input));
        break;
      case 'ec2:RevokeSecurityGroupIngress':
        await ec2.send(new RevokeSecurityGroupIngressCommand(input));
        break;
      case 'ec2:RevokeSecurityGroupEgress':
        await ec2.send(new RevokeSecurityGroupEgressCommand(input));
        break;
    }
    return true;
  } catch (error) {
    const inPlace = isRevoke ? 'InvalidPermission.NotFound' : 'InvalidPermission.Duplicate';
    if (error instanceof Error && error.name === inPlace) return false;
    throw error;
  }
}

function revoke(
  direction: 'ingress' | 'egress',
  permission: IpPermission,
  detail: string,
): RuleChange {
  const action =
    direction === 'ingress' ? 'ec2:RevokeSecurityGroupIngress' : 'ec2:RevokeSecurityGroupEgress';
  return { action, permission, detail };
}

function authorize(
  direction: 'ingress' | 'egress',
  permission: IpPermission,
  detail: string,
): RuleChange {
  const action =
    direction === 'ingress'
      ? 'ec2:AuthorizeSecurityGroupIngress'
      : 'ec2:AuthorizeSecurityGroupEgress';
  return { action, permission, detail };
}

function hasAll(rules: readonly IpPermission[], wanted: IpPermission): boolean {
  const v4 = wanted.IpRanges?.[0]?.CidrIp;
  const v6 = wanted.Ipv6Ranges?.[0]?.CidrIpv6;
  return rules.some(
    (r) =>
      r.IpProtocol === '-1' &&
      (v4
        ? r.IpRanges?.some((x) => x.CidrIp === v4)
        : r.Ipv6Ranges?.some((x) => x.CidrIpv6 === v6)),
  );
}

/** A rule in words, e.g. `tcp 22-22 10.0.0.0/8` or `all traffic sg-0abc`. */
function describePermission(p: IpPermission): string {
  const what =
    p.IpProtocol === '-1' ? 'all traffic' : `${p.IpProtocol} ${p.FromPort ?? ''}-${p.ToPort ?? ''}`;
  const peers = [
    ...(p.IpRanges ?? []).map((r) => r.CidrIp),
    ...(p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
    ...(p.PrefixListIds ?? []).map((r) => r.PrefixListId),
    ...(p.UserIdGroupPairs ?? []).map((r) => r.GroupId),
  ].filter(Boolean);
  return `${what} ${peers.join(', ')}`.trim().slice(0, 200);
}
