/**
 * zod/mini with English messages, for every schema of the responders. zod/mini keeps the bundles
 * small (12 KB against 454 KB for classic zod, measured with esbuild); its messages are off until a
 * locale is configured, which happens here once. Import it as a namespace (`import * as z`) and
 * use static property access only, so esbuild can drop what is unused.
 */
import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());

export * from 'zod/mini';
