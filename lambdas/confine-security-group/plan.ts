/**
 * The plan for a group: which ingress rules are open to the world (revoked by rule id, nothing
 * else), and which allowed ranges replace them on the same protocol and ports.
 */
import type { IpPermission, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { RESPONSE_TAG_PREFIX } from '../shared/defaults';

/** The open range of each address family. */
export const WORLD = { IPv4: '0.0.0.0/0', IPv6: '::/0' } as const;

/** An address family. */
export type Family = keyof typeof WORLD;

/** The environment variable that lists the allowed ranges of a family. */
export const ALLOWED_VARIABLE: Record<Family, string> = {
  IPv4: 'ALLOWED_CIDR_V4',
  IPv6: 'ALLOWED_CIDR_V6',
};

/** An ingress rule open to the world. */
export interface OpenRule {
  readonly ruleId: string;
  readonly family: Family;
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
}

/** What confining a group changes. */
export interface Confinement {
  /** Rules to revoke, in the order DescribeSecurityGroupRules listed them. */
  readonly open: readonly OpenRule[];
  /** Replacements to authorize first: one permission per protocol and port range. */
  readonly permissions: readonly IpPermission[];
  /** Families with an open rule but no allowed range configured: revoked without replacement. */
  readonly unreplaced: readonly Family[];
}

/** Allowed ranges per family, as configured. */
export type AllowedRanges = Readonly<Record<Family, readonly string[]>>;

const DESCRIPTION_MAX = 255;

/** Description of a replacement rule, naming the finding (the characters EC2 accepts, ≤ 255). */
export function replacementDescription(family: Family, findingId: string): string {
  const head = `${RESPONSE_TAG_PREFIX} replaces ${WORLD[family]}, finding `;
  const id = findingId.replace(/[^\w .\-:/()#,@[\]+=&;{}!$*]/g, '-');
  // Finding ids end with their unique part: keep the tail when the id is too long.
  return head + id.slice(-(DESCRIPTION_MAX - head.length));
}

/** `tcp 22`, `udp 1000-2000`, `all traffic`. */
export function portsText(rule: Pick<OpenRule, 'protocol' | 'fromPort' | 'toPort'>): string {
  if (rule.protocol === '-1') return 'all traffic';
  const ports =
    rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
  return `${rule.protocol} ${ports}`;
}

function openFamily(rule: SecurityGroupRule): Family | undefined {
  if (rule.IsEgress) return undefined;
  if (rule.CidrIpv4 === WORLD.IPv4) return 'IPv4';
  if (rule.CidrIpv6 === WORLD.IPv6) return 'IPv6';
  return undefined;
}

const portKey = (protocol: string, from: number, to: number) => `${protocol}|${from}|${to}`;

/** Plans the confinement of a group from its live rules. Pure: no AWS call. */
export function planConfinement(
  rules: readonly SecurityGroupRule[],
  allowed: AllowedRanges,
  findingId: string,
): Confinement {
  const existing = new Set<string>();
  const open: OpenRule[] = [];
  for (const rule of rules) {
    const key = portKey(rule.IpProtocol ?? '', rule.FromPort ?? -1, rule.ToPort ?? -1);
    const cidr = rule.CidrIpv4 ?? rule.CidrIpv6;
    if (!rule.IsEgress && cidr) existing.add(`${key}|${cidr.toLowerCase()}`);
    const family = openFamily(rule);
    if (family && rule.SecurityGroupRuleId) {
      open.push({
        ruleId: rule.SecurityGroupRuleId,
        family,
        protocol: rule.IpProtocol ?? '-1',
        fromPort: rule.FromPort ?? -1,
        toPort: rule.ToPort ?? -1,
      });
    }
  }
  const byPorts = new Map<string, IpPermission>();
  const unreplaced = new Set<Family>();
  for (const rule of open) {
    // Never re-open what is being closed, whatever the configuration says.
    const ranges = allowed[rule.family].filter((c) => c !== WORLD[rule.family]);
    if (ranges.length === 0) unreplaced.add(rule.family);
    const key = portKey(rule.protocol, rule.fromPort, rule.toPort);
    // An existing range would make the whole Authorize call fail with InvalidPermission.Duplicate.
    const missing = ranges.filter((c) => !existing.has(`${key}|${c.toLowerCase()}`));
    if (missing.length === 0) continue;
    const permission = byPorts.get(key) ?? {
      IpProtocol: rule.protocol,
      FromPort: rule.fromPort,
      ToPort: rule.toPort,
    };
    const Description = replacementDescription(rule.family, findingId);
    if (rule.family === 'IPv4') {
      permission.IpRanges = missing.map((CidrIp) => ({ CidrIp, Description }));
    } else {
      permission.Ipv6Ranges = missing.map((CidrIpv6) => ({ CidrIpv6, Description }));
    }
    byPorts.set(key, permission);
  }
  return { open, permissions: [...byPorts.values()], unreplaced: [...unreplaced] };
}

/** `tcp 22 from 10.0.0.0/8, fd00::/8` per permission, `; `-separated. */
export function permissionsText(permissions: readonly IpPermission[]): string {
  return permissions
    .map((p) => {
      const ranges = [
        ...(p.IpRanges ?? []).map((r) => r.CidrIp),
        ...(p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
      ];
      const ports = portsText({
        protocol: p.IpProtocol ?? '-1',
        fromPort: p.FromPort ?? -1,
        toPort: p.ToPort ?? -1,
      });
      return `${ports} from ${ranges.join(', ')}`;
    })
    .join('; ');
}

/** `sgr-0abc (tcp 22 from 0.0.0.0/0)` per open rule, `, `-separated. */
export function openRulesText(open: readonly OpenRule[]): string {
  return open.map((r) => `${r.ruleId} (${portsText(r)} from ${WORLD[r.family]})`).join(', ');
}
