/** The state before a confinement that its release needs: the open ranges revoked, from the live rules. */
import type { SecurityGroupRule } from '@aws-sdk/client-ec2';
import type { NAME } from './name';
import { type Confinement, permissionsText, WORLD } from './plan';

/** One ingress range open to the world that was revoked. */
export interface RevokedRange {
  readonly ruleId: string;
  readonly cidr: string;
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly description?: string;
}

/** State before a security group was confined. */
export interface GroupBefore {
  readonly kind: typeof NAME;
  readonly groupId: string;
  readonly revoked: readonly RevokedRange[];
  /** The replacement ranges added, `tcp 22 from 10.0.0.0/8` (kept on release). */
  readonly added: string;
}

/** The before-state of confining `groupId` with `plan`. */
export function groupBefore(
  groupId: string,
  plan: Confinement,
  rules: readonly SecurityGroupRule[],
): GroupBefore {
  const byId = new Map(rules.map((r) => [r.SecurityGroupRuleId, r]));
  return {
    kind: 'confine-security-group',
    groupId,
    revoked: plan.open.map((o) => {
      const description = byId.get(o.ruleId)?.Description;
      return {
        ruleId: o.ruleId,
        cidr: WORLD[o.family],
        protocol: o.protocol,
        fromPort: o.fromPort,
        toPort: o.toPort,
        ...(description ? { description } : {}),
      };
    }),
    added: permissionsText(plan.permissions),
  };
}
