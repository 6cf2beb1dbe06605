/** The accounts and regions a command runs across: option checks and the organization's accounts. */
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { ACCOUNT_ID } from '../lambdas/shared/events';
import { RETRY } from '../lambdas/shared/member-clients';
import { AWS_REGIONS } from '../modules/config/regions';
import { nearest } from '../modules/config/suggest';
import { UsageError } from './errors';

/** Checks `--accounts` and `--regions` before any AWS call. */
export function checkAccountOptions(
  accounts: readonly string[] | 'all' = 'all',
  regions?: readonly string[],
): void {
  const badAccount = accounts === 'all' ? undefined : accounts.find((a) => !ACCOUNT_ID.test(a));
  if (badAccount !== undefined || accounts.length === 0) {
    throw new UsageError(
      `--accounts takes "all" or 12-digit account ids (got ${JSON.stringify(badAccount ?? '')})`,
    );
  }
  const known: readonly string[] = AWS_REGIONS;
  const badRegion = regions?.find((r) => !known.includes(r));
  if (badRegion !== undefined || regions?.length === 0) {
    const guess = badRegion ? nearest(badRegion, AWS_REGIONS) : undefined;
    throw new UsageError(
      `--regions takes AWS region names (got ${JSON.stringify(badRegion ?? '')}${guess ? `; did you mean ${JSON.stringify(guess)}?` : ''})`,
    );
  }
}

/** The ACTIVE accounts of the organization (every page). */
export async function activeAccounts(homeRegion: string): Promise<string[]> {
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

/** Options of the commands that scan accounts x regions (`audit`, `doctor`). */
export interface ScanOptions {
  /** Account ids, or every ACTIVE account of the organization. @default 'all' */
  readonly accounts?: readonly string[] | 'all';
  /** @default the configured `regions` */
  readonly regions?: readonly string[];
  /** Print JSON instead of tables. */
  readonly json?: boolean;
  /** Accounts scanned at once. @default 8 */
  readonly concurrency?: number;
  /** @default new Date() */
  readonly now?: Date;
}
