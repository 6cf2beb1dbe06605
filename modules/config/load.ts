/**
 * Loads the configuration: embedded defaults, then an optional JSON file (`ir.config.json` in the
 * project, or the path in `IR_CONFIG_FILE`), then environment overrides (`IR_*`). An invalid value
 * fails with every offending key named, e.g. `regions[1]: "eu-wst-3" is not an AWS region`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Config, type ConfigInput, ConfigSchema } from './schema';

/** The configuration is invalid; the message names every offending key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

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
const ENV_OVERRIDES: Record<string, (v: string, name: string) => Json> = {
  IR_PREFIX: (v) => ({ prefix: v }),
  IR_EXCEPTION_TAG_KEY: (v) => ({ exceptionTagKey: v }),
  IR_MEMBER_ROLE_NAME: (v) => ({ memberRoleName: v }),
  IR_HOME_REGION: (v) => ({ homeRegion: v }),
  IR_REGIONS: (v) => ({ regions: list(v) }),
  IR_SECURITY_ACCOUNT_ID: (v) => ({ securityAccountId: v }),
  IR_ORGANIZATION_ID: (v) => ({ organization: { id: v } }),
  IR_ROOT_ID: (v) => ({ organization: { rootId: v } }),
  IR_TARGET_OU_IDS: (v) => ({ organization: { targetOuIds: list(v) } }),
  IR_CALL_AS: (v) => ({ callAs: v }),
  IR_DRY_RUN: (v, n) => ({ dryRun: bool(n, v) }),
  IR_ALERT_EMAILS: (v) => ({ alerts: { emails: list(v) } }),
  IR_ALLOWED_CIDR_V4: (v) => ({ allowedCidrs: { v4: list(v) } }),
  IR_ALLOWED_CIDR_V6: (v) => ({ allowedCidrs: { v6: list(v) } }),
  IR_TFC_ORGANIZATION: (v) => ({ backend: { type: 'cloud', organization: v } }),
  IR_TFC_HOSTNAME: (v) => ({ backend: { hostname: v } }),
  IR_TFC_WORKSPACE_PREFIX: (v) => ({ backend: { workspacePrefix: v } }),
};

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, seg) =>
      typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${String(seg)}` : String(seg),
    '',
  );
}

/** Validates a configuration object; throws {@link ConfigError} naming every bad key. */
export function parseConfig(input: unknown): Config {
  const result = ConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => {
    const where = formatPath(i.path) || '(config)';
    const message =
      i.code === 'unrecognized_keys'
        ? `unknown key(s) ${i.keys.map((k) => JSON.stringify(k)).join(', ')}`
        : i.message;
    return `  ${where}: ${message}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** Where the configuration comes from. */
export interface LoadOptions {
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Project folder holding `ir.config.json`. @default process.cwd() */
  readonly cwd?: string;
}

/** Loads defaults + JSON file + environment overrides and validates the result. */
export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  let merged: Json = {};
  const file = env.IR_CONFIG_FILE
    ? resolve(cwd, env.IR_CONFIG_FILE)
    : resolve(cwd, 'ir.config.json');
  if (env.IR_CONFIG_FILE && !existsSync(file)) {
    throw new ConfigError(`Invalid configuration:\n  IR_CONFIG_FILE: ${file} does not exist`);
  }
  if (existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError(
        `Invalid configuration:\n  ${file}: not valid JSON (${(error as Error).message})`,
      );
    }
    if (!isObject(parsed))
      throw new ConfigError(`Invalid configuration:\n  ${file}: must hold a JSON object`);
    merged = parsed;
  }
  for (const [name, toConfig] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value !== undefined && value !== '') merged = deepMerge(merged, toConfig(value, name));
  }
  return parseConfig(merged as ConfigInput);
}
