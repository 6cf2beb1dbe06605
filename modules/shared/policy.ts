/** Typed IAM policy documents, serialised for Terraform (tokens inside strings resolve at synth). */

/** One IAM policy statement. */
export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | Readonly<Record<string, string | readonly string[]>>;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | readonly string[]>>>
  >;
}

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Statement[];
}

/** A policy document from statements. */
export function policy(...statements: Statement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** The JSON text of a policy, as `aws_iam_*` resources take it. */
export function policyJson(doc: PolicyDocument): string {
  return JSON.stringify(doc);
}

/**
 * The trust policy of a Lambda function's role: plain Lambda trust, since who may hand the role to
 * a function is governed by iam:PassRole.
 */
export function lambdaTrustPolicy(): string {
  return policyJson(
    policy({
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Action: 'sts:AssumeRole',
    }),
  );
}
