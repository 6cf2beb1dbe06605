/**
 * Containing an ECS task: read it live with its service, cluster, task role and interfaces; honour
 * the exception tag (task, then service, then cluster: code only, IAM cannot see these tags on the
 * calls that change anything; the role's and the instance's: code and IAM), then in parallel
 * - revoke the task role's sessions issued before now (AWSRevokeOlderSessions), Fargate and EC2;
 * - move the task interfaces AWS lets us change through passthrough to quarantine (isolate-ec2's
 *   groups and code); requester-managed ones (every Fargate task interface) cannot be changed;
 * - on an EC2 container instance, isolate the instance with isolate-ec2's own containment.
 * A task whose network is not isolated ends `escalated` (high priority) with what was done, what
 * was not, and the commands that finish the job; never `contained`. The task is never stopped:
 * that is irreversible, destroys the evidence in its memory, and its service would start a
 * replacement from the same image.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';
import type { Ec2Before } from '../isolate-ec2/before';
import { ec2Before } from '../isolate-ec2/before';
import { executePlan } from '../isolate-ec2/contain';
import { isolateInstance } from '../isolate-ec2/isolate';
import { NAME as ISOLATE_EC2 } from '../isolate-ec2/name';
import { describePlan } from '../isolate-ec2/plan';
import { responderEnv } from '../shared/config';
import { REVOKE_SESSIONS_POLICY_NAME } from '../shared/defaults';
import { describeCause, ResponderError } from '../shared/errors';
import { exceptionReason, findException } from '../shared/exception';
import type { RespondContext, Result } from '../shared/handler';
import { type MemberTarget, memberClient } from '../shared/member-clients';
import { REVOKE_ACTION, revokeDetail, revokeRoleSessions } from '../shared/revoke-role';
import type { EcsTaskBefore } from './before';
import { NAME } from './name';
import { changesAnything, type InterfacePlan, planInterfaces } from './network';
import {
  type LiveTask,
  readClusterTags,
  readContainerInstance,
  readInterfaces,
  readServiceTags,
  readTask,
  readTaskRoleArn,
} from './read';
import { readRoleTags, roleNameOf } from './role';
import type { EcsTaskTarget } from './target';

/** The network plan of a task on an EC2 container instance: the instance's isolation covers it. */
const NO_NETWORK: InterfacePlan = { changeable: [], pinned: [] };

/** What was read about the task before deciding. */
interface Reads {
  readonly task: LiveTask;
  readonly serviceArn?: string;
  readonly roleArn?: string;
  readonly roleName?: string;
  readonly instanceId?: string;
  readonly network: InterfacePlan;
  readonly notes: string[];
}

