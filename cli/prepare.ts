/**
 * `prepare`: creates isolate-ec2's passthrough and quarantine groups in every VPC of the member
 * accounts and regions before any incident, so that the first isolation in a VPC finds them in the
 * read it already makes and moves the interfaces at once (4 sequential round trips instead of 6:
 * creating a group and its rules are two more). The groups are made by the responder's own code
 * (`ensureGroup`: same names, description, tag and rules), through the member role, with actions
 * the registry already declares for isolate-ec2. `doctor` reports VPCs without them
 * ({@link groupsCheck}). Every VPC has a `default` security group, so one DescribeSecurityGroups
 * filtered by name lists the VPCs and their isolation groups together.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { declarationOf, RESPONDER_NAMES } from '../lambdas/registry/responders';
import { describeCause } from '../lambdas/shared/errors';
import { credentialsOf, RETRY, roleArnIn } from '../lambdas/shared/member-clients';
import { mapLimit } from '../lambdas/shared/pool';
import type { Preparer } from '../lambdas/shared/prepare-plan';
import { StepLog } from '../lambdas/shared/steps';
import { activeAccounts, checkAccountOptions, type ScanOptions } from './accounts';
import { isCredentialError } from './credentials';
import { type Check, fail, OK, unknown } from './doctor-checks';
import { loadPreparer } from './entry-points';
import { EXIT, type ExitCode, type Output } from './errors';
import { type ProgressOutput, progress } from './progress';
import { formatTable } from './table';

/** Session name of `prepare` in the member accounts' CloudTrail. */
export const PREPARE_SESSION_NAME = 'ir-prepare';

/** Options of `prepare`. */
export interface PrepareOptions extends ScanOptions {
  /** Report what is missing, change nothing. @default false */
  readonly dryRun?: boolean;
}

/** The configuration `prepare` reads. */
export interface PrepareConfig {
  readonly prefix: string;
  readonly memberRoleName: string;
  readonly homeRegion: string;
  readonly regions: readonly string[];
}

/** The isolation groups of one account and region. */
export interface PrepareRow {
  readonly account: string;
  readonly region: string;
  readonly vpcs: number;
  /** VPCs whose groups were all present with their rules. */
  readonly ready: number;
  /** Groups created (or, in dry-run, to create). */
  readonly created: number;
  /** Groups whose rules were repaired (or, in dry-run, to repair). */
  readonly repaired: number;
  readonly steps: StepLog['steps'];
  readonly error?: string;
}

/** The preparations of the responders whose registry entry declares one (`operator.prepare`). */
export async function preparers(): Promise<Preparer[]> {
  const names = RESPONDER_NAMES.filter((n) => declarationOf(n).operator.prepare !== undefined);
  return Promise.all(names.map(loadPreparer));
}

/** Creates or repairs what every responder prepares in one account and region (or plans it). */
export async function prepareRegion(
  ec2: EC2Client,
  where: { account: string; region: string },
  prefix: string,
  dryRun: boolean,
): Promise<PrepareRow> {
  const log = new StepLog();
  const sum = { vpcs: 0, ready: 0, created: 0, repaired: 0 };
  try {
    for (const preparer of await preparers()) {
      const done = await preparer.prepareRegion(ec2, where, prefix, dryRun, log);
      sum.vpcs = Math.max(sum.vpcs, done.vpcs);
      sum.ready = sum.ready === 0 ? done.ready : Math.min(sum.ready, done.ready);
      sum.created += done.created;
      sum.repaired += done.repaired;
    }
    return { ...where, ...sum, steps: log.steps };
  } catch (error) {
    if (isCredentialError(error)) throw error;
    return { ...where, ...sum, steps: log.steps, error: describeCause(error) };
  }
}

/**
 * `doctor`'s check: every VPC of the account and region is prepared (isolate-ec2: both isolation
 * groups with their rules). A VPC that is not still gets them on its first incident, two round
 * trips later.
 */
