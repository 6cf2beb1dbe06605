/**
 * Release of a contained Lambda function: restore the reserved concurrency from before (or delete
 * it when none was reserved) and delete the revoke-sessions policy from the execution role. Refused
 * (without --force) when someone already changed the concurrency since the containment.
 */

import {
  DeleteFunctionConcurrencyCommand,
  GetFunctionConcurrencyCommand,
  LambdaClient,
  PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import { isAwsError } from '../shared/errors';
import {
  clientOptions,
  type PlanRelease,
  type ReleasePlan,
  type ReleaseStep,
  type ReleaseTarget,
} from '../shared/release-plan';
import { revokeReleaseStep } from '../shared/release-revoke';
import type { FunctionBefore } from './before';

/** Plans the release of a contained function from a live read of its concurrency. */
export async function planFunctionRelease(
  before: FunctionBefore,
  target: ReleaseTarget,
): Promise<ReleasePlan> {
  const lambda = new LambdaClient(clientOptions(target));
  const FunctionName = before.functionName;
  let live: number | undefined;
  try {
    live = (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName })))
      .ReservedConcurrentExecutions;
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) {
      return { changed: [`${before.functionArn} no longer exists`], steps: [], notes: [] };
    }
    throw error;
  }
  const changed: string[] = [];
  const steps: ReleaseStep[] = [];
  const notes: string[] = [];
  if (live !== 0) {
    changed.push(
      `reserved concurrency is ${live ?? 'unreserved'}, not 0 as the containment left it`,
    );
  }
  if (before.alreadyThrottled) {
    notes.push(
      'the function was already at reserved concurrency 0 before this response: released with the response that throttled it',
    );
  } else if (before.reservedConcurrency === undefined) {
    steps.push({
      action: 'lambda:DeleteFunctionConcurrency',
      target: before.functionArn,
      detail: 'unreserved, as before the containment',
      run: () => lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName })),
    });
  } else {
    const ReservedConcurrentExecutions = before.reservedConcurrency;
    steps.push({
      action: 'lambda:PutFunctionConcurrency',
      target: before.functionArn,
      detail: `reserved concurrency ${ReservedConcurrentExecutions}, as before the containment`,
      run: () =>
        lambda.send(
          new PutFunctionConcurrencyCommand({ FunctionName, ReservedConcurrentExecutions }),
        ),
    });
  }
  if (before.roleName && before.revokePolicyName) {
    const lift = revokeReleaseStep(target, before.roleName, before.revokePolicyName);
    steps.push(lift.step);
    notes.push(
      `${lift.note}; the function's code may be compromised: review it before trusting it again`,
    );
  }
  return { changed, steps, notes };
}

/** This responder's release planner, loaded by `security-ir release`. */
export const planRelease: PlanRelease<FunctionBefore> = (before, { target }) =>
  planFunctionRelease(before, target);
