/**
 * The resource an exception is granted on or revoked from, parsed from an id or ARN. Every kind
 * the registry declares with an `exceptionTag` is accepted; its parsing, label and tag calls are
 * the owner's `lambdas/<owner>/exception-tags.ts`, loaded by name.
 */
import type { ExceptionTagDeclaration, ResourceKind } from '../lambdas/registry/declaration';
import { resourceForms, taggableKinds } from '../lambdas/registry/resource-kinds';
import type { ResponderName } from '../lambdas/registry/responders';
import type { AnyExceptionTagKind } from '../lambdas/shared/exception-tags';
import { loadExceptionTags } from './entry-points';
import { UsageError } from './errors';

/** A kind carrying the exception tag, with its declaration and its owner's code. */
export interface LoadedKind {
  readonly kind: ResourceKind;
  readonly owner: ResponderName;
  readonly tag: ExceptionTagDeclaration;
  readonly code: AnyExceptionTagKind;
}

/** A resource that can carry the exception tag: its kind and the kind's own reference. */
export interface ResourceRef {
  readonly kind: LoadedKind;
  readonly ref: unknown;
}

/** What the operator may pass as `--resource` (from the registry: each kind's `forms`). */
export const RESOURCE_FORMS = resourceForms();

/**
 * Loads the code of every kind the registry declares with an `exceptionTag`, from its owner's
 * folder; throws when an owner does not define a kind it declares.
 */
export async function loadTaggableKinds(): Promise<LoadedKind[]> {
  const kinds = taggableKinds();
  const owners = [...new Set(kinds.map((k) => k.owner))];
  const loaded = new Map(
    await Promise.all(owners.map(async (o) => [o, await loadExceptionTags(o)] as const)),
  );
  return kinds.map((k) => {
    const code = loaded.get(k.owner)?.[k.kind];
    if (!code) {
      throw new Error(
        `lambdas/${k.owner}/exception-tags.ts defines no exception tag for ${k.kind}`,
      );
    }
    return { ...k, code };
  });
}

/** Parses `--resource`; throws {@link UsageError} naming the accepted forms. */
export function parseResource(input: string, kinds: readonly LoadedKind[]): ResourceRef {
  const value = input.trim();
  for (const kind of kinds) {
    const ref = kind.code.parse(value);
    if (ref !== undefined) return { kind, ref };
  }
  throw new UsageError(
    `--resource ${JSON.stringify(value.slice(0, 200))} is not a resource that can carry an exception; use ${RESOURCE_FORMS}`,
  );
}

/** How a resource is printed: its id, bucket name or ARN. */
export function resourceLabel(r: ResourceRef): string {
  return r.kind.code.label(r.ref);
}
