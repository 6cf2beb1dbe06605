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
import { createMocks, type Mocks } from '../test/support/aws';
import type { RoundTripTracker } from './round-trips';

/** The answer to one action: its output, or a thrown SDK-shaped error. */
export type Answer = (input: unknown) => unknown;

/** Answers keyed by IAM action (`ec2:DescribeInstances`). */
export type Answers = Readonly<Record<string, Answer>>;

/** A command as the mocked `send` receives it. */
interface SentCommand {
  readonly input: unknown;
  readonly constructor: { readonly name: string };
}

/** The part of the sinon stub behind `AwsStub.send` that the router uses. */
interface SendStub {
  callsFake(fn: (command: SentCommand) => Promise<unknown>): unknown;
}

/** Calls made in the security account to record and notify: not containment. */
export const RECORDING_ACTIONS = [
  'guardduty:ListDetectors',
  'guardduty:ArchiveFindings',
  'securityhub:BatchUpdateFindings',
  'sns:Publish',
] as const;

const MUTATING = new Set(allMutatingActions().map((m) => m.action));

/** Whether an action changes something in a member account (the catalogue's `mutates`). */
export function isContainment(action: string): boolean {
  return MUTATING.has(action);
}

/** An AWS SDK error as a client throws it (no `$retryable`). */
export function awsError(name: string, message = `${name} (simulated)`): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: {} });
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

/** SDK commands whose IAM action has another name (S3 authorises them as bucket actions). */
const IAM_ACTION_OF_COMMAND: Readonly<Record<string, string>> = {
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:PutPublicAccessBlock': 's3:PutBucketPublicAccessBlock',
};

/** The IAM action of an SDK command sent by the client of `prefix`. */
function iamActionOf(prefix: string, commandName: string): string {
  const api = `${prefix}:${commandName.replace(/Command$/, '')}`;
  return IAM_ACTION_OF_COMMAND[api] ?? api;
}

/** Environment of the responders in the benchmarks (the test defaults, logging off). */
export const BENCH_ENV = {
  SECURITY_TAG_KEY: 'SecurityException',
  MEMBER_ROLE_NAME: 'Security-IR-Role',
  ALERTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:111111111111:security-ir-alerts',
  DRY_RUN: 'false',
  ALLOWED_CIDR_V4: '10.0.0.0/8',
  ALLOWED_CIDR_V6: 'fd00::/8',
  // The embedded default observes (dry-run); the benchmarks measure containment.
  RESPONSE_MODES: '{"default":"contain","accounts":{},"organizationalUnits":{}}',
} as const;

const ENV_KEYS =
  /^(SECURITY_TAG_KEY|MEMBER_ROLE_NAME|AUTOMATION_ROLE_NAME|ALERTS_TOPIC_ARN|DRY_RUN|ALLOWED_CIDR_V[46]|RESPONSE_MODES|CONFIG_RULES|DENY_POLICY_ARN|DENY_POLICY_ON_ROLES|PRESERVE_EVIDENCE|RESOURCE_PREFIX)$/;

/**
 * A cold container: every per-container cache of the shared pipeline and of isolate-ec2 is
 * forgotten (credentials, clients, detectors, OU chains, environment, isolation groups), and the
 * environment is set to {@link BENCH_ENV} with `env` over it.
 */
export function coldContainer(env: Readonly<Record<string, string>> = {}): void {
  for (const key of Object.keys(process.env)) if (ENV_KEYS.test(key)) delete process.env[key];
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
