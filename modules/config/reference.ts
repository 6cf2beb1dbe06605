/**
 * The configuration reference of docs/configuration.md, generated from the schema (keys and
 * defaults), the descriptions and the environment overrides: `npm run config:reference` prints it,
 * and a test keeps that page equal to it.
 */

import { markdownTable } from '../shared/markdown-table';
import { CONFIG_DESCRIPTIONS } from './descriptions';
import { documentedPaths } from './json-schema';
import { ENV_OVERRIDES, overridePaths, parseConfig } from './load';

function valueAt(config: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) =>
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[key]
          : undefined,
      config,
    );
}

function showDefault(value: unknown): string {
  if (value === undefined) return 'from AWS at plan time';
  if (Array.isArray(value) && value.length > 3) {
    return `${value.length} entries (\`lambdas/registry/\`)`;
  }
  return `\`${JSON.stringify(value)}\``;
}

/** One table row per documented key: key, default, meaning, environment override. */
export function configReferenceMarkdown(): string {
  const defaults = parseConfig({});
  const rows = documentedPaths().map((path) => {
    const env = Object.keys(ENV_OVERRIDES).filter((name) =>
      overridePaths(name).some((p) => p === path || p.startsWith(`${path}.`)),
    );
    const meaning = (CONFIG_DESCRIPTIONS[path] ?? '').replace(/\|/g, '\\|');
    return [
      `\`${path}\``,
      showDefault(valueAt(defaults, path)),
      meaning,
      env.map((e) => `\`${e}\``).join(', '),
    ];
  });
  return markdownTable(['key', 'default', 'meaning', 'env override'], rows);
}

if (require.main === module) process.stdout.write(`${configReferenceMarkdown()}\n`);
