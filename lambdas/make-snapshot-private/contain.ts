/**
 * Making the account's public snapshots private: each one without the exception tag loses the
 * `all` group of its create-volume permission (accounts it is shared with by id keep their
 * access: surgical). IAM sees the snapshot's tag on ModifySnapshotAttribute, so the member role's
 * exception Deny holds too.
 *
 * Critical path: AssumeRole -> DescribeSnapshots -> ModifySnapshotAttribute (one per snapshot, in
 * parallel) = 3.
 */
import { ModifySnapshotAttributeCommand } from '@aws-sdk/client-ec2';
import { responderEnv } from '../shared/config';
import { describeCause, ResponderError } from '../shared/errors';
import { exceptionReason, findException } from '../shared/exception';
import type { RespondContext, Result } from '../shared/handler';
import type { MemberTarget } from '../shared/member-clients';
import { PUBLIC_GROUP, type SnapshotsBefore } from './before';
import { NAME } from './name';
import { ec2Of, readPublicSnapshots } from './read';
import type { SnapshotsTarget } from './target';

const MODIFY = 'ec2:ModifySnapshotAttribute';
const DETAIL = `createVolumePermission: remove group ${PUBLIC_GROUP}`;

/** Reads the public snapshots, skips the excepted ones, then makes the others private (or plans it). */
export async function makeSnapshotsPrivate(
  target: SnapshotsTarget,
  member: MemberTarget,
  ctx: RespondContext,
): Promise<Result> {
  const ec2 = ec2Of(member);
  const where = `${target.accountId} in ${target.region}`;
  const key = responderEnv().SECURITY_TAG_KEY;
  const found = await readPublicSnapshots(ec2, member);
  const excepted = found.flatMap((s) => {
    const exception = findException(s.tags, key);
    return exception ? [{ snapshotId: s.snapshotId, exception }] : [];
  });
  const toChange = found.filter((s) => !excepted.some((e) => e.snapshotId === s.snapshotId));
  const kept = excepted.map((e) => exceptionReason(e.snapshotId, e.exception));
  if (found.length === 0) {
    return {
      status: ctx.mode === 'dry-run' ? 'dry-run' : 'contained',
      reason: `${where} owns no public snapshot now; nothing changed`,
    };
  }
  const first = excepted[0];
  if (toChange.length === 0 && first) {
    return { status: 'skipped', reason: kept.join('; '), exception: first.exception };
  }
  const ids = toChange.map((s) => s.snapshotId);
  const also = kept.length ? `; kept public: ${kept.join('; ')}` : '';
  if ((await ctx.admit()) === 'dry-run') {
    for (const id of ids) ctx.log.planned(MODIFY, id, DETAIL);
    return {
      status: 'dry-run',
      reason: `would make ${ids.length} public snapshot(s) of ${where} private (${ids.join(', ')})${also}; nothing changed`,
    };
  }
  const before: SnapshotsBefore = {
    kind: NAME,
    region: target.region,
    snapshots: ids.map((snapshotId) => ({ snapshotId, groups: [PUBLIC_GROUP] })),
  };
  ctx.remember?.(before);
  const results = await Promise.allSettled(
    ids.map((id) =>
      ctx.log.run(
        MODIFY,
        id,
        () =>
          ec2.send(
            new ModifySnapshotAttributeCommand({
              SnapshotId: id,
              Attribute: 'createVolumePermission',
              OperationType: 'remove',
              GroupNames: [PUBLIC_GROUP],
            }),
          ),
        DETAIL,
      ),
    ),
  );
  const failed = results.flatMap((r, i) =>
    r.status === 'rejected' ? [`${ids[i]}: ${describeCause(r.reason)}`] : [],
  );
  if (failed.length > 0) {
    const done = ids.length - failed.length;
    throw new ResponderError(
      `made ${done} of ${ids.length} public snapshot(s) of ${where} private; failed: ${failed.join('; ')}`,
    );
  }
  return {
    status: 'contained',
    reason: `made ${ids.length} public snapshot(s) of ${where} private (${ids.join(', ')})${also}`,
  };
}
