/** The public restore permission removed from an RDS snapshot, for the ledger and `security-ir release`. */
import type { NAME } from './name';

/** The value of the `restore` attribute that makes a snapshot public (restorable by any account). */
export const PUBLIC_VALUE = 'all';

/** A DB snapshot (`snapshot`) or a DB cluster snapshot (`cluster-snapshot`), as in its ARN. */
export type RdsSnapshotType = 'snapshot' | 'cluster-snapshot';

/** State before a public RDS snapshot was made private. */
export interface RdsSnapshotBefore {
  readonly kind: typeof NAME;
  readonly region: string;
  readonly snapshotType: RdsSnapshotType;
  readonly identifier: string;
  /** The values removed from its `restore` attribute (only `all`: shared account ids are kept). */
  readonly removed: readonly (typeof PUBLIC_VALUE)[];
}
