/**
 * Each responder's entry point, loaded on demand by the operator's `respond` (a local run). The
 * folder is the responder's name, so the path is derived, not listed: esbuild expands the template
 * import to every `lambdas/<folder>/index.ts` when it bundles the operator tool, and ts-node
 * resolves it directly. A test proves every registered name loads a handler.
 */
import type { HandlerResult, OfflineFinding } from '../shared/handler';
import type { ResponderName } from './responders';

/** A responder's Lambda handler, with its offline planning (`createHandler`). */
export type Handler = ((event: unknown) => Promise<HandlerResult>) & {
  readonly planOffline?: (event: unknown) => OfflineFinding[];
};

/** Loads the handler module of `name`. */
export async function loadEntryPoint(name: ResponderName): Promise<{ handler: Handler }> {
  const entry = (await import(`../${name}/index.ts`)) as { handler?: unknown };
  if (typeof entry.handler !== 'function') {
    throw new Error(`lambdas/${name}/index.ts exports no handler`);
  }
  return entry as { handler: Handler };
}
