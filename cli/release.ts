/**
 * `release <finding id | resource>`: reverses a containment from the ledger's before-state. Dry-run
 * by default (prints the plan); `--apply` acts. Refuses when the live resource changed since the
 * containment, unless `--force`. The release is recorded on the response in the ledger.
 *
 * It reads the ledger with the operator's credentials of the security account and acts in the
 * member account through `--role-name` (default: the member role, which can read and make the
 * EC2 and key changes; detaching or deleting IAM policies is deliberately not in the member
 * role, so releasing a blocked principal needs a role of the member account that may do it).
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describeCause } from '../lambdas/shared/errors';
import { type LedgerTable, listResponses, recordRelease } from '../lambdas/shared/ledger';
import type { ReleaseRecord, ResponseItem } from '../lambdas/shared/ledger-schema';
import { credentialsOf, RETRY, roleArnIn } from '../lambdas/shared/member-clients';
import type { ReleasePlan, ReleaseTarget } from '../lambdas/shared/release-plan';
import { loadReleasePlanner } from './entry-points';
import { EXIT, type ExitCode, type Output, UsageError } from './errors';
import { type LedgerConfig, ledgerTable } from './ledger-table';

/** Session name of a release in the member account's CloudTrail. */
export const RELEASE_SESSION_NAME = 'ir-release';

/** Options of `release`. */
export interface ReleaseOptions {
  /** A finding id, or a resource as the outcome named it (`i-0abc`, a role ARN, `sg-0abc`). */
  readonly target: string;
  /** Act; without it the plan is printed and nothing changes. */
  readonly apply?: boolean;
  /** Release even though the resource changed since the containment. */
  readonly force?: boolean;
  /** Re-add the revoked world-open ranges of a confined security group. */
  readonly restoreOpenRanges?: boolean;
  /** @default the configured member role name */
  readonly roleName?: string;
  /** @default `<prefix>-ledger` */
  readonly tableName?: string;
  readonly json?: boolean;
}

/** The configuration `release` reads. */
export interface ReleaseConfig extends LedgerConfig {
  readonly memberRoleName: string;
}

const RELEASABLE = new Set(['contained', 'release-failed']);

/** The responses to release: those of the finding, or else the resource's contained ones. */
export async function findReleasable(table: LedgerTable, target: string): Promise<ResponseItem[]> {
  if (target.trim() === '') throw new UsageError('release takes a finding id or a resource');
  const byFinding = await listResponses(table, { findingId: target });
  const found = byFinding.length > 0 ? byFinding : await listResponses(table, { resource: target });
  if (found.length === 0)
    throw new UsageError(`the ledger holds no response of ${JSON.stringify(target)}`);
  const releasable = found.filter((r) => RELEASABLE.has(r.status));
  if (releasable.length === 0) {
    const statuses = [...new Set(found.map((r) => r.status))].join(', ');
    throw new UsageError(
      `nothing to release for ${JSON.stringify(target)}: its responses are ${statuses}`,
    );
  }
  return releasable;
}

async function memberTarget(
  response: ResponseItem,
  roleName: string,
  sts: STSClient,
): Promise<ReleaseTarget> {
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: roleArnIn(response.accountId, response.region, roleName),
      RoleSessionName: RELEASE_SESSION_NAME,
      DurationSeconds: 3600,
    }),
  );
  return {
    accountId: response.accountId,
    region: response.region,
    credentials: credentialsOf(out.Credentials),
  };
}

/** The release plan of one response. */
export async function planRelease(
  response: ResponseItem,
  target: ReleaseTarget,
  restoreOpenRanges: boolean,
): Promise<ReleasePlan> {
  const before = response.before;
  if (!before) {
    return {
      changed: [],
      steps: [],
      notes: [
        `the ledger holds no state before this response (${response.status}): undo by hand from its steps`,
      ],
    };
  }
  const planRelease = await loadReleasePlanner(before);
  return planRelease(before, { response, target, restoreOpenRanges });
}

function describePlan(response: ResponseItem, plan: ReleasePlan, applied?: ReleaseRecord): string {
  const steps = applied?.steps ?? plan.steps.map((s) => ({ ...s, status: 'planned' }));
  return [
    `${response.responder} ${response.resource} in ${response.accountId}/${response.region} (finding ${response.findingId}, contained ${response.endedAt})`,
    ...plan.changed.map((c) => `  changed since the containment: ${c}`),
    ...(steps.length
      ? steps.map((s, i) => `  ${i + 1}. [${s.status}] ${s.action} ${s.target} - ${s.detail}`)
      : ['  no change to make']),
    ...plan.notes.map((n) => `  note: ${n}`),
  ].join('\n');
}

/** Performs the steps in order; a failed step is recorded and the next ones still run. */
async function applyPlan(plan: ReleasePlan, by: string, forced: boolean): Promise<ReleaseRecord> {
  const steps: ReleaseRecord['steps'][number][] = [];
  for (const s of plan.steps) {
    try {
      await s.run();
      steps.push({ action: s.action, target: s.target, status: 'done', detail: s.detail });
    } catch (error) {
      steps.push({
        action: s.action,
        target: s.target,
        status: 'failed',
        detail: `${s.detail}: ${describeCause(error)}`,
      });
    }
  }
  return {
    at: new Date().toISOString(),
    by,
    status: steps.some((s) => s.status === 'failed') ? 'release-failed' : 'released',
    forced,
    steps,
    notes: [...plan.changed.map((c) => `changed since the containment: ${c}`), ...plan.notes],
  };
}

/** Runs `release`: 0 planned or released, 1 refused or a step failed, 2 bad input. */
export async function runRelease(
  options: ReleaseOptions,
  config: ReleaseConfig,
  out: Output,
): Promise<ExitCode> {
  const table = ledgerTable(config, options.tableName);
  const responses = await findReleasable(table, options.target);
  const sts = new STSClient({ region: config.homeRegion, ...RETRY });
  const roleName = options.roleName ?? config.memberRoleName;
  const by = options.apply
    ? ((await sts.send(new GetCallerIdentityCommand({}))).Arn ?? 'unknown')
    : '';
  let code: ExitCode = EXIT.ok;
  const results: unknown[] = [];
  const text: string[] = [];
  for (const response of responses) {
    const plan = await planRelease(
      response,
      await memberTarget(response, roleName, sts),
      options.restoreOpenRanges === true,
    );
    if (plan.changed.length > 0 && !options.force) {
      code = EXIT.failed;
      results.push({
        response,
        plan: { ...plan, steps: plan.steps.map(({ run: _, ...s }) => s) },
        refused: true,
      });
      text.push(
        `${describePlan(response, plan)}\n  REFUSED: the resource changed since the containment; check it, then pass --force to release anyway`,
      );
      continue;
    }
    if (!options.apply) {
      results.push({ response, plan: { ...plan, steps: plan.steps.map(({ run: _, ...s }) => s) } });
      text.push(
        `${describePlan(response, plan)}\n  dry-run: nothing changed; pass --apply to release`,
      );
      continue;
    }
    const record = await applyPlan(plan, by, plan.changed.length > 0);
    await recordRelease(table, response, record);
    if (record.status !== 'released') code = EXIT.failed;
    results.push({ response, release: record });
    text.push(
      `${describePlan(response, plan, record)}\n  ${record.status}, recorded in the ledger`,
    );
  }
  out.write(options.json ? `${JSON.stringify(results, null, 2)}\n` : `${text.join('\n')}\n`);
  return code;
}
