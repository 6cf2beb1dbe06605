import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RESPONDER_NAMES } from '../../lambdas/shared/catalogue';
import { RESPONSE_CONFIG_FILE } from '../../lambdas/shared/defaults';
import {
  bundleResponders,
  bundleWithResponseConfig,
  containmentClosure,
  handlerOf,
  staticClosure,
} from '../../modules/shared/bundle';

const dir = bundleResponders();

/** Runs the bundled handler of a responder on `event` in a fresh Node process, as Lambda would. */
function invokeBundle(name: string, event: unknown, root = dir): string {
  const entry = join(root, name, 'index.mjs');
  const script = `import(${JSON.stringify(entry)}).then((m) => m.handler(${JSON.stringify(event)}))
    .then((r) => console.log('resolved', JSON.stringify(r)), (e) => console.log('rejected', e.name, e.message))`;
  return execFileSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      LAMBDA_TASK_ROOT: root,
    },
  }).trim();
}

describe('responder bundle', () => {
  it('holds an ES module entry for every responder where its handler setting points', () => {
    for (const name of RESPONDER_NAMES) {
      expect(handlerOf(name)).toBe(`${name}/index.handler`);
      expect(existsSync(join(dir, name, 'index.mjs'))).toBe(true);
    }
  });

  it('loads at cold start less than 1 MB and none of the clients used after containment', () => {
    for (const name of RESPONDER_NAMES) {
      const files = staticClosure(join(dir, name, 'index.mjs'));
      const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
      const code = files.map((f) => readFileSync(f, 'utf8')).join('\n');

      // Each SDK client embeds its package name; the recording clients must not load eagerly.
      const eager = ['client-guardduty', 'client-securityhub', 'client-sns'].filter((c) =>
        code.includes(`"@aws-sdk/${c}"`),
      );

      expect(bytes).toBeLessThan(1024 * 1024);
      expect(eager).toEqual([]);
    }
  });

  it('loads no SDK client and no logger at init: STS and the logger load as an invocation starts', () => {
    for (const name of RESPONDER_NAMES) {
      const entry = join(dir, name, 'index.mjs');
      const eager = staticClosure(entry)
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');
      const upToContainment = containmentClosure(entry)
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');

      // Every SDK client embeds its package name, the Powertools Logger its level variable.
      expect([name, /"@aws-sdk\/client-[a-z0-9-]+"/.exec(eager)?.[0]]).toEqual([name, undefined]);
      expect([name, eager.includes('POWERTOOLS_LOG_LEVEL')]).toEqual([name, false]);
      expect([name, upToContainment.includes('"@aws-sdk/client-sts"')]).toEqual([name, true]);
      expect([name, upToContainment.includes('POWERTOOLS_LOG_LEVEL')]).toEqual([name, true]);
    }
  });

  it('loads its member-account client after the invocation starts, under 1 MB up to containment', () => {
    // The package name each SDK client embeds (see above), per responder's own client.
    const own: Record<string, string> = {
      'isolate-ec2': 'client-ec2',
      'isolate-ecs-task': 'client-ecs',
      'block-principal': 'client-iam',
      'confine-security-group': 'client-ec2',
      'contain-lambda-function': 'client-lambda',
      'restore-bucket-public-access': 'client-s3',
      'start-ssm-automation': 'client-ssm',
      'make-snapshot-private': 'client-ec2',
    };
    for (const [name, client] of Object.entries(own)) {
      const entry = join(dir, name, 'index.mjs');
      const eager = staticClosure(entry).map((f) => readFileSync(f, 'utf8'));
      const upToContainment = containmentClosure(entry);
      const bytes = upToContainment.reduce((sum, f) => sum + statSync(f).size, 0);
      const all = staticClosure(entry, { dynamic: true });

      expect([name, eager.some((c) => c.includes(`"@aws-sdk/${client}"`))]).toEqual([name, false]);
      expect(
        upToContainment.some((f) => readFileSync(f, 'utf8').includes(`"@aws-sdk/${client}"`)),
      ).toBe(true);
      expect(all.length).toBeGreaterThan(upToContainment.length);
      expect([name, bytes < 1_000_000]).toEqual([name, true]);
    }
  });

  it('follows static imports only', () => {
    const closure = staticClosure(join(dir, 'isolate-ec2', 'index.mjs'));

    expect(closure[0]).toBe(join(dir, 'isolate-ec2', 'index.mjs'));
    expect(closure.length).toBeGreaterThan(1);
    expect(closure.every((f) => existsSync(f))).toBe(true);
  });

  it.each(RESPONDER_NAMES)(
    'loads %s and rejects a bad event with InvalidEventError, offline',
    (name) => {
      expect(invokeBundle(name, { source: 'aws.nothing' })).toMatch(/^rejected InvalidEventError /);
    },
  );

  it('carries response-config.json at its root, one folder per document', () => {
    const doc = {
      responseModes: { default: 'dry-run' as const, accounts: {}, organizationalUnits: {} },
      configRules: {},
    };

    const a = bundleWithResponseConfig(doc);
    const b = bundleWithResponseConfig({ ...doc, configRules: { x: { responder: 'notify' } } });

    expect(a).not.toBe(b);
    expect(JSON.parse(readFileSync(join(a, RESPONSE_CONFIG_FILE), 'utf8'))).toEqual(doc);
    expect(existsSync(join(a, 'isolate-ec2', 'index.mjs'))).toBe(true);
    expect(bundleWithResponseConfig(doc)).toBe(a);
  });

  it('reads the bundled file from $LAMBDA_TASK_ROOT before anything else, and refuses an invalid one', () => {
    const bad = bundleWithResponseConfig({
      responseModes: { default: 'contain', accounts: { '1': 'off' }, organizationalUnits: {} },
    } as never);

    expect(invokeBundle('block-principal', { source: 'aws.nothing' }, bad)).toMatch(
      /^rejected ConfigurationError .*response-config\.json: responseModes\.accounts\.1: must be a 12-digit account id/,
    );
  });
});
