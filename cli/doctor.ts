/**
 * `doctor`: checks a deployment end to end, from the security account with the operator's
 * credentials, for every enrolled account and region: the member role can be assumed and trusts
 * only what it should; the stack set instances exist (the regional one holds the Config forwarding
 * rule); GuardDuty and Security Hub have the security account as administrator; every VPC has
 * isolate-ec2's isolation groups (`security-ir prepare`); and, once, the
 * responders' recent errors and dead-letter depth. Read-only. Exit code 0 healthy, 1 a problem
 * found, 2 something could not be checked (and nothing was found broken).
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { RETRY } from '../lambdas/shared/member-clients';
import { mapLimit } from '../lambdas/shared/pool';
import { activeAccounts, checkAccountOptions, type ScanOptions } from './accounts';
import { type Check, overall, unknown } from './doctor-checks';
import { checkMember, type MemberCheckConfig } from './doctor-member';
import {
  adminCheck,
  guardDutyMembers,
  type Instances,
  instanceCheck,
  listInstances,
  type Members,
  type ResponderHealth,
  responderHealth,
  securityHubMembers,
  stackSetNames,
} from './doctor-org';
import { EXIT, type ExitCode, type Output } from './errors';
import { type OperatorStatus, operatorStatus } from './operator';
import { groupsCheck } from './prepare';
import { type ProgressOutput, progress } from './progress';
import { formatTable } from './table';

/** Options of `doctor`. */
export type DoctorOptions = ScanOptions;

/** The configuration `doctor` reads. */
export interface DoctorConfig extends MemberCheckConfig {
  readonly regions: readonly string[];
  readonly securityAccountId?: string | undefined;
  readonly callAs: 'SELF' | 'DELEGATED_ADMIN';
}

/** The checks of one account in one region. */
export interface DoctorRow {
  readonly account: string;
  readonly region: string;
  readonly role: Check;
  readonly trust: Check;
  /** Stack set instances: the global one (home region) and the regional one (Config forwarding). */
  readonly stacks: Check;
  readonly guardDuty: Check;
  readonly securityHub: Check;
  /** isolate-ec2's passthrough and quarantine groups exist in every VPC (`security-ir prepare`). */
  readonly groups: Check;
  readonly status: 'healthy' | 'unhealthy' | 'unchecked';
}

/** ROLE and TRUST of an account when the caller is no operator: the fix is said once, above. */
export const NOT_AN_OPERATOR = 'not checked: your principal is not in operatorPrincipalArns';

/** Everything `doctor` found. */
export interface DoctorReport {
  readonly securityAccount: string;
  /** The caller and whether the member roles trust it (absent when STS named no ARN). */
  readonly operator?: OperatorStatus;
  readonly rows: readonly DoctorRow[];
  readonly responders: readonly ResponderHealth[];
}

function worst(...checks: Check[]): Check {
  const problems = checks.filter((c) => c.status === 'fail');
  const unknowns = checks.filter((c) => c.status === 'unknown');
  const pick = problems.length ? problems : unknowns;
  if (pick.length === 0) return { status: 'ok' };
  return { status: pick[0]?.status ?? 'ok', detail: pick.map((c) => c.detail).join('; ') };
}

/** Runs every check; a check that cannot run is `unknown`, never the end of the run. */
export async function collectDoctor(
  options: DoctorOptions,
  config: DoctorConfig,
  err: ProgressOutput,
): Promise<DoctorReport> {
  checkAccountOptions(options.accounts, options.regions);
  const regions = [...(options.regions ?? config.regions)];
  const now = options.now ?? new Date();
  const sts = new STSClient({ region: config.homeRegion, ...RETRY });
  // Also proves the operator's own credentials before anything else (a credential error ends here).
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  const securityAccount = config.securityAccountId ?? identity.Account ?? '';
  const operator = identity.Arn
    ? operatorStatus(identity.Arn, config.operatorPrincipalArns)
    : undefined;
  // No member role trusts a non-operator: do not knock on every account (each refusal is an
  // AccessDenied in that account's CloudTrail); check everything the security account can see.
  if (operator?.fix) err.write(`doctor: ${operator.fix}\n`);
  const accounts =
    options.accounts === undefined || options.accounts === 'all'
      ? await activeAccounts(config.homeRegion)
      : [...new Set(options.accounts)];
  err.write(
    `doctor: ${accounts.length} account(s) x ${regions.length} region(s), security account ${securityAccount}\n`,
  );
  const cfn = new CloudFormationClient({ region: config.homeRegion, ...RETRY });
  const names = stackSetNames(config.prefix);
  const [globalSet, regionalSet, responders, gd, hub] = await Promise.all([
    listInstances(cfn, names.global, config.callAs),
    listInstances(cfn, names.regional, config.callAs),
    responderHealth(config.prefix, config.homeRegion, now),
    Promise.all(regions.map(guardDutyMembers)),
    Promise.all(regions.map(securityHubMembers)),
  ]);
  const tick = progress(err, 'doctor: accounts checked', accounts.length);
  const perAccount = await mapLimit(accounts, options.concurrency ?? 8, async (account) => {
    const checked =
      operator?.listed === false
        ? {
            role: unknown(NOT_AN_OPERATOR),
            trust: unknown(NOT_AN_OPERATOR),
            credentials: undefined,
          }
        : await checkMember(sts, account, securityAccount, config);
    const { credentials, ...member } = checked;
    const groups = await Promise.all(
      regions.map((region) =>
        credentials
          ? groupsCheck(new EC2Client({ region, credentials, ...RETRY }), config.prefix)
          : unknown(operator?.listed === false ? NOT_AN_OPERATOR : 'member role not reached'),
      ),
    );
    const rows = regions.map((region, i) =>
      rowOf(
        account,
        region,
        { ...member, groups: groups[i] as Check },
        { globalSet, regionalSet, securityAccount, config },
        {
          gd: gd[i] as Members,
          hub: hub[i] as Members,
        },
      ),
    );
    tick(account);
    return rows;
  });
  return {
    securityAccount,
    ...(operator ? { operator } : {}),
    rows: perAccount.flat(),
    responders,
  };
}

