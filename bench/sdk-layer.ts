/**
 * Answers AWS calls from inside the SDK's own middleware stack, so that everything above the
 * HTTP layer runs for real: serialization, endpoint resolution, credential resolution and SigV4
 * signing, and the adaptive retry strategy (`RETRY` of member-clients.ts) with its back-off.
 * aws-sdk-client-mock cannot do this: it replaces `send`, and with it the whole stack. Here
 * `send` stays the SDK's own; each client gets, on its first call, one middleware at the start
 * of the `deserialize` step that answers from {@link FakeAws} instead of calling the HTTP handler.
 * Nothing reaches the network. Do not use it in a process where aws-sdk-client-mock is active.
 */
import type { FakeAws } from './fake-aws';

/** The parts of an SDK v3 client this layer touches. */
interface StackClient {
  send(command: unknown, ...rest: unknown[]): Promise<unknown>;
  readonly middlewareStack: {
    add(
      middleware: (
        next: unknown,
        context: { commandName?: string },
      ) => (args: { input: unknown }) => Promise<{ output: unknown; response: unknown }>,
      options: { step: 'deserialize'; name: string; priority: 'high' },
    ): void;
  };
}

/** A client class with its IAM service prefix, e.g. `['ec2', EC2Client]`. */
export type PrefixedClient = readonly [prefix: string, Client: { prototype: unknown }];

/**
 * Routes every call of the given client classes to `fake`, through the SDK's middleware stack.
 * Returns the function that restores the original `send` methods.
 */
export function routeThroughSdk(fake: FakeAws, clients: readonly PrefixedClient[]): () => void {
  const installed = new WeakSet<object>();
  const restores = clients.map(([prefix, Client]) => {
    const proto = Client.prototype as StackClient;
    const original = proto.send;
    proto.send = function (this: StackClient, command: unknown, ...rest: unknown[]) {
      if (!installed.has(this)) {
        installed.add(this);
        this.middlewareStack.add(
          (_next, context) => async (args) => {
            const action = `${prefix}:${(context.commandName ?? '').replace(/Command$/, '')}`;
            const answer = (await fake.answer(action, args.input)) as object;
            return { output: { $metadata: {}, ...answer }, response: {} };
          },
          { step: 'deserialize', name: 'benchFakeAws', priority: 'high' },
        );
      }
      return original.call(this, command, ...rest);
    };
    return () => {
      proto.send = original;
    };
  });
  return () => {
    for (const restore of restores) restore();
  };
}
