import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfigWithSource } from '../../../modules/config/load';

/** A project folder (with cdktf.json) holding `ir.config.json` and a nested folder. */
function project(config?: string): { root: string; nested: string } {
  const root = mkdtempSync(join(tmpdir(), 'ir-project-'));
  writeFileSync(join(root, 'cdktf.json'), '{}');
  if (config !== undefined) writeFileSync(join(root, 'ir.config.json'), config);
  const nested = join(root, 'cli', 'deep');
  mkdirSync(nested, { recursive: true });
  return { root, nested };
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config: where the file comes from', () => {
  it('finds ir.config.json walking up from a nested folder of the project', () => {
    // Arrange
    const { root, nested } = project('{ "exceptionTagKey": "IR-Exempt" }');

    // Act
    const { config, source } = loadConfigWithSource({ cwd: nested, env: {} });

    // Assert
    expect(config.exceptionTagKey).toBe('IR-Exempt');
    expect(source.file).toBe(join(root, 'ir.config.json'));
  });

  it('stops at the project root and says that the embedded defaults are used', () => {
    // Arrange: a config file above the project root must not be picked up.
    const { root, nested } = project();
    writeFileSync(join(root, '..', 'ir.config.json'), '{ "prefix": "wrong" }');

    // Act
    const { config, source } = loadConfigWithSource({ cwd: nested, env: {} });

    // Assert
    expect(config.prefix).toBe('security-ir');
    expect(source.file).toBeUndefined();
    expect(source.how).toBe(
      `no ir.config.json in ${nested} or its parents up to ${root}: embedded defaults`,
    );
  });

  it('reads the file given with --config before IR_CONFIG_FILE', () => {
    // Arrange
    const { root } = project();
    writeFileSync(join(root, 'a.json'), '{ "prefix": "from-flag" }');
    writeFileSync(join(root, 'b.json'), '{ "prefix": "from-env" }');

    // Act
    const { config, source } = loadConfigWithSource({
      cwd: root,
      file: 'a.json',
      env: { IR_CONFIG_FILE: 'b.json' },
    });

    // Assert
    expect(config.prefix).toBe('from-flag');
    expect(source.how).toBe('named by --config');
  });

  it('fails naming --config when the file does not exist', () => {
    const { root } = project();
    expect(messageOf(() => loadConfigWithSource({ cwd: root, file: 'nope.json', env: {} }))).toBe(
      `Invalid configuration:\n  --config: ${join(root, 'nope.json')} does not exist`,
    );
  });
});

describe('config: errors name their source once', () => {
  it('gives the line and column of a JSON syntax error', () => {
    // Arrange: the value of "prefix" is missing on line 3.
    const { root } = project('{\n  "regions": ["us-east-1"],\n  "prefix": }\n');

    // Act
    const message = messageOf(() => loadConfigWithSource({ cwd: root, env: {} }));

    // Assert
    expect(message).toBe(
      `Invalid configuration:\n  ${join(root, 'ir.config.json')}:3:13: not valid JSON (Unexpected token '}')`,
    );
  });

  it('names the file for a bad key of the file and the variable for a bad override', () => {
    // Arrange
    const { root } = project('{ "regoins": ["us-east-1"] }');

    // Act
    const message = messageOf(() =>
      loadConfigWithSource({ cwd: root, env: { IR_REGIONS: 'us-east-1,eu-wst-3' } }),
    );

    // Assert
    expect(message.split('\n')).toEqual([
      'Invalid configuration:',
      `  IR_REGIONS: regions[1]: "eu-wst-3" is not an AWS region; did you mean "eu-west-3"?`,
      `  ${join(root, 'ir.config.json')}: regoins: unknown key "regoins"; did you mean "regions"?`,
    ]);
  });

  it('reports one mistake once, not again as a check on the whole list', () => {
    // Act: the typo would also break "regions must include the home region".
    const message = messageOf(() =>
      loadConfigWithSource({ cwd: project().root, env: { IR_REGIONS: 'us-east-l' } }),
    );

    // Assert
    expect(message).toBe(
      'Invalid configuration:\n  IR_REGIONS: regions[0]: "us-east-l" is not an AWS region; did you mean "us-east-1"?',
    );
  });

  it('reports a misspelt required key once', () => {
    // Arrange
    const { root } = project('{ "backend": { "type": "cloud", "organisation": "acme" } }');

    // Act
    const message = messageOf(() => loadConfigWithSource({ cwd: root, env: {} }));

    // Assert
    expect(message).toBe(
      `Invalid configuration:\n  ${join(root, 'ir.config.json')}: backend.organisation: unknown key "organisation"; did you mean "organization"?`,
    );
  });

  it('lists the regions when no region is close', () => {
    const message = messageOf(() =>
      loadConfigWithSource({ cwd: project().root, env: { IR_HOME_REGION: 'moon-1' } }),
    );
    expect(message).toContain(
      'IR_HOME_REGION: homeRegion: "moon-1" is not an AWS region; regions: af-south-1, ap-east-1,',
    );
    expect(message.split('\n')).toHaveLength(2);
  });

  it('lists the valid keys when no key is close', () => {
    const { root } = project('{ "lambda": { "cpu": 2 } }');
    expect(messageOf(() => loadConfigWithSource({ cwd: root, env: {} }))).toContain(
      'lambda.cpu: unknown key "cpu" (valid keys: timeoutSeconds, memoryMb)',
    );
  });

  it('ignores $schema, which points editors at the JSON Schema', () => {
    const { root } = project('{ "$schema": "./ir.config.schema.json", "prefix": "acme-ir" }');
    expect(loadConfigWithSource({ cwd: root, env: {} }).config.prefix).toBe('acme-ir');
  });
});
