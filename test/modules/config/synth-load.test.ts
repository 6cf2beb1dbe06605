/**
 * `cdktf synth` says which configuration it used, and reports an invalid one once in the
 * product's words: in process (loadForSynth), and through the real cdktf CLI, which repeats
 * whatever a failing app printed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadForSynth } from '../../../modules/config/synth-load';

const ROOT = join(__dirname, '..', '..', '..');

function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

/** A project folder holding `settings` as its ir.config.json. */
function project(settings: object | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'synth-load-'));
  writeFileSync(join(dir, 'cdktf.json'), '{}');
  if (settings) writeFileSync(join(dir, 'ir.config.json'), JSON.stringify(settings));
  return dir;
}

describe('synth: the configuration it used', () => {
  it('names the file it read, and the notices, on stdout', () => {
    // Arrange
    const dir = project({ operatorPrincipalArns: ['arn:aws:iam::111111111111:role/ops'] });
    const out = sink();

    // Act
    const loaded = loadForSynth({ env: {}, cwd: dir, out, err: sink() });

    // Assert
    expect('config' in loaded).toBe(true);
    expect(out.text()).toBe(
      `configuration: ${join(dir, 'ir.config.json')} (found walking up from the current folder)\n`,
    );
  });

  it('says when it found no file and uses the embedded defaults', () => {
    const out = sink();
    loadForSynth({ env: {}, cwd: project(undefined), out, err: sink() });
    expect(out.text()).toMatch(/^configuration: no ir\.config\.json in .*: embedded defaults\n/);
    expect(out.text()).toContain('note: operatorPrincipalArns: empty');
  });
});

describe('synth: an invalid configuration', () => {
  it('exits 1 with the message on stderr when run by itself', () => {
    // Arrange
    const err = sink();

    // Act
    const loaded = loadForSynth({
      env: {},
      cwd: project({ securityAccountId: 123456789012 }),
      out: sink(),
      err,
    });

    // Assert
    expect(loaded).toEqual({ exitCode: 1 });
    expect(err.text()).toContain('securityAccountId: must be a string (in quotes)');
  });

  it('under cdktf removes the stale manifest, so cdktf cannot go on with an old synth', () => {
    // Arrange
    const outdir = mkdtempSync(join(tmpdir(), 'synth-out-'));
    writeFileSync(join(outdir, 'manifest.json'), '{"stacks":{}}');

    // Act
    const loaded = loadForSynth({
      env: { CDKTF_OUTDIR: outdir },
      cwd: project({ responseModes: { default: 'contained' } }),
      out: sink(),
      err: sink(),
    });

    // Assert
    expect(loaded).toEqual({ exitCode: 0 });
    expect(existsSync(join(outdir, 'manifest.json'))).toBe(false);
  });

  it('is printed once by `cdktf synth`, which fails', () => {
    // Arrange: the real CLI and app, with a configuration file of its own and an output folder
    // outside the repository.
    const dir = mkdtempSync(join(tmpdir(), 'synth-cdktf-'));
    const file = join(dir, 'bad.ir.config.json');
    writeFileSync(file, JSON.stringify({ responseModes: { default: 'contained' } }));
    const outdir = join(dir, 'out');
    mkdirSync(outdir);
    writeFileSync(join(outdir, 'manifest.json'), '{"stacks":{}}');

    // Act
    const result = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'cdktf'),
      ['synth', '--output', outdir],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, IR_CONFIG_FILE: file, CHECKPOINT_DISABLE: '1', CI: '1' },
        timeout: 120_000,
      },
    );

    // Assert
    const all = `${result.stdout}${result.stderr}`;
    expect(result.status).toBe(1);
    const line =
      'responseModes.default: "contained" is not one of "contain", "approve", "dry-run", "off"; did you mean "contain"?';
    expect(all.split(line).length - 1).toBe(1);
    expect(all).not.toContain('Command output on stderr');
  }, 120_000);
});
