/**
 * Release of an isolation: every interface back in its own groups, termination protection as it
 * was. The snapshots are kept (evidence). Refused when an interface is no longer only in the
 * quarantine group it was moved to, or the instance is gone.
 */
import {
  DescribeInstancesCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import type { ResponseItem } from '../shared/ledger-schema';
import {
  clientOptions,
  ignoring,
  type PlanRelease,
  type ReleasePlan,
  type ReleaseStep,
  type ReleaseTarget,
} from '../shared/release-plan';
import type { Ec2Before, InterfaceBefore } from './before';

/** The quarantine group each interface was moved to: from the before-state, else from the done steps. */
function quarantineOf(
  before: Ec2Before,
  response: ResponseItem,
  eni: string,
  vpcId: string,
): string | undefined {
  const known = before.quarantineGroups[vpcId];
  if (known) return known;
  const step = response.steps.find(
    (s) =>
      s.status === 'done' &&
      s.action === 'ec2:ModifyNetworkInterfaceAttribute' &&
      s.target.startsWith(`${eni} (`) &&
      s.detail?.startsWith('quarantine'),
  );
  return step ? /-> (sg-[0-9a-f]+)\)$/.exec(step.target)?.[1] : undefined;
}

/** Plans the release of an isolation from a live read of the instance. */
export async function planEc2Release(
  before: Ec2Before,
  response: ResponseItem,
  target: ReleaseTarget,
): Promise<ReleasePlan> {
  const ec2 = new EC2Client(clientOptions(target));
  const reply = await ignoring('InvalidInstanceID.NotFound', () =>
    ec2.send(new DescribeInstancesCommand({ InstanceIds: [before.instanceId] })),
  );
  const instance = reply?.Reservations?.flatMap((r) => r.Instances ?? []).find(
    (i) => i.InstanceId === before.instanceId,
  );
  const state = instance?.State?.Name;
  if (!instance || state === 'terminated' || state === 'shutting-down') {
    return {
      changed: [`instance ${before.instanceId} is ${state ?? 'gone'}`],
      steps: [],
      notes: [],
    };
  }
  const live = new Map(
    (instance.NetworkInterfaces ?? []).map((n) => [
      n.NetworkInterfaceId,
      (n.Groups ?? []).map((g) => g.GroupId ?? ''),
    ]),
  );
  const { changed, steps, notes } = planInterfacesBack(ec2, before.interfaces, live, {
    quarantineOf: (n) => quarantineOf(before, response, n.eni, n.vpcId),
    gone: (eni) => ({ changed: `${eni} is no longer attached to ${before.instanceId}` }),
    unknownGroups:
      'see an earlier response of this instance or its security-ir:original-groups tag',
  });
  if (before.terminationProtection === false) {
    steps.push({
      action: 'ec2:ModifyInstanceAttribute',
      target: before.instanceId,
      detail: 'termination protection off, as before the isolation',
      run: () =>
        ec2.send(
          new ModifyInstanceAttributeCommand({
            InstanceId: before.instanceId,
            DisableApiTermination: { Value: false },
          }),
        ),
    });
  } else if (before.terminationProtection === true) {
    notes.push('termination protection was already on before the isolation: it stays on');
  } else {
    notes.push(
      'termination protection before the isolation is unknown: it stays on; turn it off by hand if it was off',
    );
  }
  if (before.snapshots)
    notes.push(
      `the evidence snapshots of ${before.instanceId} are kept (tag security-ir:finding-id)`,
    );
  return { changed, steps, notes };
}

/** How {@link planInterfacesBack} judges one responder's interfaces. */
export interface InterfacesBackOptions {
  /** The quarantine group the interface was moved to, if known. */
  readonly quarantineOf: (n: InterfaceBefore) => string | undefined;
  /** What an interface that no longer exists means: a change that refuses, or a note. */
  readonly gone: (eni: string) => { readonly changed?: string; readonly note?: string };
  /** Where to look when an interface's groups before are unknown. */
  readonly unknownGroups?: string;
}

/**
 * Every moved interface back in its own groups, each checked against its live groups: one that is
 * no longer only in its quarantine group is a change that refuses the release (without --force).
 * Shared by isolate-ec2 (the instance's interfaces) and isolate-ecs-task (the task's).
 */
export function planInterfacesBack(
  ec2: EC2Client,
  interfaces: readonly InterfaceBefore[],
  live: ReadonlyMap<string | undefined, readonly string[]>,
  options: InterfacesBackOptions,
): { changed: string[]; steps: ReleaseStep[]; notes: string[] } {
  const changed: string[] = [];
  const steps: ReleaseStep[] = [];
  const notes: string[] = [];
  for (const n of interfaces) {
    const now = live.get(n.eni);
    const quarantine = options.quarantineOf(n);
    if (!now) {
      const gone = options.gone(n.eni);
      if (gone.changed) changed.push(gone.changed);
      if (gone.note) {
        notes.push(gone.note);
        continue;
      }
    } else if (!quarantine || now.length !== 1 || now[0] !== quarantine) {
      changed.push(
        `${n.eni} is in ${now.join(', ') || 'no group'}, not only in the quarantine group ${quarantine ?? '(unknown)'}`,
      );
    }
    if (!n.groups) {
      const hint = options.unknownGroups ? `; ${options.unknownGroups}` : '';
      notes.push(
        `${n.eni}: its groups before are unknown (an earlier response was interrupted)${hint}`,
      );
      continue;
    }
    const Groups = [...n.groups];
    steps.push({
      action: 'ec2:ModifyNetworkInterfaceAttribute',
      target: `${n.eni} (${quarantine ?? 'quarantine'} -> ${Groups.join(', ')})`,
      detail: 'back in its own groups',
      run: () =>
        ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: n.eni, Groups })),
    });
  }
  return { changed, steps, notes };
}

/** This responder's release planner, loaded by `security-ir release`. */
export const planRelease: PlanRelease<Ec2Before> = (before, { response, target }) =>
  planEc2Release(before, response, target);
