/**
 * `respond`: runs a responder's own handler locally on an event file, with the operator's
 * credentials of the security account, in dry-run unless `--contain`. The environment comes from
 * the one configuration, as in the deployed Lambda; nothing is published unless `--topic` is given.
 * With `--plan` it stops after the responder's own validation: an offline plan, no AWS call.
 */
import { readFileSync } from 'node:fs';
import { STSClient } from '@aws-sdk/client-sts';
import type { ResponderName } from '../lambdas/shared/catalogue';
import { resetResponderEnv } from '../lambdas/shared/config';
import {
  ConfigurationError,
  describeCause,
  InvalidEventError,
  ResponseFailedError,
} from '../lambdas/shared/errors';
import { RETRY } from '../lambdas/shared/member-clients';
import type { Outcome } from '../lambdas/shared/outcome';
import { describeOutcome } from '../lambdas/shared/report';
import type { Config } from '../modules/config/schema';
import { localResponderEnvironment } from '../modules/shared/responder-env';
import { credentialHint, isCredentialReason } from './credentials';
import { loadEntryPoint } from './entry-points';
import { EXIT, type ExitCode, type Output, UsageError } from './errors';
import { isNetworkReason, networkHint } from './network';
import { requireOperator } from './operator';
import { isResponderName, pickResponder } from './pick-responder';
import { formatOfflinePlan, offlinePlan } from './respond-plan';

/** Options of `respond`. */
export interface RespondOptions {
  /** Path of a JSON file holding one raw EventBridge event. */
  readonly eventFile: string;
  /** Act (the account's configured response mode still applies); otherwise dry-run. */
  readonly contain?: boolean;
  /** Run this responder instead of the one the event routes to. */
  readonly responder?: string;
  /** Publish outcomes to this SNS topic. @default none */
  readonly topicArn?: string;
  /** Print the outcomes as JSON. */
  readonly json?: boolean;
  /** Only the offline plan: the responder's validation of the event, no AWS call, no credentials. */
  readonly plan?: boolean;
}

/** How a responder runs locally: `respond`'s options, and what `approve` adds. */
export interface LocalRun extends Partial<RespondOptions> {
  /** The approver's ARN: `approve` mode reads as `contain`, the ledger records who approved. */
  readonly approvedBy?: string;
  /** Keep the ledger (and its blast-radius limit) as the deployed responders do. */
  readonly ledgerTableName?: string;
}

/** The responder environment of a local run: the deployed one, with `DRY_RUN` and topic as asked. */
export function localEnvironment(config: Config, options: LocalRun): Record<string, string> {
  const env = localResponderEnvironment(config, options.topicArn ?? '');
  env.DRY_RUN = String(!options.contain);
  if (!options.topicArn) delete env.ALERTS_TOPIC_ARN;
  if (options.approvedBy) env.APPROVED_BY = options.approvedBy;
  if (options.ledgerTableName) env.LEDGER_TABLE_NAME = options.ledgerTableName;
  return env;
}

/** Variables a local run sets only when asked: never left over from an earlier run. */
const ONLY_WHEN_ASKED = ['ALERTS_TOPIC_ARN', 'APPROVED_BY', 'LEDGER_TABLE_NAME'];

function applyEnvironment(env: Record<string, string>, homeRegion: string): void {
  for (const key of [...Object.keys(env), ...ONLY_WHEN_ASKED]) delete process.env[key];
  Object.assign(process.env, env);
  // As in the deployed Lambda: clients without a region (STS, SNS) use the home region.
  process.env.AWS_REGION = homeRegion;
  // Powertools writes JSON logs to stdout; they would mix with the outcomes.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  resetResponderEnv();
}

