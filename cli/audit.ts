/**
 * `audit`: lists every resource carrying the exception tag across the organization, from the
 * security account with the operator's credentials, through the member role (read-only:
 * `AUDIT_READS`). Flags expired and malformed exceptions and instances whose network interfaces or
 * volumes lack the tag (IAM would not guard them). An account that cannot be reached is a row, not
 * the end of the audit.
 */
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { ACCOUNT_ID } from '../lambdas/shared/events';
import { credentialsOf, RETRY, roleArnIn } from '../lambdas/shared/member-clients';
import { AWS_REGIONS } from '../modules/config/regions';
import {
  type AuditRow,
  errorRow,
  type ScanContext,
  scanBuckets,
  scanIam,
  scanRegion,
} from './audit-scan';
import { EXIT, type ExitCode, type Output, UsageError } from './errors';
import { mapLimit } from './pool';
import { formatTable } from './table';

/** Session name of the audit in the member accounts' CloudTrail. */
export const AUDIT_SESSION_NAME = 'ir-audit';

/** Options of `audit`. */
export interface AuditOptions {
  /** Account ids, or every ACTIVE account of the organization. @default 'all' */
  readonly accounts?: readonly string[] | 'all';
  /** @default the configured `regions` */
  readonly regions?: readonly string[];
  /** Print a JSON array instead of a table. */
  readonly json?: boolean;
  /** Accounts audited at once. @default 8 */
  readonly concurrency?: number;
  /** @default new Date() */
  readonly now?: Date;
}

/** The configuration `audit` reads. */
export interface AuditConfig {
  readonly exceptionTagKey: string;
  readonly memberRoleName: string;
  readonly homeRegion: string;
  readonly regions: readonly string[];
}

function checkOptions(options: AuditOptions): void {
  const accounts = options.accounts ?? 'all';
  const badAccount = accounts === 'all' ? undefined : accounts.find((a) => !ACCOUNT_ID.test(a));
  if (badAccount !== undefined || accounts.length === 0) {
    throw new UsageError(
      `--accounts takes "all" or 12-digit account ids (got ${JSON.stringify(badAccount ?? '')})`,
    );
  }
  const known: readonly string[] = AWS_REGIONS;
  const badRegion = options.regions?.find((r) => !known.includes(r));
  if (badRegion !== undefined || options.regions?.length === 0) {
    throw new UsageError(
      `--regions takes AWS region names (got ${JSON.stringify(badRegion ?? '')})`,
    );
  }
}

/** The ACTIVE accounts of the organization (every page). */
async function activeAccounts(homeRegion: string): Promise<string[]> {
  const org = new OrganizationsClient({ region: homeRegion, ...RETRY });
  const ids: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await org.send(new ListAccountsCommand({ ...(NextToken ? { NextToken } : {}) }));
    for (const a of page.Accounts ?? []) {
      // `State` replaces the deprecated `Status`; older answers carry only `Status`.
      if (a.Id && (a.State ?? a.Status) === 'ACTIVE') ids.push(a.Id);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return ids.sort();
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
): Promise<AuditRow[]> {
  checkOptions(options);
  const regions = [...(options.regions ?? config.regions)];
  const now = options.now ?? new Date();
  const accounts =
    options.accounts === undefined || options.accounts === 'all'
      ? await activeAccounts(config.homeRegion)
      : [...new Set(options.accounts)];
  const sts = new STSClient({ region: config.homeRegion, ...RETRY });
  const perAccount = await mapLimit(accounts, options.concurrency ?? 8, async (account) => {
    const roleArn = roleArnIn(account, config.homeRegion, config.memberRoleName);
    let credentials: AwsCredentialIdentity;
    try {
      credentials = await assumeMemberRole(sts, roleArn);
    } catch (error) {
      return [errorRow(account, '-', `cannot assume ${roleArn}`, error)];
    }
    const ctx: ScanContext = { account, credentials, tagKey: config.exceptionTagKey, now };
    const scans = await Promise.all([
      ...regions.map((region) => scanRegion(ctx, region)),
      scanBuckets(ctx, config.homeRegion),
      scanIam(ctx, config.homeRegion),
    ]);
    return scans.flat();
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

/** Runs the audit and prints it; exit code 1 when any row is flagged or an error occurred. */
export async function runAudit(
  options: AuditOptions,
  config: AuditConfig,
  out: Output,
): Promise<ExitCode> {
  const rows = await collectAudit(options, config);
  out.write(`${options.json ? JSON.stringify(rows, null, 2) : formatAudit(rows)}\n`);
  return rows.some((r) => r.flags.length > 0) ? EXIT.failed : EXIT.ok;
}
