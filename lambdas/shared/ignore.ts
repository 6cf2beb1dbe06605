/**
 * What a responder decided about a finding it will not handle: the shape every `toTarget` and the
 * OCSF view return instead of a target. Its own module so that the event layer can name it
 * without importing the handler.
 */
import type { OutcomeStatus } from './outcome';

/** What a responder decided about one finding it will not handle. */
export interface Ignore {
  readonly ignore: string;
  readonly resource: string;
  /** @default 'ignored' */
  readonly status?: Extract<OutcomeStatus, 'ignored' | 'skipped' | 'escalated'>;
}
