/**
 * The AWS the benchmarks run against: every SDK client's `send` is replaced by aws-sdk-client-mock
 * (the mocks of test/support/aws.ts) and routed to one table of answers keyed by IAM action, with
 * an optional round-trip tracker and an optional failure injected before an answer. Nothing here
 * reaches AWS. Because `send` is replaced, the SDK's middleware (signing, credential resolution,
 * retries) never runs: the member role is assumed only by the explicit `memberCredentials` call of
 * the shared handler, which goes through the STS mock like any other call.
 */
import { resetIsolationGroups } from '../lambdas/isolate-ec2/groups';
import { allMutatingActions } from '../lambdas/shared/catalogue';
import { resetResponderEnv } from '../lambdas/shared/config';
import { resetMemberClients } from '../lambdas/shared/member-clients';
import type { Outcome } from '../lambdas/shared/outcome';
import { resetReporting } from '../lambdas/shared/report';
import { resetResponseModes } from '../lambdas/shared/response-mode';
import { type Answers, iamActionOf, type SendStub } from '../test/support/answers';
import { createMocks, type Mocks, RESPONDER_ENV_KEYS, TEST_ENV } from '../test/support/aws';
import type { RoundTripTracker } from './round-trips';

export type { Answer, Answers } from '../test/support/answers';
export { awsError } from '../test/support/aws';

/** Calls made in the security account to record and notify: not containment. */
export const RECORDING_ACTIONS = [
  'guardduty:ListDetectors',
  'guardduty:ArchiveFindings',
  'securityhub:BatchUpdateFindings',
  'securityhub:BatchUpdateFindingsV2',
  'sns:Publish',
] as const;

const MUTATING = new Set(allMutatingActions().map((m) => m.action));

/** Whether an action changes something in a member account (the catalogue's `mutates`). */
export function isContainment(action: string): boolean {
  return MUTATING.has(action);
}

/** The security-account answers every responder needs: STS, GuardDuty, Security Hub, SNS. */
export function centralAnswers(published: Outcome[]): Answers {
  return {
    'sts:AssumeRole': () => ({
      Credentials: {
        AccessKeyId: 'ASIAFAKEMEMBERKEY001',
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date(Date.now() + 3600_000),
      },
    }),
    'guardduty:ListDetectors': () => ({ DetectorIds: ['admindetector0001'] }),
    'guardduty:ArchiveFindings': () => ({}),
    'securityhub:BatchUpdateFindings': () => ({ ProcessedFindings: [], UnprocessedFindings: [] }),
    'securityhub:BatchUpdateFindingsV2': () => ({ ProcessedFindings: [], UnprocessedFindings: [] }),
    'sns:Publish': (input) => {
      const message = (input as { Message?: string }).Message ?? '';
      published.push(JSON.parse(message.slice(message.indexOf('\n\n{') + 2)) as Outcome);
      return { MessageId: `m-${published.length}` };
    },
  };
}

/**
 * The answers of every AWS call, with counts, an optional tracker and optional injected failures.
 * Calls reach it through aws-sdk-client-mock ({@link FakeAws.useMocks}) or through the SDK's own
 * middleware stack (bench/sdk-layer.ts).
 */
export class FakeAws {
  answers: Answers = {};
  /** Counts depth and timing of every call when set. */
  tracker: RoundTripTracker | undefined;
  /** Returns an error to throw instead of answering (before the answer runs), or undefined. */
  inject: ((action: string) => Error | undefined) | undefined;
  /** Calls per action since the last {@link reset}. */
  readonly counts = new Map<string, number>();
  private mocks: Mocks | undefined;

  /** Sets the answers and forgets counts, tracker and injected failures. */
  reset(answers: Answers): void {
    this.answers = answers;
    this.counts.clear();
    this.tracker = undefined;
    this.inject = undefined;
    if (this.mocks) this.routeMocks(this.mocks);
  }

  /** Replaces every client's `send` with aws-sdk-client-mock, routed here. */
  useMocks(): void {
    this.mocks ??= createMocks();
    this.routeMocks(this.mocks);
  }

  /** Drops the mocks' own call history (sinon keeps every call; a long burst would measure it). */
  dropHistory(): void {
    for (const mock of Object.values(this.mocks ?? {})) mock.resetHistory();
  }

  /** Calls of `action` since the last reset. */
  count(action: string): number {
    return this.counts.get(action) ?? 0;
  }

  /** Calls since the last reset. */
  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  /** Answers one call of `action` (an IAM action such as `ec2:DescribeInstances`). */
  answer(action: string, input: unknown): Promise<unknown> {
    this.counts.set(action, this.count(action) + 1);
    const answer = () => {
      const failure = this.inject?.(action);
      if (failure) throw failure;
      const fn = this.answers[action];
      if (!fn) throw new Error(`the benchmark has no answer for ${action}`);
      return fn(input);
    };
    return this.tracker ? this.tracker.call(action, answer) : Promise.resolve().then(answer);
  }

  private routeMocks(mocks: Mocks): void {
    for (const [prefix, mock] of Object.entries(mocks)) {
      mock.reset();
      (mock.send as unknown as SendStub).callsFake((command) =>
        this.answer(iamActionOf(prefix, command.constructor.name), command.input),
      );
    }
  }
}

/** Environment of the responders in the benchmarks (the test defaults, logging off). */
export const BENCH_ENV = { ...TEST_ENV, ALLOWED_CIDR_V6: 'fd00::/8' } as const;

/**
 * A cold container: every per-container cache of the shared pipeline and of isolate-ec2 is
 * forgotten (credentials, clients, detectors, OU chains, environment, isolation groups), and the
 * environment is set to {@link BENCH_ENV} with `env` over it.
 */
export function coldContainer(env: Readonly<Record<string, string>> = {}): void {
  for (const key of Object.keys(process.env))
    if (RESPONDER_ENV_KEYS.test(key)) delete process.env[key];
  Object.assign(process.env, BENCH_ENV, env);
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'AKIAFAKEFAKEFAKEFAKE';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'fake-secret-for-benchmarks';
  resetResponderEnv();
  resetMemberClients();
  resetReporting();
  resetResponseModes();
  resetIsolationGroups();
}
