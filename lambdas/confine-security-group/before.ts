/** The state before a confinement that its release needs: the open ranges revoked, from the live rules. */
import type { SecurityGroupRule } from '@aws-sdk/client-ec2';
import type { GroupBefore } from '../shared/ledger-schema';
import { type Confinement, permissionsText, WORLD } from './plan';

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
