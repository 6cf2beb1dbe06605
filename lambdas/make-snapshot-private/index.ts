/**
 * Responder `make-snapshot-private`: removes public create-volume permission from the EBS
 * snapshots an account owns in a region, for the non-compliant Config rule
 * `ebs-snapshot-public-restorable-check` and Security Hub control EC2.1 (custom action). The
 * removed permission is kept in the ledger; `security-ir release` restores it.
 */
import { createHandler } from '../shared/handler';
import { makeSnapshotsPrivate } from './contain';
import { NAME } from './name';
import { type SnapshotsTarget, toSnapshotsTarget } from './target';

/** The Lambda handler. */
export const handler = createHandler<SnapshotsTarget>({
  name: NAME,
  accepts: ['config', 'securityhub'],
  toTarget: toSnapshotsTarget,
  resourceOf: (target) => `${target.accountId}/${target.region}/snapshots`,
  respond: makeSnapshotsPrivate,
});
