/**
 * The state before an isolation that its release needs: each interface's groups (from the plan),
 * the quarantine group it goes to, and the instance's termination protection, read while the
 * groups are resolved so that it adds no round trip before containment.
 */
import { DescribeInstanceAttributeCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { GROUP_KINDS } from './groups';
import type { NAME } from './name';
import type { IsolationPlan } from './plan';

/** One network interface as it was before the isolation. */
export interface InterfaceBefore {
  readonly eni: string;
  readonly vpcId: string;
  /**
   * Its groups before the response; absent when an earlier, interrupted response had already
   * moved it to one of the isolation groups (then the original groups are not known here).
   */
  readonly groups?: readonly string[];
}

/** State before an isolation. */
export interface Ec2Before {
  readonly kind: typeof NAME;
  readonly instanceId: string;
  readonly interfaces: readonly InterfaceBefore[];
  /** Quarantine group of each VPC, the group the interfaces were moved to. */
  readonly quarantineGroups: Readonly<Record<string, string>>;
  /** `DisableApiTermination` before; absent when it could not be read. */
  readonly terminationProtection?: boolean;
  /** Whether snapshots were requested (they are kept on release). */
  readonly snapshots: boolean;
}

/** `DisableApiTermination` of the instance, or undefined when it cannot be read. */
export async function readTerminationProtection(
  ec2: EC2Client,
  instanceId: string,
): Promise<boolean | undefined> {
  try {
    const out = await ec2.send(
      new DescribeInstanceAttributeCommand({
        InstanceId: instanceId,
        Attribute: 'disableApiTermination',
      }),
    );
    return out?.DisableApiTermination?.Value;
  } catch {
    // Unknown is recorded as unknown: the release then leaves protection on and says so.
    return undefined;
  }
}

/** The before-state of `plan`. */
export function ec2Before(plan: IsolationPlan, protection: boolean | undefined): Ec2Before {
  const ours = new Set(
    [...plan.byVpc.values()].flatMap((p) => GROUP_KINDS.map((k) => p[k].id).filter(Boolean)),
  );
  const quarantineGroups: Record<string, string> = {};
  for (const [vpcId, pair] of plan.byVpc) {
    if (pair.quarantine.id) quarantineGroups[vpcId] = pair.quarantine.id;
  }
  return {
    kind: 'isolate-ec2',
    instanceId: plan.instanceId,
    interfaces: plan.moves.map((m) => ({
      eni: m.eni,
      vpcId: m.vpcId,
      // Already in one of our groups: an earlier response was interrupted, the original is unknown.
      ...(m.from.some((g) => ours.has(g)) ? {} : { groups: [...m.from] }),
    })),
    quarantineGroups,
    ...(protection === undefined ? {} : { terminationProtection: protection }),
    snapshots: plan.evidence?.snapshots === true,
  };
}
