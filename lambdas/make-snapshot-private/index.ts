/**
 * Responder `make-snapshot-private`: removes public create-volume permission from the EBS
 * snapshots an account owns in a region, for the non-compliant Config rule
 * `ebs-snapshot-public-restorable-check` and Security Hub control EC2.1 (custom action). The
 * removed permission is kept in the ledger; `security-ir release` restores it.
 */
import { createHandler } from '../shared/handler';
import { lazyModule } from '../shared/lazy';
import { NAME } from './name';
import { type SnapshotsTarget, toSnapshotsTarget } from './target';

/** The responder's code and member-account clients: loaded while AssumeRole is in flight. */
const responder = lazyModule(() => import('./contain'));

/** The Lambda handler. */
export const handler = createHandler<SnapshotsTarget>({
  name: NAME,
  preload: responder,
  accepts: ['config', 'securityhub'],
  toTarget: toSnapshotsTarget,
  resourceOf: (target) => `${target.accountId}/${target.region}/snapshots`,
  respond: async (target, member, ctx) =>
    (await responder()).makeSnapshotsPrivate(target, member, ctx),
});
