/**
 * `audit`: lists every resource carrying the exception tag across the organization, from the
 * security account with the operator's credentials, through the member role (read-only:
 * `AUDIT_READS`). Each kind the registry declares with an `exceptionTag` is listed by its owner's
 * code (`lambdas/<owner>/exception-tags.ts`): per region, or once for a kind that is global or
 * read in its own region. Flags expired and malformed exceptions and resources whose `alsoOn`
 * parts lack the tag (IAM would not guard them). An account that cannot be reached is a row, not
 * the end of the audit; neither is a part of one that cannot be read.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { type AuditRow, errorRow, type ScanContext } from '../lambdas/shared/exception-tags';
import { credentialsOf, RETRY, roleArnIn } from '../lambdas/shared/member-clients';
import { mapLimit } from '../lambdas/shared/pool';
import { activeAccounts, checkAccountOptions, type ScanOptions } from './accounts';
import { isCredentialError } from './credentials';
import { EXIT, type ExitCode, type Output } from './errors';
import { requireOperator } from './operator';
import { type ProgressOutput, progress } from './progress';
import { loadTaggableKinds } from './resource';
import { formatTable } from './table';

/** Session name of the audit in the member accounts' CloudTrail. */
export const AUDIT_SESSION_NAME = 'ir-audit';

/** Options of `audit`. */
export type AuditOptions = ScanOptions;

/** The configuration `audit` reads. */
export interface AuditConfig {
  readonly exceptionTagKey: string;
  readonly memberRoleName: string;
  readonly homeRegion: string;
  readonly regions: readonly string[];
  /** Checked before any member account: the member role trusts only these. @default not checked */
  readonly operatorPrincipalArns?: readonly string[];
}

async function assumeMemberRole(sts: STSClient, roleArn: string): Promise<AwsCredentialIdentity> {
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: roleArn,
      RoleSessionName: AUDIT_SESSION_NAME,
      DurationSeconds: 3600,
    }),
  );
  return credentialsOf(out.Credentials);
}

/** Audits every account and returns the rows, sorted by account, region, type and resource. */
export async function collectAudit(
  options: AuditOptions,
  config: AuditConfig,
  track: (total: number) => (account: string) => void = () => () => {},
): Promise<AuditRow[]> {
  checkAccountOptions(options.accounts, options.regions);
  const regions = [...(options.regions ?? config.regions)];
  const now = options.now ?? new Date();
  const sts = new STSClient({ region: config.homeRegion, ...RETRY });
  if (config.operatorPrincipalArns) {
    await requireOperator(sts, 'audit', config.operatorPrincipalArns);
  }
  const kinds = await loadTaggableKinds();
  const accounts =
    options.accounts === undefined || options.accounts === 'all'
      ? await activeAccounts(config.homeRegion)
      : [...new Set(options.accounts)];
  const auditOne = async (account: string): Promise<AuditRow[]> => {
    const roleArn = roleArnIn(account, config.homeRegion, config.memberRoleName);
    let credentials: AwsCredentialIdentity;
    try {
      credentials = await assumeMemberRole(sts, roleArn);
    } catch (error) {
      // The operator's own credentials, not this account: no account can be read, so stop here.
      if (isCredentialError(error)) throw error;
      return [errorRow(account, '-', `cannot assume ${roleArn}`, error)];
    }
    const ctx: ScanContext = { account, credentials, tagKey: config.exceptionTagKey, now };
    const scans = await Promise.all(
      kinds.flatMap((k) =>
        k.tag.lives === 'region'
          ? regions.map((region) => k.code.audit(ctx, region))
          : [k.code.audit(ctx, config.homeRegion)],
      ),
    );
    return scans.flat();
  };
  const onAccount = track(accounts.length);
  const perAccount = await mapLimit(accounts, options.concurrency ?? 8, async (account) => {
    const rows = await auditOne(account);
    onAccount(account);
    return rows;
  });
  const order = (r: AuditRow) => [r.account, r.region, r.type, r.resource].join('\u0000');
  return perAccount.flat().sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/** The audit as a table, one row per resource, with a summary line. */
export function formatAudit(rows: readonly AuditRow[]): string {
  const table = formatTable(
    ['RESOURCE', 'TYPE', 'ACCOUNT', 'REGION', 'TICKET', 'EXPIRES', 'FLAGS'],
    rows.map((r) => [
      r.resource,
      r.type,
      r.account,
      r.region,
      r.ticket ?? '-',
      r.expires ?? '-',
      r.error ? `error: ${r.error}` : r.flags.join(',') || '-',
    ]),
  );
  const exceptions = rows.filter((r) => r.type !== 'error');
  const flagged = exceptions.filter((r) => r.flags.length > 0).length;
  const errors = rows.length - exceptions.length;
  return `${table}\n\n${exceptions.length} exception(s), ${flagged} flagged, ${errors} error(s)`;
}

/**
 * The exit code of an audit: 1 when an exception is flagged (a problem found), else 2 when a part
 * of an account could not be read (could not check), else 0.
 */
export function auditExitCode(rows: readonly AuditRow[]): ExitCode {
  if (rows.some((r) => r.type !== 'error' && r.flags.length > 0)) return EXIT.failed;
  if (rows.some((r) => r.type === 'error')) return EXIT.usage;
  return EXIT.ok;
}

/** Runs the audit, with progress on `err`, and prints it on `out`; see {@link auditExitCode}. */
export async function runAudit(
  options: AuditOptions,
  config: AuditConfig,
  io: { readonly out: Output; readonly err: ProgressOutput },
): Promise<ExitCode> {
  const rows = await collectAudit(options, config, (total) => {
    const tick = progress(io.err, 'audit: accounts done', total);
    return (account) => tick(account);
  });
  io.out.write(`${options.json ? JSON.stringify(rows, null, 2) : formatAudit(rows)}\n`);
  return auditExitCode(rows);
}
