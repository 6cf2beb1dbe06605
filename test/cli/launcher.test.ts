import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'security-ir.js');

/** An environment without any AWS credentials (no profile files, no instance metadata). */
function noCredentials(): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'home-'));
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Runs the installed launcher as a user would, from `cwd`. */
function cli(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = noCredentials()) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env });
}

/** A project folder (cdktf.json) holding `config` as ir.config.json, and a nested folder. */
function project(config: string): { file: string; nested: string } {
  const root = mkdtempSync(join(tmpdir(), 'ir-cli-'));
  writeFileSync(join(root, 'cdktf.json'), '{}');
  writeFileSync(join(root, 'ir.config.json'), config);
  const nested = join(root, 'team', 'notes');
  mkdirSync(nested, { recursive: true });
  return { file: join(root, 'ir.config.json'), nested };
}

beforeAll(() => {
  // What `npm ci` does through `prepare`.
  execFileSync(process.execPath, [join(ROOT, 'bin', 'build.js')], { cwd: ROOT });
});

describe('command line: the compiled launcher', () => {
  it('prints the version of package.json from the compiled build, and nothing else', () => {
    // Act
    const result = cli(['--version']);

    // Assert
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
    // No "running from the TypeScript sources" note: the compiled file ran.
    expect(result.stderr).toBe('');
  });

  it('lists every command in --help', () => {
    const result = cli(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/grant[\s\S]*revoke[\s\S]*audit[\s\S]*doctor[\s\S]*respond/);
    expect(result.stdout).toContain('--config <file>');
  });

  it('exits 2 on bad input', () => {
    const result = cli(['grant', '--resource', 'i-0a1b2c3d4e5f60789', '--ticket', 'a;b']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--ticket must not contain ";"');
  });
});

describe('command line: credentials', () => {
  it('says that grant needs the member account credentials and how to get them', () => {
    // Act
    const result = cli(['grant', '--resource', 'i-0a1b2c3d4e5f60789', '--ticket', 'CHG-1']);

    // Assert
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('error: no valid AWS credentials (CredentialsProviderError');
    expect(result.stderr).toContain(
      'This command needs credentials of the member account that owns the resource, as an exception admin',
    );
    expect(result.stderr).toContain('aws sso login --profile <profile>');
    expect(result.stderr).not.toContain('NodeVersionSupportWarning');
  });
});

describe('command line: configuration', () => {
  it('finds ir.config.json from a nested folder and names it with each error once', () => {
    // Arrange
    const { file, nested } = project('{ "regoins": ["us-east-1"] }');

    // Act
    const result = cli(['audit', '--accounts', '222222222222'], nested);

    // Assert
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `error: Invalid configuration:\n  ${file}: regoins: unknown key "regoins"; did you mean "regions"?\n`,
    );
  });

  it('gives the line and column of a JSON syntax error', () => {
    // Arrange
    const { file, nested } = project('{\n  "prefix": "acme",\n  "regions": ["us-east-1",]\n}\n');

    // Act
    const result = cli(['audit', '--accounts', '222222222222'], nested);

    // Assert
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}:3:27: not valid JSON`);
  });

  it('uses the file given with --config and says which file it used', () => {
    // Arrange
    const { file } = project('{ "homeRegion": "eu-west-1", "regions": ["eu-west-1"] }');

    // Act: bad --regions stops before any AWS call, after the configuration is loaded.
    const result = cli(['--config', file, 'audit', '--regions', 'eu-wst-1']);

    // Assert
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `configuration: ${file} (named by --config)\nerror: --regions takes AWS region names (got "eu-wst-1"; did you mean "eu-west-1"?)\n`,
    );
  });
});
