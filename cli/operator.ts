/**
 * Whether the caller is an operator: a principal the member role trusts through
 * `operatorPrincipalArns`, and, when it is not, exactly what to set. The member role trusts
 * operators by `aws:PrincipalArn` with ArnLike (modules/member-templates.ts), and the principal ARN
 * of a role session is the role's ARN with its path, which GetCallerIdentity does not tell: a role
 * counts as listed when a pattern could match it under any path, so an operator is never refused.
 */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { UsageError } from './errors';

/** The caller as GetCallerIdentity names it, and what that means for the member role's trust. */
export interface OperatorStatus {
  readonly callerArn: string;
  readonly listed: boolean;
  /** Set when not listed: the entry to add to `operatorPrincipalArns`. */
  readonly suggestion?: string;
  /** Set when not listed: the message that says what to set, and where. */
  readonly fix?: string;
}

const ARN = /^arn:([\w-]+):(iam|sts)::(\d{12}):(.+)$/;

/** ArnLike: `*` and `?` within one colon-separated part of the ARN; case-sensitive. */
function arnLike(pattern: string, arn: string): boolean {
  const re = pattern
    .split('')
    .map((c) =>
      c === '*' ? '[^:]*' : c === '?' ? '[^:]' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${re}$`).test(arn);
}

/** The principal ARNs `aws:PrincipalArn` may hold for the caller, with paths left out. */
function principalOf(callerArn: string): { arns: string[]; role?: string; base: string } {
  const m = ARN.exec(callerArn);
  if (!m) return { arns: [callerArn], base: callerArn };
  const [, partition, , account, resource = ''] = m;
  const base = `arn:${partition}:iam::${account}:`;
  const session = /^assumed-role\/([^/]+)\//.exec(resource);
  if (session?.[1]) return { arns: [`${base}role/${session[1]}`], role: session[1], base };
  return { arns: [callerArn], base };
}

/** Whether `pattern` could match the role `name` of `base` under some path. */
function matchesRoleUnderAnyPath(pattern: string, base: string, name: string): boolean {
  const at = pattern.indexOf(':role/');
  if (at < 0) return false;
  const last = pattern.slice(pattern.lastIndexOf('/') + 1);
  return arnLike(`${pattern.slice(0, at)}:role/${last}`, `${base}role/${name}`);
}

/** The entry that makes the caller an operator, or undefined for the root user. */
function suggestionFor(callerArn: string): { entry?: string; note: string } {
  const { role, base, arns } = principalOf(callerArn);
  if (role?.startsWith('AWSReservedSSO_')) {
    // IAM Identity Center roles live under /aws-reserved/sso.amazonaws.com/ (plus a region in
    // some organizations); that path is reserved, so the wildcard admits only this role.
    return { entry: `${base}role/aws-reserved/sso.amazonaws.com/*${role}`, note: '' };
  }
  if (role) {
    return {
      entry: `${base}role/${role}`,
      note: `  If the role has a path, include it (aws iam get-role --role-name ${role} --query Role.Arn).\n`,
    };
  }
  if (/:root$/.test(callerArn)) return { note: '' };
  return { entry: arns[0] ?? callerArn, note: '' };
}

/** Whether `callerArn` is (or may be) in `patterns`; when not, what to set. */
export function operatorStatus(callerArn: string, patterns: readonly string[]): OperatorStatus {
  const { arns, role, base } = principalOf(callerArn);
  const listed = patterns.some(
    (p) =>
      arnLike(p, callerArn) ||
      arns.some((a) => arnLike(p, a)) ||
      (role !== undefined && matchesRoleUnderAnyPath(p, base, role)),
  );
  if (listed) return { callerArn, listed };
  const { entry, note } = suggestionFor(callerArn);
  if (!entry) {
    return {
      callerArn,
      listed,
      fix:
        `you are signed in as the root user (${callerArn}), which cannot be an operator: sign in\n` +
        '  with a role of the security account and add that role to operatorPrincipalArns.',
    };
  }
  return {
    callerArn,
    listed,
    suggestion: entry,
    fix:
      `your principal ${callerArn} is not in operatorPrincipalArns (${patterns.length ? patterns.join(', ') : 'empty, the default'}),\n` +
      '  so no member role trusts it. To make it an operator, add it to ir.config.json and deploy the\n' +
      '  security account again (the global StackSet updates the member role in every account):\n' +
      `    "operatorPrincipalArns": [${[...patterns, entry].map((p) => JSON.stringify(p)).join(', ')}]\n` +
      `    npx cdktf deploy master\n` +
      `  or deploy with IR_OPERATOR_PRINCIPAL_ARNS=${[...patterns, entry].join(',')} (on every deploy:\n` +
      '  a deploy without it removes the operator again).\n' +
      note,
  };
}

/**
 * Proves the caller's own credentials (a credential or network error is thrown as is) and refuses
 * a caller that no member role trusts, with the fix, before any member account is tried.
 */
export async function requireOperator(
  sts: STSClient,
  command: string,
  patterns: readonly string[],
): Promise<void> {
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  if (!identity?.Arn) return;
  const status = operatorStatus(identity.Arn, patterns);
  if (status.fix) {
    throw new UsageError(
      `${command} acts through the member role, which trusts only operators: ${status.fix.trimEnd()}`,
    );
  }
}
