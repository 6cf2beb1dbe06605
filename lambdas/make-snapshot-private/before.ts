/** The public permissions removed from snapshots, for the ledger and `security-ir release`. */
import type { NAME } from './name';

/** The create-volume permission that made a snapshot public: the group `all`. */
export const PUBLIC_GROUP = 'all';

/** State before public snapshots were made private. */
export interface SnapshotsBefore {
  readonly kind: typeof NAME;
  readonly region: string;
  /** Each snapshot made private, with the public groups removed from its create-volume permission. */
  readonly snapshots: readonly {
    readonly snapshotId: string;
    readonly groups: readonly (typeof PUBLIC_GROUP)[];
  }[];
}
