/**
 * What `approve` mode keeps for a person's decision: the event of the one finding (so that
 * `security-ir approve` can carry the plan out with a fresh live read), the expiry and the exact
 * approve command. Plain functions, no SDK.
 */
import { DEFAULT_PREFIX } from './defaults';
import type { PendingApproval } from './outcome';

/** `detail.findings[3]` -> 3: a finding of a Security Hub event that may carry many. */
const FINDING_PATH = /^detail\.findings\[(\d+)\]$/;

/**
 * The raw event reduced to the finding at `path`: a Security Hub event keeps its envelope and only
 * that finding (a custom action may carry a hundred); any other event is kept whole.
 */
export function eventOfFinding(event: unknown, path: string): unknown {
  const at = FINDING_PATH.exec(path);
  if (!at || typeof event !== 'object' || event === null) return event;
  const detail = (event as { detail?: unknown }).detail;
  if (typeof detail !== 'object' || detail === null) return event;
  const findings = (detail as { findings?: unknown }).findings;
  if (!Array.isArray(findings)) return event;
  return { ...event, detail: { ...detail, findings: [findings[Number(at[1])]] } };
}

/** A shell word: quoted unless it holds only characters no shell treats specially. */
function shellWord(value: string): string {
  return /^[\w:/.@+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The exact command that approves the plan of `responder` for `findingId`. */
export function approveCommand(findingId: string, responder: string): string {
  return `${DEFAULT_PREFIX} approve ${shellWord(findingId)} --responder ${responder}`;
}

/** The approval of a plan made at `now`, open for `minutes`. */
export function pendingApproval(
  findingId: string,
  responder: string,
  now: Date,
  minutes: number,
): PendingApproval {
  return {
    expiresAt: new Date(now.getTime() + minutes * 60_000).toISOString(),
    command: approveCommand(findingId, responder),
  };
}
