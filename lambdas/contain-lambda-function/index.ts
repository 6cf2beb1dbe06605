/**
 * contain-lambda-function: contains a Lambda function that GuardDuty Lambda Protection (or an
 * analyst, through a Security Hub custom action) reports as compromised.
 *
 * - reserved concurrency 0: no new invocation runs (the code and its triggers are kept for forensics);
 * - the execution role's sessions issued before now are revoked (AWSRevokeOlderSessions), so
 *   credentials the function may have leaked stop working; new invocations' sessions would work.
 * - an exception tag on the function skips everything; on the role, skips the revoke.
 *
 * Critical path, cold container: AssumeRole -> GetFunction -> GetRole -> PutFunctionConcurrency ‖
 * PutRolePolicy = 4 round trips (bench/scenarios.ts).
 */
import { createHandler } from '../shared/handler';
import { lazyModule } from '../shared/lazy';
import { NAME } from './name';
import { type FunctionTarget, toFunctionTarget } from './target';

/** The responder's code and member-account clients: loaded while AssumeRole is in flight. */
const responder = lazyModule(() => import('./contain'));

/** The Lambda handler. */
export const handler = createHandler<FunctionTarget>({
  name: NAME,
  preload: responder,
  accepts: ['guardduty', 'securityhub'],
  toTarget: toFunctionTarget,
  resourceOf: (t) => t.functionName,
  respond: async (target, member, ctx) => (await responder()).containFunction(target, member, ctx),
});