/** Answers one task: skipped (exception), dry-run (plan), contained, or escalated (partly). */
export async function containTask(
  target: EcsTaskTarget,
  member: MemberTarget,
  ctx: RespondContext,
): Promise<Result> {
  const env = responderEnv();
  const key = env.SECURITY_TAG_KEY;
  const ecs = memberClient(ECSClient, member);
  const [task, clusterTags] = await Promise.all([
    readTask(ecs, target),
    readClusterTags(ecs, target.clusterArn),
  ]);
  const taskException = findException(task.tags, key);
  if (taskException) {
    return {
      status: 'skipped',
      reason: exceptionReason(task.arn, taskException),
      exception: taskException,
    };
  }
  const clusterException = findException(clusterTags, key);
  if (clusterException) {
    return {
      status: 'skipped',
      reason: `${exceptionReason(target.clusterArn, clusterException)} (task ${task.arn} is in it)`,
      exception: clusterException,
    };
  }
  if (task.lastStatus === 'STOPPED') {
    return {
      status: 'escalated',
      reason: `ECS task ${task.arn} is already STOPPED: no process or network left to contain; nothing changed. Credentials its task role handed out stay valid until they expire: if the finding shows them used, revoke the role's older sessions by hand`,
    };
  }
  const ec2 = memberClient(EC2Client, member);
  const [service, roleArn, interfaces, instanceId] = await Promise.all([
    task.serviceName ? readServiceTags(ecs, target.clusterArn, task.serviceName) : undefined,
    task.taskDefinitionArn ? readTaskRoleArn(ecs, task.taskDefinitionArn) : undefined,
    readInterfaces(ec2, task.interfaceIds),
    task.containerInstanceArn
      ? readContainerInstance(ecs, target.clusterArn, task.containerInstanceArn)
      : undefined,
  ]);
  const notes: string[] = [];
  if (task.serviceName && !service) {
    notes.push(`service ${task.serviceName} no longer exists (no exception tag to read on it)`);
  }
  const serviceException = service ? findException(service.tags, key) : undefined;
  if (service && serviceException) {
    return {
      status: 'skipped',
      reason: `${exceptionReason(service.arn, serviceException)} (task ${task.arn} belongs to it)`,
      exception: serviceException,
    };
  }
  const roleName = roleArn ? roleNameOf(roleArn) : undefined;
  const iam = memberClient(IAMClient, member);
  // The container instance's isolation depends on nothing read below (it reads the instance and
  // its exception itself, and waits for admit): started now, it runs beside the role read.
  let instanceBefore: Ec2Before | undefined;
  const instanceCtx: RespondContext = {
    ...ctx,
    remember: (state) => {
      // isolate-ec2's code remembers isolate-ec2's before-state: its kind says so.
      if (state.kind === ISOLATE_EC2) instanceBefore = state as Ec2Before;
    },
  };
  const instanceRun = instanceId
    ? settle(isolateInstance({ instanceId, vpcHints: [] }, member, instanceCtx))
    : undefined;
  const [role, network] = await Promise.all([
    roleName && roleArn ? readRoleTags(iam, roleName, roleArn) : undefined,
    // On an EC2 container instance the instance's isolation moves every interface it carries.
    instanceId
      ? NO_NETWORK
      : planInterfaces(
          ec2,
          member,
          env.RESOURCE_PREFIX,
          task.arn,
          interfaces,
          member.findingId,
          key,
        ),
  ]).catch(async (cause: unknown) => {
    // The instance may be isolated already: keep its before-state, say so, then fail.
    const settled = await instanceRun;
    if (instanceBefore) {
      const partial: EcsTaskBefore = {
        ...beforeOf(target, { task }, NO_NETWORK),
        instance: instanceBefore,
      };
      ctx.remember?.(partial);
    }
    if (settled?.status === 'fulfilled' && settled.value.status === 'contained') {
      throw new ResponderError(
        `${describeCause(cause)}; container instance ${instanceId} was isolated meanwhile (${settled.value.reason})`,
        { cause },
      );
    }
    throw cause;
  });
  let revokeRole = roleName;
  const roleException = role ? findException(role.tags, key) : undefined;
  if (roleException && roleArn) {
    // IAM denies the revoke on a tagged role anyway; the network is still isolated.
    notes.push(`${exceptionReason(roleArn, roleException)} (its sessions are not revoked)`);
    revokeRole = undefined;
  }
  if (!roleArn) notes.push('the task definition names no task role: no session revoked');
  const reads: Reads = {
    task,
    ...(service ? { serviceArn: service.arn } : {}),
    ...(roleArn ? { roleArn } : {}),
    ...(revokeRole ? { roleName: revokeRole } : {}),
    ...(instanceId ? { instanceId } : {}),
    network,
    notes,
  };
  const now = new Date();

  if ((await ctx.admit()) === 'dry-run') {
    if (revokeRole) ctx.log.planned(REVOKE_ACTION, roleArn as string, revokeDetail(now));
    if (changesAnything(network.plan)) describePlan(network.plan, ctx.log);
    const instance = await unsettle(instanceRun);
    return {
      status: 'dry-run',
      reason: `would contain ECS task ${task.arn}: ${summary(reads, instance, target)}; nothing changed`,
    };
  }
  const before: EcsTaskBefore = beforeOf(target, reads, network);
  ctx.remember?.(before);
  const [revoked, moved, instance] = await Promise.allSettled([
    revokeRole
      ? revokeRoleSessions(iam, ctx.log, { roleName: revokeRole, roleArn: roleArn as string }, now)
      : undefined,
    changesAnything(network.plan)
      ? executePlan(network.plan, { ec2, member, prefix: env.RESOURCE_PREFIX, log: ctx.log })
      : undefined,
    unsettle(instanceRun),
  ]);
  if (instanceBefore) {
    const withInstance: EcsTaskBefore = { ...before, instance: instanceBefore };
    ctx.remember?.(withInstance);
  }
  const failures = [
    ...(revoked.status === 'rejected'
      ? [`revoking the sessions of ${revokeRole}: ${describeCause(revoked.reason)}`]
      : []),
    ...(moved.status === 'rejected'
      ? [`the task's interfaces: ${describeCause(moved.reason)}`]
      : []),
    ...(instance.status === 'rejected'
      ? [`container instance ${instanceId}: ${describeCause(instance.reason)}`]
      : []),
  ];
  if (failures.length > 0) {
    throw new ResponderError(
      `containment of ECS task ${task.arn} is incomplete: ${failures.join('; ')}`,
      { cause: [revoked, moved, instance].find((r) => r.status === 'rejected')?.reason },
    );
  }
  const instanceResult = instance.status === 'fulfilled' ? instance.value : undefined;
  const text = summary(reads, instanceResult, target);
  if (isolated(reads, instanceResult)) {
    return { status: 'contained', reason: `contained ECS task ${task.arn}: ${text}` };
  }
  return {
    status: 'escalated',
    reason: `ECS task ${task.arn} is only partly contained, its network is NOT isolated: ${text}. ${finishBy(target, reads)}`,
  };
}

