/** The result of granting or revoking an exception, shared by every resource type. */

/** One resource whose tags were changed. */
export interface TaggedResource {
  readonly id: string;
  /** e.g. `instance`, `network interface`, `volume`, `bucket`. */
  readonly type: string;
}

/** What a grant or revoke changed; `resources` is empty when nothing needed changing. */
export interface TagChange {
  readonly resources: readonly TaggedResource[];
  /** The exact tag keys written or removed (a revoke removes every letter-case variant). */
  readonly keys: readonly string[];
  /** The value the exception had before, when it was read. */
  readonly previous?: string;
  /** Extra facts for the operator, e.g. that bucket ABAC was enabled. */
  readonly notes?: readonly string[];
}

/** The keys among `tags` equal to `key` in any letter case, as IAM compares them. */
export function keyVariants(
  tags: readonly { readonly Key?: string; readonly Value?: string }[] | undefined,
  key: string,
): { keys: string[]; value?: string } {
  const wanted = key.toLowerCase();
  const hits = (tags ?? []).filter((t) => t.Key?.toLowerCase() === wanted);
  const value = hits[0]?.Value;
  return { keys: hits.map((t) => t.Key as string), ...(value !== undefined ? { value } : {}) };
}
