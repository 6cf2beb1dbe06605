/**
 * Responder `make-rds-snapshot-private`: removes the public restore permission (`all`) from an RDS
 * DB snapshot or DB cluster snapshot, for the non-compliant Config rule
 * `rds-snapshots-public-prohibited` and Security Hub control RDS.1 (custom action). Accounts it is
 * shared with by id keep their access. The removed permission is kept in the ledger;
 * `security-ir release` restores it.
 */
import { createHandler } from '../shared/handler';
import { lazyModule } from '../shared/lazy';
import { NAME } from './name';
import { type RdsSnapshotTarget, toRdsSnapshotTarget } from './target';

/** The responder's code and member-account clients: loaded while AssumeRole is in flight. */
const responder = lazyModule(() => import('./contain'));

/** The Lambda handler. */
export const handler = createHandler<RdsSnapshotTarget>({
  name: NAME,
  preload: responder,
  accepts: ['config', 'securityhub'],
  toTarget: toRdsSnapshotTarget,
  resourceOf: (t) => `${t.accountId}/${t.region}/${t.snapshotType}/${t.identifier}`,
  respond: async (target, member, ctx) =>
    (await responder()).makeRdsSnapshotPrivate(target, member, ctx),
});
