import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_DESCRIPTIONS } from '../../../modules/config/descriptions';
import { configJsonSchema, documentedPaths, keysAt } from '../../../modules/config/json-schema';
import { loadConfigWithSource } from '../../../modules/config/load';
import { configReferenceMarkdown } from '../../../modules/config/reference';

const ROOT = join(__dirname, '..', '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Table rows as trimmed cells, so Markdown padding does not matter. */
const cells = (table: string) =>
  table
    .trim()
    .split('\n')
    .filter((line) => !/^\|[\s-|]+\|$/.test(line))
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );

describe('config: one source for the schema, the example and the configuration reference', () => {
  it('describes every key of the schema, and nothing else', () => {
    expect(documentedPaths().sort()).toEqual(Object.keys(CONFIG_DESCRIPTIONS).sort());
  });

  it('ships the JSON Schema generated from the zod schema', () => {
    expect(JSON.parse(read('ir.config.schema.json'))).toEqual(configJsonSchema());
  });

  it('ships an example that names the schema and loads without error', () => {
    // Act
    const { config } = loadConfigWithSource({ file: 'ir.config.example.json', cwd: ROOT, env: {} });

    // Assert
    expect(JSON.parse(read('ir.config.example.json')).$schema).toBe('./ir.config.schema.json');
    expect(config.responseModes.organizationalUnits).toEqual({ 'ou-ab12-sandbox1': 'contain' });
  });

  it('shows the generated configuration reference in docs/configuration.md', () => {
    const readme = read('docs/configuration.md');
    const between =
      /<!-- config-reference:start -->([\s\S]*?)<!-- config-reference:end -->/.exec(readme)?.[1] ??
      '';
    expect(cells(between)).toEqual(cells(configReferenceMarkdown()));
  });

  it('knows the valid keys of nested objects and list entries', () => {
    expect(keysAt(['lambda'])).toEqual(['timeoutSeconds', 'memoryMb']);
    expect(keysAt(['configRules', 0])).toEqual(['name', 'sourceIdentifier', 'response', 'regions']);
    expect(keysAt(['findingTypes', 'isolate-ec2'])).toEqual(['add', 'remove', 'replace']);
  });
});
