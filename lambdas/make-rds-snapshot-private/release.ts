/**
 * Release of an RDS snapshot made private: gives it back `all` in its `restore` attribute, after
 * checking it still exists and is still private. A snapshot deleted or made public again since is
 * reported as changed and left alone.
 */
import { RDSClient } from '@aws-sdk/client-rds';
import {
  clientOptions,
  ignoring,
  type PlanRelease,
  type ReleasePlan,
  type ReleaseTarget,
} from '../shared/release-plan';
import type { RdsSnapshotBefore } from './before';
import { MODIFY, modifyRestore } from './contain';
import { NOT_FOUND, restoreValues } from './read';

/** Plans the release of a snapshot whose public restore permission was removed. */
export async function planRdsSnapshotRelease(
  before: RdsSnapshotBefore,
  target: ReleaseTarget,
): Promise<ReleasePlan> {
  const rds = new RDSClient(clientOptions(target));
  const { snapshotType, identifier } = before;
  const live = await ignoring(NOT_FOUND, () => restoreValues(rds, snapshotType, identifier));
  if (!live) return { changed: [`${identifier} no longer exists`], steps: [], notes: [] };
  if (before.removed.some((v) => live.includes(v))) {
    return { changed: [`${identifier} is public again`], steps: [], notes: [] };
  }
  return {
    changed: [],
    steps: [
      {
        action: MODIFY[snapshotType],
        target: identifier,
        detail: `restore: add ${before.removed.join(', ')}`,
        run: () =>
          modifyRestore(rds, snapshotType, identifier, { ValuesToAdd: [...before.removed] }),
      },
    ],
    notes: [
      'the snapshot becomes restorable by any AWS account again: release only an approved public share',
    ],
  };
}

/** This responder's release planner, loaded by `security-ir release`. */
export const planRelease: PlanRelease<RdsSnapshotBefore> = (before, { target }) =>
  planRdsSnapshotRelease(before, target);
