/** What a runbook was started on, for the ledger and `security-ir release`. */
import type { NAME } from './name';

/** What a runbook was started on; its changes are the runbook's, not the ledger's. */
export interface RunbookBefore {
  readonly kind: typeof NAME;
  readonly resourceId: string;
  readonly document: string;
  readonly executionId?: string;
}
