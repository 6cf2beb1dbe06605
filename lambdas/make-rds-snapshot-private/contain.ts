/**
 * Making a public RDS snapshot private: `all` is removed from its `restore` attribute, and only
 * `all` (accounts it is shared with by id keep their access: surgical). IAM sees the snapshot's
 * tag on ModifyDBSnapshotAttribute / ModifyDBClusterSnapshotAttribute (`aws:ResourceTag` on the
 * snapshot and cluster-snapshot resource types), so the member role's exception Deny holds too.
 *
 * Critical path: AssumeRole -> Describe*Snapshots -> Describe*SnapshotAttributes -> Modify = 4.
 */
import {
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBSnapshotAttributeCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { responderEnv } from '../shared/config';
import { exceptionReason, findException } from '../shared/exception';
import type { RespondContext, Result } from '../shared/handler';
import type { MemberTarget } from '../shared/member-clients';
import { PUBLIC_VALUE, type RdsSnapshotBefore, type RdsSnapshotType } from './before';
import { NAME } from './name';
import { rdsOf, readSnapshot } from './read';
import type { RdsSnapshotTarget } from './target';

/** The IAM action that changes the `restore` attribute of each snapshot type. */
export const MODIFY = {
  snapshot: 'rds:ModifyDBSnapshotAttribute',
  'cluster-snapshot': 'rds:ModifyDBClusterSnapshotAttribute',
} as const satisfies Record<RdsSnapshotType, string>;

/** Adds or removes values of the snapshot's `restore` attribute. */
export function modifyRestore(
  rds: RDSClient,
  snapshotType: RdsSnapshotType,
  identifier: string,
  change: { ValuesToAdd?: string[]; ValuesToRemove?: string[] },
): Promise<unknown> {
  return snapshotType === 'snapshot'
    ? rds.send(
        new ModifyDBSnapshotAttributeCommand({
          DBSnapshotIdentifier: identifier,
          AttributeName: 'restore',
          ...change,
        }),
      )
    : rds.send(
        new ModifyDBClusterSnapshotAttributeCommand({
          DBClusterSnapshotIdentifier: identifier,
          AttributeName: 'restore',
          ...change,
        }),
      );
}

/** Reads the snapshot, skips it under exception, then makes it private (or plans it). */
export async function makeRdsSnapshotPrivate(
  target: RdsSnapshotTarget,
  member: MemberTarget,
  ctx: RespondContext,
): Promise<Result> {
  const rds = rdsOf(member);
  const { snapshotType, identifier } = target;
  const what = `${snapshotType} ${identifier} of ${target.accountId} in ${target.region}`;
  const live = await readSnapshot(rds, snapshotType, identifier);
  const nothing = ctx.mode === 'dry-run' ? 'dry-run' : 'contained';
  if (!live) return { status: nothing, reason: `${what} no longer exists; nothing changed` };
  const exception = findException(live.tags, responderEnv().SECURITY_TAG_KEY);
  if (exception) {
    return { status: 'skipped', reason: exceptionReason(identifier, exception), exception };
  }
  if (!live.restore.includes(PUBLIC_VALUE)) {
    return { status: nothing, reason: `${what} is private now; nothing changed` };
  }
  const shared = live.restore.filter((v) => v !== PUBLIC_VALUE);
  const kept = shared.length ? `; still shared with ${shared.join(', ')}` : '';
  const detail = `restore: remove ${PUBLIC_VALUE}`;
  if ((await ctx.admit()) === 'dry-run') {
    ctx.log.planned(MODIFY[snapshotType], identifier, detail);
    return { status: 'dry-run', reason: `would make ${what} private${kept}; nothing changed` };
  }
  const before: RdsSnapshotBefore = {
    kind: NAME,
    region: target.region,
    snapshotType,
    identifier,
    removed: [PUBLIC_VALUE],
  };
  ctx.remember?.(before);
  await ctx.log.run(
    MODIFY[snapshotType],
    identifier,
    () => modifyRestore(rds, snapshotType, identifier, { ValuesToRemove: [PUBLIC_VALUE] }),
    detail,
  );
  return { status: 'contained', reason: `made ${what} private${kept}` };
}
