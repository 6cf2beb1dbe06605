/**
 * The JSON Schema of `ir.config.json`, generated from the zod schema (the one source) with the
 * descriptions of `descriptions.ts`. `npm run generate` (bin/generate.ts) writes it to `ir.config.schema.json`,
 * which `ir.config.example.json` names in `$schema` so that editors complete and check keys.
 */
import { z } from 'zod';
import { CONFIG_DESCRIPTIONS } from './descriptions';
import { ConfigSchema } from './schema';

/** A JSON Schema node (the subset this module reads). */
export interface SchemaNode {
  type?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  [key: string]: unknown;
}

/** The file name of the generated schema, at the project root. */
export const SCHEMA_FILE_NAME = 'ir.config.schema.json';

function bare(): SchemaNode {
  // Input side: what a person writes (transforms such as list edits are shown as written).
  return z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }) as SchemaNode;
}

const branches = (node: SchemaNode) => [node, ...(node.anyOf ?? []), ...(node.oneOf ?? [])];

/** The dotted paths of the documented keys: nested objects are walked, anything else is a key. */
export function documentedPaths(node: SchemaNode = bare(), prefix = ''): string[] {
  return Object.entries(node.properties ?? {}).flatMap(([key, child]) =>
    child.properties && !child.anyOf && !child.oneOf
      ? documentedPaths(child, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

/** The valid keys of the object at `path` (numbers step into list entries); empty when unknown. */
export function keysAt(path: readonly PropertyKey[], node: SchemaNode = bare()): string[] {
  let nodes = [node];
  for (const seg of path) {
    nodes = nodes.flatMap(branches).flatMap((n) => {
      if (typeof seg === 'number') return n.items ? [n.items] : [];
      const child = n.properties?.[String(seg)];
      return child ? [child] : [];
    });
  }
  const keys = nodes.flatMap(branches).flatMap((n) => Object.keys(n.properties ?? {}));
  return [...new Set(keys)];
}

/** The schema with a title, an id-free `$schema` key allowed, and every description. */
export function configJsonSchema(): SchemaNode {
  const schema = bare();
  for (const [path, description] of Object.entries(CONFIG_DESCRIPTIONS)) {
    let node: SchemaNode | undefined = schema;
    for (const key of path.split('.')) node = node?.properties?.[key];
    if (node) node.description = description;
  }
  schema.title = 'security-ir configuration (ir.config.json)';
  schema.properties = {
    $schema: { type: 'string', description: 'path or URL of this schema, for editors' },
    $comment: {
      type: 'array',
      items: { type: 'string' },
      description: 'notes for people; the loader ignores them',
    },
    ...schema.properties,
  };
  return schema;
}

/** The file text: two-space JSON and a final newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