export async function groupsCheck(ec2: EC2Client, prefix: string): Promise<Check> {
  const missing = new Set<string>();
  let vpcs = 0;
  try {
    for (const preparer of await preparers()) {
      const found = await preparer.unready(ec2, prefix);
      vpcs = Math.max(vpcs, found.of);
      for (const vpc of found.unready) missing.add(vpc);
    }
  } catch (error) {
    return unknown(`cannot list the isolation groups: ${describeCause(error)}`);
  }
  if (missing.size === 0) return OK;
  const list = [...missing].sort();
  const shown =
    list.length > 5
      ? `${list.slice(0, 5).join(', ')} and ${list.length - 5} more`
      : list.join(', ');
  return fail(
    `${list.length} of ${vpcs} VPC(s) lack ready isolation groups (${shown}): the first isolation there creates them, 6 round trips instead of 4; run security-ir prepare`,
  );
}

async function assumeMemberRole(sts: STSClient, roleArn: string): Promise<AwsCredentialIdentity> {
  const out = await sts.send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: PREPARE_SESSION_NAME }),
  );
  return credentialsOf(out.Credentials);
}

/** Prepares every account and region; rows sorted by account and region. */
export async function collectPrepare(
  options: PrepareOptions,
  config: PrepareConfig,
  err: ProgressOutput,
): Promise<PrepareRow[]> {
  checkAccountOptions(options.accounts, options.regions);
  const regions = [...(options.regions ?? config.regions)];
  const accounts =
    options.accounts === undefined || options.accounts === 'all'
      ? await activeAccounts(config.homeRegion)
      : [...new Set(options.accounts)];
  const sts = new STSClient({ region: config.homeRegion, ...RETRY });
  const tick = progress(err, 'prepare: accounts done', accounts.length);
  const perAccount = await mapLimit(accounts, options.concurrency ?? 8, async (account) => {
    const roleArn = roleArnIn(account, config.homeRegion, config.memberRoleName);
    let credentials: AwsCredentialIdentity;
    try {
      credentials = await assumeMemberRole(sts, roleArn);
    } catch (error) {
      if (isCredentialError(error)) throw error;
      tick(account);
      return regions.map((region) => ({
        account,
        region,
        vpcs: 0,
        ready: 0,
        created: 0,
        repaired: 0,
        steps: [],
        error: `cannot assume ${roleArn}: ${describeCause(error)}`,
      }));
    }
    const rows = await Promise.all(
      regions.map((region) =>
        prepareRegion(
          new EC2Client({ region, credentials, ...RETRY }),
          { account, region },
          config.prefix,
          options.dryRun === true,
        ),
      ),
    );
    tick(account);
    return rows;
  });
  return perAccount.flat();
}

/** The rows as a table with a summary line. */
export function formatPrepare(rows: readonly PrepareRow[], dryRun: boolean): string {
  const table = formatTable(
    [
      'ACCOUNT',
      'REGION',
      'VPCS',
      'READY',
      dryRun ? 'TO CREATE' : 'CREATED',
      dryRun ? 'TO REPAIR' : 'REPAIRED',
      'ERROR',
    ],
    rows.map((r) => [
      r.account,
      r.region,
      String(r.vpcs),
      String(r.ready),
      String(r.created),
      String(r.repaired),
      r.error ?? '-',
    ]),
  );
  const sum = (f: (r: PrepareRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const errors = rows.filter((r) => r.error).length;
  const verb = dryRun ? 'to create' : 'created';
  return `${table}\n\n${sum((r) => r.vpcs)} VPC(s), ${sum((r) => r.created)} group(s) ${verb}, ${sum((r) => r.repaired)} repaired, ${errors} account-region(s) failed`;
}

/** Runs `prepare`: progress on `err`, the rows on `out`. Exit 1 when any account-region failed. */
export async function runPrepare(
  options: PrepareOptions,
  config: PrepareConfig,
  io: { readonly out: Output; readonly err: ProgressOutput },
): Promise<ExitCode> {
  const rows = await collectPrepare(options, config, io.err);
  io.out.write(
    `${options.json ? JSON.stringify(rows, null, 2) : formatPrepare(rows, options.dryRun === true)}\n`,
  );
  return rows.some((r) => r.error) ? EXIT.failed : EXIT.ok;
}
