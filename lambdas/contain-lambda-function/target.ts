/**
 * The function a finding names: GuardDuty `resource.lambdaDetails` of a `Lambda` finding (Lambda
 * Protection), or the `AwsLambdaFunction` resource of a Security Hub finding. Only the function's
 * name (what the responder acts on) is validated; the execution role in the finding is a hint, the
 * live `GetFunction` says which role is revoked. Validation only; no AWS call.
 * GuardDuty: https://docs.aws.amazon.com/guardduty/latest/APIReference/API_LambdaDetails.html
 */
import { InvalidEventError, quote } from '../shared/errors';
import { parseWith, type SourceFinding } from '../shared/events';
import { checkInFindingScope } from '../shared/finding-region';
import type { Ignore } from '../shared/handler';
import * as z from '../shared/zod';

/** The function to contain. */
export interface FunctionTarget {
  /** The unqualified function name (concurrency and tags belong to the function, not a version). */
  readonly functionName: string;
}

/** Lambda's own rule for a function name. */
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
/** A function ARN, with an optional version or alias qualifier (dropped: the function is contained). */
const FUNCTION_ARN =
  /^arn:(aws[a-z-]{0,8}):lambda:([a-z0-9-]{1,32}):(\d{12}):function:([a-zA-Z0-9_-]{1,64})(?::[\w$-]{1,128})?$/;

/** The part of `lambdaDetails` the responder acts on: the function's name or ARN. */
export const GuardDutyLambdaSchema = z.lazySchema(() =>
  z.object({
    functionName: z.optional(
      z.string().check(z.regex(FUNCTION_NAME, 'must be a Lambda function name')),
    ),
    functionArn: z.optional(z.string().check(z.maxLength(256))),
  }),
);

const LAMBDA_DETAILS = ['detail', 'resource', 'lambdaDetails'] as const;

/** Parses a GuardDuty or Security Hub finding into the function to contain. */
export function toFunctionTarget(
  source: Extract<SourceFinding, { kind: 'guardduty' | 'securityhub' }>,
): FunctionTarget | Ignore {
  if (source.kind === 'guardduty') {
    const { resource } = source.finding;
    if (resource.resourceType !== 'Lambda') {
      return {
        ignore: `the finding is about a ${quote(resource.resourceType)} resource, not a Lambda function`,
        resource: resource.resourceType.slice(0, 64),
      };
    }
    const details = parseWith(GuardDutyLambdaSchema, resource.lambdaDetails, LAMBDA_DETAILS);
    if (details.functionArn !== undefined) {
      return nameOf(details.functionArn, source, `${LAMBDA_DETAILS.join('.')}.functionArn`);
    }
    if (details.functionName === undefined) {
      throw new InvalidEventError(
        LAMBDA_DETAILS.join('.'),
        'names no function (neither functionArn nor functionName)',
      );
    }
    return { functionName: details.functionName };
  }
  const index = source.finding.Resources.findIndex((r) => r.Type === 'AwsLambdaFunction');
  const found = source.finding.Resources[index];
  if (!found) {
    const types = source.finding.Resources.map((r) => r.Type).join(', ');
    return {
      ignore: `the finding has no AwsLambdaFunction resource (resources: ${types.slice(0, 200)})`,
      resource: source.finding.Resources[0]?.Id.slice(0, 256) ?? '(none)',
    };
  }
  return nameOf(found.Id, source, `${source.path}.Resources[${index}].Id`);
}

/**
 * The function name of an ARN of the finding's own account, region and partition: the member role
 * is assumed there, so an ARN elsewhere would contain whatever function has that name there.
 */
function nameOf(arn: string, source: SourceFinding, path: string): FunctionTarget {
  const m = FUNCTION_ARN.exec(arn);
  if (!m) throw new InvalidEventError(path, `must be a Lambda function ARN (got ${quote(arn)})`);
  const [, partition, region, account, functionName] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  checkInFindingScope({ partition, region, account }, source, path, 'a function');
  return { functionName };
}