/** Whether the task's network is cut: every interface in quarantine, or its instance isolated. */
function isolated(reads: Reads, instance: Result | undefined): boolean {
  if (reads.instanceId) return instance?.status === 'contained';
  return reads.network.pinned.length === 0 && reads.network.changeable.length > 0;
}

function summary(reads: Reads, instance: Result | undefined, target: EcsTaskTarget): string {
  const { network } = reads;
  const moved = network.plan?.moves.length ?? 0;
  const already = network.changeable.length - moved;
  return [
    ...(reads.roleName ? [`older sessions of task role ${reads.roleName} revoked`] : []),
    ...(moved > 0 ? [`${moved} task interface(s) moved through passthrough to quarantine`] : []),
    ...(already > 0 ? [`${already} task interface(s) already only in quarantine`] : []),
    ...(network.pinned.length > 0
      ? [
          `${network.pinned.map((n) => n.id).join(', ')} not isolated: requester-managed by ECS, AWS does not let their security groups be changed`,
        ]
      : []),
    ...(!reads.instanceId && network.changeable.length + network.pinned.length === 0
      ? [`the task has no network interface of its own to isolate (cluster ${target.clusterArn})`]
      : []),
    ...(instance ? [`container instance ${reads.instanceId}: ${instance.reason}`] : []),
    ...reads.notes,
  ].join('; ');
}

/** The commands that finish what the responder cannot do. */
function finishBy(target: EcsTaskTarget, reads: Reads): string {
  const quarantine = [...(reads.network.plan?.byVpc.values() ?? [])]
    .map((p) => p.quarantine.id)
    .filter(Boolean);
  return [
    'To finish: capture what you need first (the task keeps running; ECS Exec or the container logs), then stop it:',
    `aws ecs stop-task --cluster ${target.clusterArn} --task ${reads.task.arn} --reason "security-ir: GuardDuty finding"`,
    ...(reads.serviceArn
      ? [
          `Its service ${reads.serviceArn} starts a replacement from the same task definition: first move the service to the quarantine group or scale it to 0 (aws ecs update-service --cluster ${target.clusterArn} --service ${reads.task.serviceName} --network-configuration "awsvpcConfiguration={subnets=[...],securityGroups=[${quarantine[0] ?? '<quarantine group>'}]}" or --desired-count 0).`,
        ]
      : []),
    'A running task keeps receiving fresh task-role credentials from ECS: the revoke stops only those issued before it.',
  ].join(' ');
}

/** A promise's settlement, so a run started early is never an unhandled rejection. */
function settle<T>(run: Promise<T>): Promise<PromiseSettledResult<T>> {
  return run.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
}

/** The value of a settled run, or its error thrown again. */
async function unsettle<T>(
  run: Promise<PromiseSettledResult<T>> | undefined,
): Promise<T | undefined> {
  const settled = await run;
  if (settled?.status === 'rejected') throw settled.reason;
  return settled?.value;
}

function beforeOf(
  target: EcsTaskTarget,
  reads: Pick<Reads, 'task' | 'roleName'>,
  network: InterfacePlan,
): EcsTaskBefore {
  const plan = network.plan;
  const ec2 = plan ? ec2Before(plan, undefined) : undefined;
  return {
    kind: NAME,
    taskArn: reads.task.arn,
    clusterArn: target.clusterArn,
    ...(reads.roleName
      ? { roleName: reads.roleName, revokePolicyName: REVOKE_SESSIONS_POLICY_NAME }
      : {}),
    interfaces: ec2?.interfaces ?? [],
    quarantineGroups: ec2?.quarantineGroups ?? {},
  };
}
