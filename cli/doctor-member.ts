/**
 * `doctor`'s checks inside one member account, through the member role: can the operator assume it,
 * and does its trust policy trust exactly the security account's responder roles and the configured
 * operators (`modules/member-templates.ts`, `memberTrustPolicy`). `iam:GetRole` is one of the
 * member role's own reads.
 */
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { RESPONDER_NAMES } from '../lambdas/shared/catalogue';
import { describeCause } from '../lambdas/shared/errors';
import { credentialsOf, partitionOf, RETRY, roleArnIn } from '../lambdas/shared/member-clients';
import { responderRoleName } from '../modules/member-templates';
import { isCredentialError } from './credentials';
import { type Check, fail, OK, unknown } from './doctor-checks';

/** Session name of `doctor` in the member accounts' CloudTrail. */
export const DOCTOR_SESSION_NAME = 'ir-doctor';

/** What the member checks need to know. */
export interface MemberCheckConfig {
  readonly prefix: string;
  readonly memberRoleName: string;
  readonly homeRegion: string;
  readonly operatorPrincipalArns: readonly string[];
}

/** The role and trust checks of one account. */
export interface MemberChecks {
  readonly role: Check;
  readonly trust: Check;
  /** The member role's credentials, for the per-region checks; absent when it was not assumed. */
  readonly credentials?: AwsCredentialIdentity;
}

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const asList = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];

/** Problems of a trust policy against what the product deploys; empty when it trusts only those. */
export function trustProblems(
  document: string,
  securityAccount: string,
  config: MemberCheckConfig,
): string[] {
  const partition = partitionOf(config.homeRegion);
  const root = `arn:${partition}:iam::${securityAccount}:root`;
  const responders = RESPONDER_NAMES.map(
    (r) => `arn:${partition}:iam::${securityAccount}:role/${responderRoleName(config.prefix, r)}`,
  );
  const allowed = new Set([...responders, ...config.operatorPrincipalArns]);
  const policy = JSON.parse(decodeURIComponent(document)) as {
    Statement?: Statement | Statement[];
  };
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement ?? {}];
  const problems: string[] = [];
  const trusted = new Set<string>();
  for (const st of statements) {
    if (st.Effect !== 'Allow') continue;
    const principal = st.Principal as { AWS?: unknown } | string | undefined;
    const principals = typeof principal === 'string' ? [principal] : asList(principal?.AWS);
    const others = principals.filter((p) => p !== root && p !== securityAccount);
    if (others.length > 0 || principals.length === 0) {
      problems.push(
        `trusts ${others.join(', ') || JSON.stringify(principal)}, not only the security account`,
      );
      continue;
    }
    const arns = Object.entries(st.Condition ?? {})
      .filter(
        ([op]) =>
          op === 'ArnEquals' || op === 'ArnLike' || op === 'StringEquals' || op === 'StringLike',
      )
      .flatMap(([, keys]) => asList(keys['aws:PrincipalArn']));
    if (arns.length === 0) {
      problems.push('trusts the whole security account (no aws:PrincipalArn condition)');
      continue;
    }
    for (const arn of arns) {
      trusted.add(arn);
      if (!allowed.has(arn))
        problems.push(`trusts ${arn}, which is neither a responder nor in operatorPrincipalArns`);
    }
  }
  const missing = responders.filter((r) => !trusted.has(r));
  if (missing.length > 0) problems.push(`does not trust ${missing.join(', ')}`);
  return problems;
}

/** Assumes the member role of `account` and checks its trust policy. */
export async function checkMember(
  sts: STSClient,
  account: string,
  securityAccount: string,
  config: MemberCheckConfig,
): Promise<MemberChecks> {
  const roleArn = roleArnIn(account, config.homeRegion, config.memberRoleName);
  let credentials: AwsCredentialIdentity;
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: DOCTOR_SESSION_NAME,
        DurationSeconds: 900,
      }),
    );
    credentials = credentialsOf(out.Credentials);
  } catch (error) {
    // The operator's own credentials, not this account: every check would fail alike, so stop.
    if (isCredentialError(error)) throw error;
    const why = `cannot assume ${roleArn}: ${describeCause(error)} (role missing, or your principal not in operatorPrincipalArns)`;
    return { role: unknown(why), trust: unknown('member role not reached') };
  }
  try {
    const iam = new IAMClient({ region: config.homeRegion, credentials, ...RETRY });
    const out = await iam.send(new GetRoleCommand({ RoleName: config.memberRoleName }));
    const problems = trustProblems(
      out.Role?.AssumeRolePolicyDocument ?? '{}',
      securityAccount,
      config,
    );
    return { role: OK, trust: problems.length ? fail(problems.join('; ')) : OK, credentials };
  } catch (error) {
    return {
      role: OK,
      trust: unknown(`cannot read the trust policy: ${describeCause(error)}`),
      credentials,
    };
  }
}
