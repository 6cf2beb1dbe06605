/**
 * AWS SDK clients whose schema module esbuild can tree-shake. Each client's
 * `dist-es/schemas/schemas_0.js` declares every shape of every operation of the service (EC2: 1.3 MB
 * of source) as plain arrays, but writes their traits with computed keys whose names are string
 * constants of the same file (`{ [_xN]: _m }`). A computed key may run code, so esbuild keeps every
 * declaration that has one, and with them every shape they reach: a bundle holding one EC2 command
 * carried 552 KB of EC2 schemas. Rewriting each such key as the string literal it names
 * (`{ "xmlName": _m }`) changes no value, and esbuild then drops the shapes no imported command
 * reaches (the bare EC2 client: 852 KB -> 320 KB).
 *
 * The rewritten copies live under `dist/sdk-esm/<package>@<version>`, made once per version, and
 * the bundle aliases the package to its copy. Bare imports inside a copy (`@smithy/core`) resolve
 * from the project's node_modules, as the original's do (the clients have no nested node_modules).
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Bumped when {@link inlineComputedKeys} changes, so old copies are not reused. */
const TRANSFORM_VERSION = 1;

/** `{ [_k]: v }` -> `{ "value of _k": v }` for every `const _k = "..."` of the module. */
export function inlineComputedKeys(source: string): { code: string; replaced: number } {
  const constants = new Map<string, string>();
  for (const m of source.matchAll(/^const (_\w+) = ("[^"\\\n]*");$/gm))
    constants.set(m[1] as string, m[2] as string);
  let replaced = 0;
  const code = source.replace(/\[(_\w+)\]:/g, (whole, name: string) => {
    const value = constants.get(name);
    if (value === undefined) return whole;
    replaced++;
    return `${value}:`;
  });
  return { code, replaced };
}

/** The `@aws-sdk/client-*` packages the project depends on (package.json). */
export function sdkClientPackages(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(pkg.dependencies ?? {})
    .filter((name) => name.startsWith('@aws-sdk/client-'))
    .sort();
}

/**
 * Makes (once) the rewritten copy of each SDK client and returns esbuild `alias` entries pointing
 * every client package to its copy. `replaceAtomically` publishes a folder in one rename, so a
 * parallel process never sees a half-written copy.
 */
export function sdkSchemaAliases(
  root: string,
  replaceAtomically: (dir: string, fill: (tmp: string) => void) => void,
): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const name of sdkClientPackages(root)) {
    const source = join(root, 'node_modules', name);
    const { version } = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as {
      version: string;
    };
    const copy = join(
      root,
      'dist',
      'sdk-esm',
      `${name.replace('/', '+')}@${version}-t${TRANSFORM_VERSION}`,
    );
    if (!existsSync(join(copy, 'package.json'))) {
      replaceAtomically(copy, (tmp) => {
        cpSync(source, tmp, {
          recursive: true,
          filter: (path) => !/^dist-(cjs|types)\b/.test(relative(source, path)),
        });
        const schemas = join(tmp, 'dist-es', 'schemas');
        for (const file of existsSync(schemas) ? readdirSync(schemas) : []) {
          if (!file.endsWith('.js')) continue;
          const path = join(schemas, file);
          writeFileSync(path, inlineComputedKeys(readFileSync(path, 'utf8')).code);
        }
      });
    }
    aliases[name] = copy;
  }
  return aliases;
}
