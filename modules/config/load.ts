/**
 * Loads the configuration: embedded defaults, then one JSON file, then environment overrides
 * (`IR_*`). The file is `--config` / `IR_CONFIG_FILE` when given, else the first `ir.config.json`
 * found walking up from the current folder to the project root (the folder with `cdktf.json`). An
 * invalid value fails with every offending key named once, with its source (the file, or the
 * `IR_*` variable) and, where knowable, what to write instead, e.g.
 * `IR_REGIONS: regions[1]: "eu-wst-3" is not an AWS region; did you mean "eu-west-3"?`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { formatIssues } from './issues';
import { jsonErrorOffset, lineColumn } from './json-position';
import { LimitedConfigSchema } from './limited-schema';
import { configNotices } from './notices';
import type { Config, ConfigInput } from './schema';

/** The configuration is invalid; the message names every offending key and its source. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The file name looked for in the project's folders. */
export const CONFIG_FILE_NAME = 'ir.config.json';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merges `over` into `base`: objects key by key, arrays and scalars replaced. */
export function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isObject(b) && isObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const bool = (name: string, v: string) => {
  if (v === 'true' || v === 'false') return v === 'true';
  throw new ConfigError(
    `Invalid configuration:\n  ${name}: ${JSON.stringify(v)} must be "true" or "false"`,
  );
};

/** Environment variables that override single keys. */
export const ENV_OVERRIDES: Record<string, (v: string, name: string) => Json> = {
  IR_PREFIX: (v) => ({ prefix: v }),
  IR_EXCEPTION_TAG_KEY: (v) => ({ exceptionTagKey: v }),
  IR_MEMBER_ROLE_NAME: (v) => ({ memberRoleName: v }),
  IR_HOME_REGION: (v) => ({ homeRegion: v }),
  IR_REGIONS: (v) => ({ regions: list(v) }),
  IR_SECURITY_ACCOUNT_ID: (v) => ({ securityAccountId: v }),
  IR_MANAGEMENT_ACCOUNT_ID: (v) => ({ managementAccountId: v }),
  IR_ORGANIZATION_ID: (v) => ({ organization: { id: v } }),
  IR_ROOT_ID: (v) => ({ organization: { rootId: v } }),
  IR_TARGET_OU_IDS: (v) => ({ organization: { targetOuIds: list(v) } }),
  IR_CALL_AS: (v) => ({ callAs: v }),
  IR_DRY_RUN: (v, n) => ({ dryRun: bool(n, v) }),
  IR_ALERT_EMAILS: (v) => ({ alerts: { emails: list(v) } }),
  IR_ALLOWED_CIDR_V4: (v) => ({ allowedCidrs: { v4: list(v) } }),
  IR_ALLOWED_CIDR_V6: (v) => ({ allowedCidrs: { v6: list(v) } }),
  IR_OPERATOR_PRINCIPAL_ARNS: (v) => ({ operatorPrincipalArns: list(v) }),
  IR_TFC_ORGANIZATION: (v) => ({ backend: { type: 'cloud', organization: v } }),
  IR_TFC_HOSTNAME: (v) => ({ backend: { hostname: v } }),
  IR_TFC_WORKSPACE_PREFIX: (v) => ({ backend: { workspacePrefix: v } }),
};

