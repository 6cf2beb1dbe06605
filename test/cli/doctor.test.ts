import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { type DoctorReport, runDoctor } from '../../cli/doctor';
import { trustProblems } from '../../cli/doctor-member';
import {
  BROKEN,
  DOCTOR_CONFIG,
  HEALTHY,
  mockOrganization,
  SECURITY,
  UNREACHABLE,
} from './doctor-scenario';

const mocks = mockOrganization();
const ROOT = join(__dirname, '..', '..');

function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

async function doctor(accounts: string[] | 'all', json = false) {
  const out = sink();
  const err = sink();
  const code = await runDoctor({ accounts, json }, DOCTOR_CONFIG, { out, err });
  return { code, out: out.text(), err: err.text() };
}

describe('doctor: a healthy account', () => {
  it('passes every check and exits 0', async () => {
    // Act
    const { code, out } = await doctor([HEALTHY]);

    // Assert
    expect(code).toBe(0);
    expect(out).toMatch(
      new RegExp(`${HEALTHY}\\s+us-east-1\\s+ok\\s+ok\\s+ok\\s+ok\\s+ok\\s+ok\\s+healthy`),
    );
    expect(out).toMatch(/security-ir-isolate-ec2\s+0\s+0\s+healthy/);
    expect(out).not.toContain('Problems:');
    expect(out).toContain('1 account-region(s): 1 healthy, 0 unhealthy, 0 could not be checked');
  });
});

describe('doctor: a broken account', () => {
  it('names each problem once and exits 1', async () => {
    // Act
    const { code, out } = await doctor([BROKEN]);

    // Assert
    expect(code).toBe(1);
    expect(out).toMatch(
      new RegExp(`${BROKEN}\\s+us-east-1\\s+ok\\s+FAIL\\s+FAIL\\s+FAIL\\s+ok\\s+FAIL\\s+unhealthy`),
    );
    expect(out).toContain(
      `${BROKEN} trust: trusts arn:aws:iam::999999999999:root, not only the security account`,
    );
    expect(out).toContain(
      `${BROKEN} us-east-1 stacks: regional (Config forwarding) stack instance is OUTDATED/FAILED`,
    );
    expect(out).toContain(
      `${BROKEN} us-east-1 guardduty: GuardDuty: not a member of the security account`,
    );
    expect(out).toContain(
      `${BROKEN} us-east-1 groups: 1 of 2 VPC(s) lack ready isolation groups (vpc-0b0b0b0b0b0b0b0b2)`,
    );
    const lines = out.split('\n').filter((l) => l.trim() !== '');
    expect(new Set(lines).size).toBe(lines.length);
  });
});

describe('doctor: an unreachable account', () => {
  it('reports it as not checked and exits 2', async () => {
    // Act
    const { code, out } = await doctor([UNREACHABLE]);

    // Assert
    expect(code).toBe(2);
    expect(out).toMatch(
      new RegExp(`${UNREACHABLE}\\s+us-east-1\\s+\\?\\s+\\?\\s+ok\\s+ok\\s+ok\\s+\\?\\s+unchecked`),
    );
    expect(out).toContain(
      `${UNREACHABLE} role: cannot assume arn:aws:iam::${UNREACHABLE}:role/Security-IR-Role: AccessDenied`,
    );
  });
});

describe('doctor: the whole organization', () => {
  it('lists every account, prints progress on stderr and JSON with --json', async () => {
    // Act
    const { code, out, err } = await doctor('all', true);

    // Assert
    expect(code).toBe(1);
    const report = JSON.parse(out) as DoctorReport & { exitCode: number };
    expect(report.rows.map((r) => [r.account, r.status])).toEqual([
      // The scenario's security account has no stack instances of its own.
      [SECURITY, 'unhealthy'],
      [HEALTHY, 'healthy'],
      [BROKEN, 'unhealthy'],
      [UNREACHABLE, 'unchecked'],
    ]);
    expect(report.exitCode).toBe(1);
    expect(err).toContain('doctor: 4 account(s) x 1 region(s), security account 111111111111');
    expect(err).toMatch(/doctor: accounts checked: 4\/4 \d{12}\n$/);
  });
});

describe('doctor: the trust policy', () => {
  const doc = (statement: object) =>
    encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [statement] }));

  it('flags a statement that trusts the whole security account', () => {
    const problems = trustProblems(
      doc({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${SECURITY}:root` },
        Action: 'sts:AssumeRole',
      }),
      SECURITY,
      DOCTOR_CONFIG,
    );
    expect(problems[0]).toBe('trusts the whole security account (no aws:PrincipalArn condition)');
  });

  it('flags a principal ARN that is neither a responder nor an operator', () => {
    const problems = trustProblems(
      doc({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${SECURITY}:root` },
        Action: 'sts:AssumeRole',
        Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${SECURITY}:role/*` } },
      }),
      SECURITY,
      DOCTOR_CONFIG,
    );
    expect(problems).toContain(
      `trusts arn:aws:iam::${SECURITY}:role/*, which is neither a responder nor in operatorPrincipalArns`,
    );
    expect(problems.at(-1)).toMatch(
      /^does not trust arn:aws:iam::111111111111:role\/security-ir-isolate-ec2/,
    );
  });
});

describe('doctor: no credentials', () => {
  it('says whose credentials are needed and exits 2', async () => {
    // Arrange
    mocks.sts.on(GetCallerIdentityCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );
    const { main } = await import('../../cli/main');
    const out = sink();
    const err = sink();

    // Act
    const code = await main(['doctor', '--accounts', HEALTHY], {
      out,
      err,
      config: () => ({ ...DOCTOR_CONFIG }) as never,
    });

    // Assert
    expect(err.text()).toContain('This command needs credentials of the security account');
    expect(code).toBe(2);
    expect(err.text()).toContain('aws sso login --profile <profile>');
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: SECURITY });
  });
});

describe('doctor: as a process', () => {
  /** A project folder whose ir.config.json matches the mocked organization. */
  function projectDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    writeFileSync(join(dir, 'cdktf.json'), '{}');
    const { callAs: _c, ...config } = DOCTOR_CONFIG;
    writeFileSync(join(dir, 'ir.config.json'), JSON.stringify(config));
    return dir;
  }

  function run(args: string[]) {
    const dir = projectDir();
    const result = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        join(ROOT, 'test', 'cli', 'doctor-entry.ts'),
        ...args,
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
          NODE_PATH: join(ROOT, 'node_modules'),
        },
      },
    );
    return { ...result, dir };
  }

  it('exits 1 with a healthy, a broken and an unreachable account, JSON on stdout', () => {
    // Act
    const { status, stdout, stderr, dir } = run([
      'doctor',
      '--accounts',
      [HEALTHY, BROKEN, UNREACHABLE].join(','),
      '--json',
    ]);

    // Assert
    expect(stderr).toContain(`configuration: ${join(dir, 'ir.config.json')}`);
    expect(status).toBe(1);
    const report = JSON.parse(stdout) as DoctorReport;
    expect(report.rows.map((r) => r.status)).toEqual(['healthy', 'unhealthy', 'unchecked']);
    expect(stderr).not.toContain('NodeVersionSupportWarning');
  });

  it('exits 2 when the only account cannot be reached', () => {
    const { status, stdout } = run(['doctor', '--accounts', UNREACHABLE]);
    expect(status).toBe(2);
    expect(stdout).toContain('0 healthy, 0 unhealthy, 1 could not be checked');
  });
});
