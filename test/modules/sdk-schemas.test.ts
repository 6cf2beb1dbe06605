import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { bundleOptions, PROJECT_ROOT } from '../../modules/shared/bundle';
import { inlineComputedKeys, sdkClientPackages } from '../../modules/shared/sdk-schemas';

describe('sdk schemas: computed keys written as the strings they name', () => {
  it('rewrites a key that names a string constant of the module and leaves the rest', () => {
    const source = [
      'const _xN = "xmlName";',
      'const _m = "member";',
      'export var A$ = [3, n0, _A, 0, [[1, { [_xN]: _m }]], [() => B$, { [other]: 1 }]];',
    ].join('\n');

    const { code, replaced } = inlineComputedKeys(source);

    expect(replaced).toBe(1);
    expect(code).toContain('[[1, { "xmlName": _m }]]');
    expect(code).toContain('{ [other]: 1 }');
  });

  it('covers every SDK client the project depends on', () => {
    expect(sdkClientPackages(PROJECT_ROOT)).toEqual(
      expect.arrayContaining(['@aws-sdk/client-ec2', '@aws-sdk/client-ecs', '@aws-sdk/client-sts']),
    );
  });
});

describe('sdk schemas: the rewritten clients behave as the published ones', () => {
  // One entry bundled with and without the rewritten schemas, run in fresh processes: the serialized
  // requests (EC2 query names such as InstanceId.1, TagSpecification.1) and parsed outputs must match.
  const dir = join(PROJECT_ROOT, '.tmp', 'sdk-schemas-test');
  const { entryPoints: _e, outdir: _o, splitting: _s, alias, ...options } = bundleOptions([], dir);
  const run = (name: string, aliases: Record<string, string>) => {
    const outfile = join(dir, `${name}.mjs`);
    buildSync({
      ...options,
      alias: aliases,
      entryPoints: [join(PROJECT_ROOT, 'test', 'fixtures', 'sdk', 'round-trip-entry.ts')],
      outfile,
    });
    const child = spawnSync(process.execPath, [outfile], {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
    return { bytes: statSync(outfile).size, out: JSON.parse(child.stdout) as unknown };
  };

  it('sends the same requests and parses the same answers, from a bundle under half the size', () => {
    mkdirSync(dir, { recursive: true });
    const published = run('published', {});
    const rewritten = run('rewritten', alias ?? {});

    expect(rewritten.out).toEqual(published.out);
    expect(JSON.stringify(rewritten.out)).toContain('InstanceId.1=i-1234567890abcdef0');
    expect(JSON.stringify(rewritten.out)).toContain('"Key":"SecurityException"');
    expect(rewritten.bytes).toBeLessThan(published.bytes / 2);
  });
});