/** The dotted key paths an override sets, e.g. `['organization.id']` for IR_ORGANIZATION_ID. */
export function overridePaths(name: string): string[] {
  const toConfig = ENV_OVERRIDES[name];
  if (!toConfig) return [];
  const leaves = (o: Json, prefix: string): string[] =>
    Object.entries(o).flatMap(([k, v]) =>
      isObject(v) ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`],
    );
  return leaves(toConfig('true', name), '');
}

/** Where each part of the configuration came from: the file, and the variables that were set. */
export interface ConfigSource {
  /** Absolute path of the file read, if any. */
  readonly file?: string;
  /** Why this file (or none): `--config`, `IR_CONFIG_FILE`, found walking up, or not found. */
  readonly how: string;
  /** The `IR_*` variables that overrode keys. */
  readonly variables: readonly string[];
}

/** Validates a configuration object; throws {@link ConfigError} naming every bad key once. */
export function parseConfig(input: unknown, source?: ConfigSource): Config {
  // The input of each issue lets the message show the value and how to write it.
  const result = LimitedConfigSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const where = (path: string): string => {
    const variable = source?.variables.find((v) =>
      overridePaths(v).some(
        (p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`),
      ),
    );
    if (variable) return variable;
    return source?.file ?? '';
  };
  const lines = formatIssues(result.error.issues).map((line) => {
    const origin = where(line.path);
    return `  ${origin ? `${origin}: ` : ''}${line.text}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** Where the configuration comes from. */
export interface LoadOptions {
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Folder the search for `ir.config.json` starts from. @default process.cwd() */
  readonly cwd?: string;
  /** A file named on the command line (`--config`); wins over `IR_CONFIG_FILE`. */
  readonly file?: string;
}

/**
 * The first `ir.config.json` from `cwd` up to the project root (the folder holding `cdktf.json`),
 * and the folders searched.
 */
export function findConfigFile(cwd: string): { file?: string; searched: string[] } {
  const searched: string[] = [];
  let dir = resolve(cwd);
  for (;;) {
    searched.push(dir);
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return { file: candidate, searched };
    const parent = dirname(dir);
    if (existsSync(join(dir, 'cdktf.json')) || parent === dir) return { searched };
    dir = parent;
  }
}

function locate(options: LoadOptions, env: NodeJS.ProcessEnv, cwd: string): ConfigSource {
  const named = options.file
    ? { path: options.file, by: '--config' }
    : env.IR_CONFIG_FILE
      ? { path: env.IR_CONFIG_FILE, by: 'IR_CONFIG_FILE' }
      : undefined;
  if (named) {
    const file = resolve(cwd, named.path);
    if (!existsSync(file)) {
      throw new ConfigError(`Invalid configuration:\n  ${named.by}: ${file} does not exist`);
    }
    return { file, how: `named by ${named.by}`, variables: [] };
  }
  const found = findConfigFile(cwd);
  if (found.file)
    return { file: found.file, how: 'found walking up from the current folder', variables: [] };
  const [first, last] = [found.searched[0], found.searched.at(-1)];
  return {
    how: `no ${CONFIG_FILE_NAME} in ${first}${last !== first ? ` or its parents up to ${last}` : ''}: embedded defaults`,
    variables: [],
  };
}

function readFile(file: string): Json {
  const text = readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const at =
      offset === undefined
        ? ''
        : (({ line, column }) => `:${line}:${column}`)(lineColumn(text, offset));
    // V8's message without its position and excerpt, which the line and column replace.
    const why = (error as Error).message.replace(
      /(,? ?in JSON at position \d+.*|, ?(\.\.\.)?".*"(\.\.\.)? is not valid JSON)$/s,
      '',
    );
    throw new ConfigError(`Invalid configuration:\n  ${file}${at}: not valid JSON (${why})`);
  }
  if (!isObject(parsed))
    throw new ConfigError(`Invalid configuration:\n  ${file}: must hold a JSON object`);
  // `$schema` points editors at ir.config.schema.json and `$comment` is for people: not settings.
  const { $schema: _schema, $comment: _comment, ...settings } = parsed;
  return settings;
}

/**
 * Loads defaults + JSON file + environment overrides, validates them, and says where they came
 * from and what a person should know about them (notices.ts).
 */
export function loadConfigWithSource(options: LoadOptions = {}): {
  config: Config;
  source: ConfigSource;
  notices: string[];
} {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const located = locate(options, env, cwd);
  let merged: Json = located.file ? readFile(located.file) : {};
  const variables: string[] = [];
  for (const [name, toConfig] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      merged = deepMerge(merged, toConfig(value, name));
      variables.push(name);
    }
  }
  const source = { ...located, variables };
  const config = parseConfig(merged as ConfigInput, source);
  return { config, source, notices: configNotices(merged, config) };
}

/** The configuration line of synth and the operator tool: the file (or none) and the variables. */
export function describeSource(source: ConfigSource): string {
  const vars = source.variables.length ? `; overridden by ${source.variables.join(', ')}` : '';
  return source.file
    ? `configuration: ${source.file} (${source.how}${vars})`
    : `configuration: ${source.how}${vars}`;
}

/** Loads defaults + JSON file + environment overrides and validates the result. */
export function loadConfig(options: LoadOptions = {}): Config {
  return loadConfigWithSource(options).config;
}
