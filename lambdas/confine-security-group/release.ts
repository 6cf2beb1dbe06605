/**
 * Release of a confined security group: the revoked world-open ranges are re-added only with
 * `--restore-open-ranges` (re-opening a port to the internet is a decision, not a default). The
 * replacement ranges the containment added stay. Refused when the group is gone or an open range
 * is back already.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupRulesCommand,
  EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import {
  clientOptions,
  ignoring,
  type PlanRelease,
  type ReleasePlan,
  type ReleaseTarget,
} from '../shared/release-plan';
import type { GroupBefore } from './before';

function permissionOf(r: GroupBefore['revoked'][number]): IpPermission {
  const range = r.description ? { Description: r.description } : {};
  return {
    IpProtocol: r.protocol,
    ...(r.protocol === '-1' ? {} : { FromPort: r.fromPort, ToPort: r.toPort }),
    ...(r.cidr.includes(':')
      ? { Ipv6Ranges: [{ CidrIpv6: r.cidr, ...range }] }
      : { IpRanges: [{ CidrIp: r.cidr, ...range }] }),
  };
}

/** Plans the release of a confinement from a live read of the group's rules. */
export async function planGroupRelease(
  before: GroupBefore,
  target: ReleaseTarget,
  restoreOpenRanges: boolean,
): Promise<ReleasePlan> {
  const ec2 = new EC2Client(clientOptions(target));
  const rules = await ignoring('InvalidGroup.NotFound', () =>
    ec2.send(
      new DescribeSecurityGroupRulesCommand({
        Filters: [{ Name: 'group-id', Values: [before.groupId] }],
        MaxResults: 1000,
      }),
    ),
  );
  if (!rules)
    return { changed: [`security group ${before.groupId} no longer exists`], steps: [], notes: [] };
  const open = new Set(
    (rules.SecurityGroupRules ?? [])
      .filter((r) => !r.IsEgress)
      .map((r) => `${r.IpProtocol}|${r.FromPort}|${r.ToPort}|${r.CidrIpv4 ?? r.CidrIpv6}`),
  );
  const changed = before.revoked
    .filter((r) => open.has(`${r.protocol}|${r.fromPort}|${r.toPort}|${r.cidr}`))
    .map(
      (r) => `${r.cidr} ${r.protocol} ${r.fromPort}-${r.toPort} is open again on ${before.groupId}`,
    );
  const notes = [
    ...(before.added ? [`the replacement ranges stay: ${before.added}`] : []),
    ...(restoreOpenRanges
      ? []
      : [
          `the ${before.revoked.length} revoked open range(s) are not re-added: pass --restore-open-ranges to re-open them to the internet`,
        ]),
  ];
  if (!restoreOpenRanges) return { changed, steps: [], notes };
  const IpPermissions = before.revoked.map(permissionOf);
  return {
    changed,
    steps: [
      {
        action: 'ec2:AuthorizeSecurityGroupIngress',
        target: before.groupId,
        detail: before.revoked
          .map((r) => `${r.cidr} ${r.protocol} ${r.fromPort}-${r.toPort}`)
          .join(', '),
        run: () =>
          ec2.send(
            new AuthorizeSecurityGroupIngressCommand({ GroupId: before.groupId, IpPermissions }),
          ),
      },
    ],
    notes,
  };
}

/** This responder's release planner, loaded by `security-ir release`. */
export const planRelease: PlanRelease<GroupBefore> = (before, { target, restoreOpenRanges }) =>
  planGroupRelease(before, target, restoreOpenRanges);
