/**
 * Release of a runbook response: a runbook's changes belong to the runbook, and the ones this
 * product starts cannot be reversed safely by a tool (decrypting a bucket, re-opening public
 * access). The release says what the runbook changed and how to undo it by hand; it changes nothing.
 */
import type { PlanRelease, ReleasePlan } from '../shared/release-plan';
import type { RunbookBefore } from './before';

/** What each runbook changes, and what undoing it by hand takes. */
const RUNBOOK_EFFECTS: Record<string, string> = {
  'AWS-EnableS3BucketEncryption':
    'default encryption was turned on for the bucket; objects written since are encrypted. To undo, change the bucket encryption by hand (S3 keeps at least SSE-S3)',
  'AWS-DisableS3BucketPublicReadWrite':
    "the bucket's Block Public Access settings were turned on. To undo, review and turn them off by hand (PutPublicAccessBlock) only if public access is intended",
};

/** Plans the release of a runbook response: notes only. */
export function planRunbookRelease(before: RunbookBefore): ReleasePlan {
  const execution = before.executionId ? ` (execution ${before.executionId})` : '';
  return {
    changed: [],
    steps: [],
    notes: [
      `${before.document} ran on ${before.resourceId}${execution}: ${RUNBOOK_EFFECTS[before.document] ?? 'see the runbook for what it changed'}`,
      'nothing is changed automatically: the release only records that the response was reviewed',
    ],
  };
}

/** This responder's release planner, loaded by `security-ir release`. */
export const planRelease: PlanRelease<RunbookBefore> = (before) => planRunbookRelease(before);
