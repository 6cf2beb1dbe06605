/**
 * Responder `make-rds-snapshot-private`: removes the public restore permission (`all`) from an RDS
 * DB snapshot or DB cluster snapshot, for the non-compliant Config rule
 * `rds-snapshots-public-prohibited` and Security Hub control RDS.1 (custom action). Accounts it is
 * shared with by id keep their access. The removed permission is kept in the ledger;
 * `security-ir release` restores it.
 */
import { createHandler } from '../shared/handler';
import { makeRdsSnapshotPrivate } from './contain';
import { NAME } from './name';
import { type RdsSnapshotTarget, toRdsSnapshotTarget } from './target';

/** The Lambda handler. */
export const handler = createHandler<RdsSnapshotTarget>({
  name: NAME,
  accepts: ['config', 'securityhub'],
  toTarget: toRdsSnapshotTarget,
  resourceOf: (t) => `${t.accountId}/${t.region}/${t.snapshotType}/${t.identifier}`,
  respond: makeRdsSnapshotPrivate,
});
