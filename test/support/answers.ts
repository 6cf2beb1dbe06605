/**
 * Answers keyed by IAM action, for fakes that keep state across calls (test/support/stateful-ec2.ts)
 * and for the benchmarks' router (bench/fake-aws.ts): one mocked client's `send` routed to a table
 * of functions instead of one canned reply per command.
 */
import type { Mocks } from './aws';

/** The answer to one action: its output, or a thrown SDK-shaped error. */
export type Answer = (input: unknown) => unknown;

/** Answers keyed by IAM action (`ec2:DescribeInstances`). */
export type Answers = Readonly<Record<string, Answer>>;

/** A command as the mocked `send` receives it. */
export interface SentCommand {
  readonly input: unknown;
  readonly constructor: { readonly name: string };
}

/** The part of the sinon stub behind `AwsStub.send` that a router uses. */
export interface SendStub {
  callsFake(fn: (command: SentCommand) => Promise<unknown>): unknown;
}

/** SDK commands whose IAM action has another name (S3 authorises them as bucket actions). */
const IAM_ACTION_OF_COMMAND: Readonly<Record<string, string>> = {
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:PutPublicAccessBlock': 's3:PutBucketPublicAccessBlock',
};

/** The IAM action of an SDK command sent by the client of `prefix`. */
export function iamActionOf(prefix: string, commandName: string): string {
  const api = `${prefix}:${commandName.replace(/Command$/, '')}`;
  return IAM_ACTION_OF_COMMAND[api] ?? api;
}

/**
 * Routes every command of one client's mock to `answers`; an action without an answer fails the
 * call (and so the test) with its name.
 */
export function answerWith(mocks: Mocks, prefix: keyof Mocks, answers: Answers): void {
  (mocks[prefix].send as unknown as SendStub).callsFake(async (command) => {
    const action = iamActionOf(prefix, command.constructor.name);
    const answer = answers[action];
    if (!answer) throw new Error(`no answer for ${action}`);
    return answer(command.input);
  });
}
