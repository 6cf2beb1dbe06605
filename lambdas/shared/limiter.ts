/**
 * Bounded concurrency. One Security Hub event can carry 100 findings across 100 accounts; answered
 * all at once, they put about 1,000 EC2 calls in flight and run into API throttling (EC2 throttles
 * per account and region: https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html).
 * So each SDK client (one per service, account and region) sends at most a few calls at a time, and
 * an invocation answers at most a few resources at a time.
 */

/** Runs a task when a slot is free. */
export type Limit = <R>(task: () => Promise<R>) => Promise<R>;

/** Calls in flight per SDK client, i.e. per service, account and region. */
export const MAX_CALLS_PER_CLIENT = 16;

/** Distinct resources one invocation answers at the same time. */
export const MAX_RESPONSES_IN_FLIGHT = 10;

/** A limit of `max` tasks at a time, started in arrival order. */
export function createLimit(max: number): Limit {
  let active = 0;
  const queue: (() => void)[] = [];
  const release = (): void => {
    active--;
    queue.shift()?.();
  };
  return async <R>(task: () => Promise<R>): Promise<R> => {
    if (active >= max) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

interface Sender {
  send(...args: unknown[]): Promise<unknown>;
}

/**
 * Makes `client.send` wait for a slot of its own limit. The class's `send` is looked up at each
 * call, so a test double installed on the prototype later (aws-sdk-client-mock) still answers.
 */
export function limitSends<C extends object>(client: C, max = MAX_CALLS_PER_CLIENT): C {
  const limit = createLimit(max);
  const proto = Object.getPrototypeOf(client) as Sender;
  Object.defineProperty(client, 'send', {
    configurable: true,
    writable: true,
    value: (...args: unknown[]) => limit(() => proto.send.apply(client, args)),
  });
  return client;
}
