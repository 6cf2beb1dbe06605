/**
 * zod/mini with English messages, for every schema of the responders. zod/mini keeps the bundles
 * small (12 KB against 454 KB for classic zod, measured with esbuild); its messages are off until a
 * locale is configured, which happens here once. Import it as a namespace (`import * as z`) and
 * use static property access only, so esbuild can drop what is unused.
 */
import { en } from 'zod/locales';
import { config, type ZodMiniType } from 'zod/mini';

config(en());

export * from 'zod/mini';

/**
 * A schema built on its first use instead of when its module loads. Building a zod schema is not
 * free (each check and field is an object with its traits applied), and the responders declared
 * about 380 of them at module scope: the larger part of a Lambda's init once the SDK was out of it
 * (docs/performance.md). A handler builds only the schemas of the dialects and the settings it
 * actually reads. Call it to get the schema; `parseWith` takes it as it is.
 */
export function lazySchema<T extends ZodMiniType>(build: () => T): () => T {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
}
