/** The state before a Lambda function was contained, for the ledger and `security-ir release`. */
import type { NAME } from './name';

/** State before a function was throttled and its role's sessions revoked. */
export interface FunctionBefore {
  readonly kind: typeof NAME;
  readonly functionName: string;
  readonly functionArn: string;
  /** Reserved concurrency before the response; absent when none was reserved (release deletes it). */
  readonly reservedConcurrency?: number;
  /**
   * The function was already at 0 (an earlier response or a person): this response did not change
   * it, so releasing this response leaves the concurrency alone.
   */
  readonly alreadyThrottled: boolean;
  /** The role whose older sessions were revoked (absent when none was). */
  readonly roleName?: string;
  /** The inline policy put on that role. */
  readonly revokePolicyName?: string;
}
