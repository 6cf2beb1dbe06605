import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDestroyState } from '../../cli/destroy-check';
import { parseConfig } from '../../modules/config/load';

const ROOT = join(__dirname, '..', '..');

function projectWithState(state?: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'destroy-'));
  writeFileSync(join(dir, 'cdktf.json'), '{}');
  if (state) {
    mkdirSync(join(dir, 'state'));
    writeFileSync(join(dir, 'state', 'master.tfstate'), JSON.stringify(state));
  }
  return dir;
}

describe('destroy: the state check', () => {
  it('stops when the state file is missing', () => {
    const dir = projectWithState();
    const check = checkDestroyState(dir, parseConfig({}), 'master');
    expect(check.ok).toBe(false);
    expect(check.message).toContain(
      `WARNING: no state file ${join(dir, 'state', 'master.tfstate')}`,
    );
    expect(check.message).toContain('leave every resource of master in AWS');
  });

  it('stops when the state holds no resources', () => {
    const dir = projectWithState({ version: 4, resources: [] });
    expect(checkDestroyState(dir, parseConfig({}), 'master')).toEqual({
      ok: false,
      message: expect.stringContaining('holds no resources'),
    });
  });

  it('goes on with a state that holds resources', () => {
    const dir = projectWithState({ version: 4, resources: [{ type: 'aws_lambda_function' }] });
    expect(checkDestroyState(dir, parseConfig({}), 'master')).toEqual({
      ok: true,
      message: `state of master: ${join(dir, 'state', 'master.tfstate')} (1 resources)`,
    });
  });

  it('names the HCP Terraform workspace of a cloud backend', () => {
    const config = parseConfig({ backend: { type: 'cloud', organization: 'acme' } });
    expect(checkDestroyState('/x', config, 'service').message).toContain(
      'HCP Terraform workspace security-ir-service in acme',
    );
  });

  it('warns and exits 2 without running cdktf when run on an empty state', () => {
    // Act
    const dir = projectWithState();
    const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'destroy.js'), 'master'], {
      cwd: dir,
      encoding: 'utf8',
    });

    // Assert
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('WARNING: no state file');
  });
});
