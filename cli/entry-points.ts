/**
 * The modules of a responder the operator tool loads on demand, by folder: its handler
 * (`lambdas/<responder>/index.ts`, for `respond`, a local run), its release planner
 * (`lambdas/<responder>/release.ts`, for `release`), its preparer (`prepare.ts`) and the exception
 * tags of the resource kinds it owns (`exception-tags.ts`, for `grant`, `revoke` and `audit`). The folder is the responder's name, so the
 * paths are derived, not listed: esbuild expands each template import to every matching file when
 * it bundles the operator tool, and ts-node resolves it directly. A test proves every registered
 * name loads a handler, and every responder that records a before-state a planner.
 */
import { RESPONDER_NAMES, type ResponderName } from '../lambdas/registry/responders';
import type { ExceptionTagKinds } from '../lambdas/shared/exception-tags';
import type { HandlerResult, OfflineFinding } from '../lambdas/shared/handler';
import type { BeforeState } from '../lambdas/shared/ledger-schema';
import type { Preparer } from '../lambdas/shared/prepare-plan';
import type { PlanRelease } from '../lambdas/shared/release-plan';

/** A responder's Lambda handler, with its offline planning (`createHandler`). */
export type Handler = ((event: unknown) => Promise<HandlerResult>) & {
  readonly planOffline?: (event: unknown) => OfflineFinding[];
};

/** Loads the handler module of `name`. */
export async function loadEntryPoint(name: ResponderName): Promise<{ handler: Handler }> {
  const entry = (await import(`../lambdas/${name}/index.ts`)) as { handler?: unknown };
  if (typeof entry.handler !== 'function') {
    throw new Error(`lambdas/${name}/index.ts exports no handler`);
  }
  return entry as { handler: Handler };
}

/**
 * Loads the release planner of the responder that recorded `before` (its `kind`). The planner
 * is typed for its own before-state; the `kind` the responder wrote selects it.
 */
export async function loadReleasePlanner(before: BeforeState): Promise<PlanRelease<BeforeState>> {
  const name = before.kind;
  // The kind comes from the ledger: only a registered name may pick a module to load.
  if (!(RESPONDER_NAMES as readonly string[]).includes(name)) {
    throw new Error(`the before-state's kind ${JSON.stringify(name)} is no registered responder`);
  }
  let planner: { planRelease?: unknown };
  try {
    planner = (await import(`../lambdas/${name}/release.ts`)) as { planRelease?: unknown };
  } catch (cause) {
    throw new Error(`lambdas/${name}/release.ts cannot be loaded (before-state kind ${name})`, {
      cause,
    });
  }
  if (typeof planner.planRelease !== 'function') {
    throw new Error(`lambdas/${name}/release.ts exports no planRelease`);
  }
  return planner.planRelease as PlanRelease<BeforeState>;
}

/** Loads the preparation of `name` (`lambdas/<name>/prepare.ts`, `security-ir prepare`). */
export async function loadPreparer(name: ResponderName): Promise<Preparer> {
  const module = (await import(`../lambdas/${name}/prepare.ts`)) as { preparer?: Preparer };
  if (typeof module.preparer?.prepareRegion !== 'function') {
    throw new Error(`lambdas/${name}/prepare.ts exports no preparer`);
  }
  return module.preparer;
}

/**
 * Loads the exception-tag definitions of the kinds `name` owns (`lambdas/<name>/exception-tags.ts`,
 * `export const exceptionTags`), declared in its registry entry as `kinds.<kind>.exceptionTag`.
 */
export async function loadExceptionTags(name: ResponderName): Promise<ExceptionTagKinds> {
  let module: { exceptionTags?: ExceptionTagKinds };
  try {
    module = (await import(`../lambdas/${name}/exception-tags.ts`)) as typeof module;
  } catch (cause) {
    throw new Error(`lambdas/${name}/exception-tags.ts cannot be loaded`, { cause });
  }
  if (typeof module.exceptionTags !== 'object' || module.exceptionTags === null) {
    throw new Error(`lambdas/${name}/exception-tags.ts exports no exceptionTags`);
  }
  return module.exceptionTags;
}