function rowOf(
  account: string,
  region: string,
  member: { role: Check; trust: Check; groups: Check },
  org: {
    globalSet: Instances;
    regionalSet: Instances;
    securityAccount: string;
    config: DoctorConfig;
  },
  members: { gd: Members; hub: Members },
): DoctorRow {
  const stacks = worst(
    ...(region === org.config.homeRegion
      ? [instanceCheck(org.globalSet, account, region, 'global (IAM roles)')]
      : []),
    instanceCheck(org.regionalSet, account, region, 'regional (Config forwarding)'),
  );
  const guardDuty = adminCheck(members.gd, account, org.securityAccount, 'GuardDuty');
  const securityHub = adminCheck(members.hub, account, org.securityAccount, 'Security Hub');
  const checks = [member.role, member.trust, stacks, guardDuty, securityHub, member.groups];
  return { account, region, ...member, stacks, guardDuty, securityHub, status: overall(checks) };
}

/** 1 when anything is unhealthy, else 2 when anything could not be checked, else 0. */
export function doctorExitCode(report: DoctorReport): ExitCode {
  const all = [
    ...report.rows.map((r) => r.status),
    ...report.responders.map((r) => overall([r.check])),
  ];
  if (all.includes('unhealthy')) return EXIT.failed;
  if (all.includes('unchecked')) return EXIT.usage;
  return EXIT.ok;
}

const cell = (c: Check) => (c.status === 'ok' ? 'ok' : c.status === 'fail' ? 'FAIL' : '?');

/** The report as two tables and the reasons of every problem, each once. */
export function formatDoctor(report: DoctorReport): string {
  const table = formatTable(
    [
      'ACCOUNT',
      'REGION',
      'ROLE',
      'TRUST',
      'STACKS',
      'GUARDDUTY',
      'SECURITYHUB',
      'GROUPS',
      'STATUS',
    ],
    report.rows.map((r) => [
      r.account,
      r.region,
      cell(r.role),
      cell(r.trust),
      cell(r.stacks),
      cell(r.guardDuty),
      cell(r.securityHub),
      cell(r.groups),
      r.status,
    ]),
  );
  const reasons = new Set<string>();
  for (const r of report.rows) {
    for (const [what, c] of Object.entries({
      role: r.role,
      trust: r.trust,
      stacks: r.stacks,
      guardduty: r.guardDuty,
      securityhub: r.securityHub,
      groups: r.groups,
    })) {
      // Role and trust are per account: one line, not one per region.
      const where = what === 'role' || what === 'trust' ? r.account : `${r.account} ${r.region}`;
      if (c.detail && c.detail !== NOT_AN_OPERATOR) reasons.add(`  ${where} ${what}: ${c.detail}`);
    }
  }
  const responders = formatTable(
    ['RESPONDER', 'ERRORS (24 H)', 'DEAD LETTERS', 'STATUS'],
    report.responders.map((r) => [
      r.functionName,
      r.errors === undefined ? '?' : String(r.errors),
      r.deadLetters === undefined ? '?' : String(r.deadLetters),
      overall([r.check]),
    ]),
  );
  for (const r of report.responders)
    if (r.check.detail) reasons.add(`  ${r.functionName}: ${r.check.detail}`);
  const count = (s: string) => report.rows.filter((r) => r.status === s).length;
  const summary = `${report.rows.length} account-region(s): ${count('healthy')} healthy, ${count('unhealthy')} unhealthy, ${count('unchecked')} could not be checked`;
  const notOperator = report.operator?.fix
    ? ['', `ROLE and TRUST not checked: ${report.operator.fix.trimEnd()}`]
    : [];
  return [
    table,
    '',
    responders,
    ...notOperator,
    ...(reasons.size ? ['', 'Problems:', ...reasons] : []),
    '',
    summary,
  ].join('\n');
}

/** Runs `doctor`: progress on `err`, the report on `out`; see {@link doctorExitCode}. */
export async function runDoctor(
  options: DoctorOptions,
  config: DoctorConfig,
  io: { readonly out: Output; readonly err: ProgressOutput },
): Promise<ExitCode> {
  const report = await collectDoctor(options, config, io.err);
  const code = doctorExitCode(report);
  io.out.write(
    options.json
      ? `${JSON.stringify({ ...report, exitCode: code }, null, 2)}\n`
      : `${formatDoctor(report)}\n`,
  );
  return code;
}
