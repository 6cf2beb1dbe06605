/** This responder's name: its folder under `lambdas/`, its registry key and its ledger before-state kind. */
import type { ResponderName } from '../registry/responders';

export const NAME = 'make-rds-snapshot-private' as const satisfies ResponderName;
