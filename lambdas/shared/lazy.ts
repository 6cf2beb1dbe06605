/**
 * A responder's own code and its member-account SDK clients, loaded on the first invocation instead
 * of at Lambda init. The load starts as the invocation begins, before the event is parsed, so it
 * runs while the member role's AssumeRole is in flight (the first call on every cold path) and adds
 * nothing to the critical path; the init loads only the shared pipeline and the STS client it needs
 * for that first call.
 */

/** Loads `load()` once, on first call, and keeps it; a failed load is tried again next time. */
export function lazyModule<M>(load: () => Promise<M>): () => Promise<M> {
  let pending: Promise<M> | undefined;
  return () => {
    if (!pending) {
      const started = load();
      pending = started;
      started.catch(() => {
        if (pending === started) pending = undefined;
      });
    }
    return pending;
  };
}

/**
 * `handler`, starting `preload` at the beginning of every invocation (a no-op once loaded). A failed
 * load is not lost: it rejects again where the responder awaits its module, and that finding fails.
 */
export function preloading<A extends unknown[], R>(
  preload: () => Promise<unknown>,
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return (...args: A) => {
    preload().catch(() => undefined);
    return handler(...args);
  };
}
