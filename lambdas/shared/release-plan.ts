/** What a release of one response does: the checks that the resource is as the containment left it, and the steps. */
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { isAwsError } from './errors';
import type { BeforeState, ResponseItem } from './ledger-schema';

/** One change a release makes. */
export interface ReleaseStep {
  /** IAM action, e.g. `ec2:ModifyNetworkInterfaceAttribute`. */
  readonly action: string;
  readonly target: string;
  readonly detail: string;
  readonly run: () => Promise<unknown>;
}

/** The release of one response, decided from the ledger's before-state and a live read. */
export interface ReleasePlan {
  /** How the live resource differs from what the containment left; non-empty refuses without --force. */
  readonly changed: readonly string[];
  readonly steps: readonly ReleaseStep[];
  /** What is kept or cannot be undone, and why. */
  readonly notes: readonly string[];
}

/** Where a release acts: the member account and region of the response, with its credentials. */
export interface ReleaseTarget {
  readonly accountId: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity;
}

/** Client options of a release in `target`. */
export function clientOptions(target: ReleaseTarget) {
  return { region: target.region, credentials: target.credentials, maxAttempts: 3 } as const;
}

/** The answer of `call`, or undefined when AWS answers with error `code` (e.g. not found). */
export async function ignoring<T>(
  code: string | readonly string[],
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isAwsError(error, code)) return undefined;
    throw error;
  }
}

/** What a responder's release planner is given beside its before-state. */
export interface ReleaseRequest {
  /** The response as the ledger holds it. */
  readonly response: ResponseItem;
  readonly target: ReleaseTarget;
  /** `--restore-open-ranges`: re-add the revoked world-open ranges of a confined security group. */
  readonly restoreOpenRanges: boolean;
}

/**
 * A responder's release planner, exported as `planRelease` by `lambdas/<responder>/release.ts`
 * (the operator tool loads it by folder from the before-state's `kind`). CLI-only: no handler
 * imports it, so the Lambda bundles stay without it.
 */
export type PlanRelease<B extends BeforeState> = (
  before: B,
  request: ReleaseRequest,
) => Promise<ReleasePlan> | ReleasePlan;