function readEvent(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: cannot read a JSON event (${describeCause(error)})`);
  }
}

async function chooseResponder(
  event: unknown,
  options: RespondOptions,
  config: Config,
): Promise<{ name: ResponderName; why: string }> {
  if (options.responder !== undefined) {
    if (!isResponderName(options.responder)) {
      throw new UsageError(`--responder ${JSON.stringify(options.responder)} is not a responder`);
    }
    return { name: options.responder, why: 'chosen with --responder' };
  }
  const choice = await pickResponder(event, config);
  if (!choice.responder) {
    throw new UsageError(`${choice.why}; pass --responder <name> to run one anyway`);
  }
  return { name: choice.responder, why: choice.why };
}

/** Whether the outcomes went anywhere: only `--topic` publishes from a local run. */
export function publication(count: number, topicArn: string | undefined): string {
  return topicArn
    ? `Published ${count} outcome(s) to ${topicArn} (a failed publication is reported as FAILED).`
    : 'Not published: no --topic given (the deployed responders publish every outcome to the alerts topic).';
}

/**
 * Runs the responder on the event file and prints its outcomes (or, with `plan`, the offline plan).
 * Exit 2: invalid event, or the caller's credentials or network failed; 1: a failed outcome.
 */
export async function respond(
  options: RespondOptions,
  config: Config,
  io: { readonly out: Output; readonly err: Output },
): Promise<ExitCode> {
  const event = readEvent(options.eventFile);
  const { name, why } = await chooseResponder(event, options, config);
  return (await runResponder(event, { name, why }, options, config, io)).code;
}

/**
 * Runs responder `name` on `event` with the local environment of `options`, prints its outcomes,
 * and returns them with the exit code (shared by `respond` and `approve`).
 */
export async function runResponder(
  event: unknown,
  { name, why }: { name: ResponderName; why: string },
  options: LocalRun,
  config: Config,
  io: { readonly out: Output; readonly err: Output },
): Promise<{ code: ExitCode; outcomes: readonly Outcome[] }> {
  applyEnvironment(localEnvironment(config, options), config.homeRegion);
  const { handler } = await loadEntryPoint(name);
  let findings: ReturnType<NonNullable<typeof handler.planOffline>> = [];
  try {
    // The responder's own validation, before any AWS call (a bad event costs no request).
    findings = handler.planOffline?.(event) ?? [];
  } catch (error) {
    if (error instanceof InvalidEventError) {
      io.err.write(`error: ${name} rejects the event: ${error.message}\n`);
      return { code: EXIT.usage, outcomes: [] };
    }
    throw error;
  }
  if (options.plan) {
    const plan = offlinePlan(name, why, findings, config);
    io.out.write(
      options.json
        ? `${JSON.stringify(plan, null, 2)}\n`
        : `${formatOfflinePlan(plan, config.exceptionTagKey)}\n`,
    );
    return { code: EXIT.ok, outcomes: [] };
  }
  // The caller's own credentials and network first: a failure here is said as what it is, not
  // as a member account the responder could not enter.
  await requireOperator(
    new STSClient({ region: config.homeRegion, ...RETRY }),
    'respond',
    config.operatorPrincipalArns,
  );
  const mode = options.contain
    ? "CONTAIN (changes are made where the account's response mode is contain)"
    : 'DRY-RUN (nothing is changed)';
  if (!options.json) io.out.write(`Running ${name} (${why}) in ${mode}\n\n`);
  const print = (outcomes: readonly Outcome[]) => {
    io.out.write(
      options.json
        ? `${JSON.stringify(outcomes, null, 2)}\n`
        : `${outcomes.map(describeOutcome).join('\n\n')}\n`,
    );
    // Say what happened to the outcomes: a local run publishes only to an explicit --topic.
    (options.json ? io.err : io.out).write(`${publication(outcomes.length, options.topicArn)}\n`);
  };
  try {
    const { outcomes } = await handler(event);
    print(outcomes);
    return { code: outcomes.some((o) => o.status === 'failed') ? EXIT.failed : EXIT.ok, outcomes };
  } catch (error) {
    if (error instanceof InvalidEventError) {
      io.err.write(`error: ${name} rejects the event: ${error.message}\n`);
      return { code: EXIT.usage, outcomes: [] };
    }
    if (error instanceof ConfigurationError) {
      io.err.write(`error: ${error.message}\n`);
      return { code: EXIT.usage, outcomes: [] };
    }
    if (error instanceof ResponseFailedError) {
      // Every outcome, the failed ones with the steps they took. Beside text, stderr only counts
      // them (the reasons are printed above, once); beside JSON it lists them for a person.
      print(error.outcomes);
      const lines = options.json
        ? error.failures.map((f) => `FAILED ${f.resource}: ${f.reason}`)
        : [
            `error: ${error.failures.length} failure(s): ${error.failures.map((f) => f.resource).join(', ')} (reasons above)`,
          ];
      io.err.write(`${lines.join('\n')}\n`);
      // The operator's own credentials, not the member account: say whose are needed.
      if (error.failures.every((f) => isCredentialReason(f.reason))) {
        const reason = error.failures[0]?.reason ?? '';
        io.err.write(
          `error: ${credentialHint({ name: 'credentials', message: reason }, 'security')}\n`,
        );
        return { code: EXIT.usage, outcomes: error.outcomes };
      }
      if (error.failures.every((f) => isNetworkReason(f.reason))) {
        io.err.write(`error: ${networkHint({ message: error.failures[0]?.reason ?? '' })}\n`);
        return { code: EXIT.usage, outcomes: error.outcomes };
      }
      return { code: EXIT.failed, outcomes: error.outcomes };
    }
    throw error;
  }
}
