import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG_RULES, DEFAULT_EXCEPTION_TAG_KEY } from '../../lambdas/shared/defaults';
import { ConfigError, deepMerge, loadConfig, parseConfig } from '../../modules/config/load';

const emptyDir = () => mkdtempSync(join(process.env.TMPDIR ?? '/tmp', 'cfg-'));

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('config: embedded defaults', () => {
  it('fills every key when nothing is configured', () => {
    const config = loadConfig({ env: {}, cwd: emptyDir() });

    expect(config.exceptionTagKey).toBe(DEFAULT_EXCEPTION_TAG_KEY);
    expect(config.memberRoleName).toBe('Security-IR-Role');
    expect(config.homeRegion).toBe('us-east-1');
    expect(config.regions).toEqual(['us-east-1']);
    expect(config.callAs).toBe('DELEGATED_ADMIN');
    expect(config.organization.targetOuIds).toEqual([]);
    expect(config.configRules.map((r) => r.name)).toEqual(DEFAULT_CONFIG_RULES.map((r) => r.name));
    expect(config.findingTypes['isolate-ec2']).toContain('Backdoor:EC2/C&CActivity.B');
    expect(config.findingTypes['block-principal']).toContain(
      'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
    );
    // A first deploy observes everywhere until contain is switched on per OU or account.
    expect(config.responseModes).toEqual({
      default: 'dry-run',
      accounts: {},
      organizationalUnits: {},
    });
    expect(config.backend).toEqual({ type: 'local', directory: 'state' });
    expect(config.tagGuard.enabled).toBe(false);
  });
});

describe('config: JSON file and environment overrides', () => {
  it('merges ir.config.json over the defaults and IR_* variables over the file', () => {
    const dir = emptyDir();
    writeFileSync(
      join(dir, 'ir.config.json'),
      JSON.stringify({
        homeRegion: 'eu-west-1',
        regions: ['eu-west-1', 'eu-central-1'],
        allowedCidrs: { v6: ['fd00::/8'] },
      }),
    );

    const config = loadConfig({
      cwd: dir,
      env: { IR_EXCEPTION_TAG_KEY: 'ApprovedDeviation', IR_DRY_RUN: 'true' },
    });

    expect(config.homeRegion).toBe('eu-west-1');
    expect(config.regions).toEqual(['eu-west-1', 'eu-central-1']);
    expect(config.allowedCidrs).toEqual({ v4: ['10.0.0.0/8'], v6: ['fd00::/8'] });
    expect(config.exceptionTagKey).toBe('ApprovedDeviation');
    expect(config.dryRun).toBe(true);
  });

  it('reads the file named by IR_CONFIG_FILE and fails when it is missing', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'custom.json'), JSON.stringify({ prefix: 'acme-ir' }));

    expect(loadConfig({ cwd: dir, env: { IR_CONFIG_FILE: 'custom.json' } }).prefix).toBe('acme-ir');
    expect(messageOf(() => loadConfig({ cwd: dir, env: { IR_CONFIG_FILE: 'nope.json' } }))).toMatch(
      /IR_CONFIG_FILE: .*nope\.json does not exist/,
    );
  });

  it('switches to HCP Terraform when IR_TFC_ORGANIZATION is set', () => {
    const config = loadConfig({ cwd: emptyDir(), env: { IR_TFC_ORGANIZATION: 'acme' } });

    expect(config.backend).toEqual({
      type: 'cloud',
      organization: 'acme',
      hostname: 'app.terraform.io',
      workspacePrefix: 'security-ir-',
    });
  });

  it('rejects a file that is not JSON, naming the file', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'ir.config.json'), '{ nope');

    expect(messageOf(() => loadConfig({ cwd: dir, env: {} }))).toMatch(
      /ir\.config\.json:1:\d+: not valid JSON/,
    );
  });

  it('merges nested objects key by key and replaces arrays', () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] } }, { a: { c: [3] } })).toEqual({
      a: { b: 1, c: [3] },
    });
  });
});

describe('config: invalid values fail with the key and what is wrong', () => {
  it.each([
    [{ regions: ['us-east-1', 'eu-wst-3'] }, 'regions[1]: "eu-wst-3" is not an AWS region'],
    [{ homeRegion: 'eu-west-3' }, 'regions: must include the home region "eu-west-3"'],
    [{ regions: ['us-east-1', 'us-east-1'] }, 'regions: lists "us-east-1" twice'],
    [{ securityAccountId: '12345' }, 'securityAccountId: "12345" is not a 12-digit AWS account id'],
    [{ callAs: 'ROOT' }, 'callAs:'],
    [{ exceptionTagKey: 'aws:reserved' }, 'exceptionTagKey: "aws:reserved" is not a valid tag key'],
    [
      { allowedCidrs: { v4: ['10.0.0.0/33'] } },
      'allowedCidrs.v4[0]: "10.0.0.0/33" is not an IPv4 CIDR',
    ],
    [
      { allowedCidrs: { v6: ['10.0.0.0/8'] } },
      'allowedCidrs.v6[0]: "10.0.0.0/8" is not an IPv6 CIDR',
    ],
    [
      { findingTypes: { 'isolate-ec2': ['not a type'] } },
      'findingTypes.isolate-ec2[0]: "not a type" is not a GuardDuty finding type',
    ],
    [
      { responseModes: { accounts: { '111111111111': 'maybe' } } },
      'responseModes.accounts.111111111111:',
    ],
    [
      { organization: { targetOuIds: ['ou-bad'] } },
      'organization.targetOuIds[0]: "ou-bad" is not an organizational unit id',
    ],
    [
      {
        organization: {
          targetOuIds: Array.from(
            { length: 51 },
            (_, i) => `ou-ab12-${String(i).padStart(8, '0')}`,
          ),
        },
      },
      'organization.targetOuIds: lists more than 50 OUs (the StackSets limit)',
    ],
    [
      { alerts: { emails: ['soc-at-example'] } },
      'alerts.emails[0]: "soc-at-example" is not an e-mail address',
    ],
    [{ logRetentionDays: 4 }, 'logRetentionDays: "4" is not a CloudWatch Logs retention period'],
    [
      { tagGuard: { enabled: true } },
      'tagGuard.adminPrincipalArns: must name at least one exception admin',
    ],
    [{ regoins: ['us-east-1'] }, 'regoins: unknown key "regoins"; did you mean "regions"?'],
    [
      { tickets: { connectorId: 'jira-prod' } },
      'tickets.connectorId: "jira-prod" is not a Security Hub connector id (a UUID',
    ],
    [{ tickets: { on: ['escalated'] } }, 'tickets.connectorId:'],
    [
      { tickets: { connectorId: '8f3c2a1b-4d5e-4f60-9a7b-0c1d2e3f4a5b', on: [] } },
      'tickets.on: must name at least one of escalated, failed, awaiting-approval',
    ],
    [
      { tickets: { connectorId: '8f3c2a1b-4d5e-4f60-9a7b-0c1d2e3f4a5b', on: ['contained'] } },
      'tickets.on[0]:',
    ],
    [
      {
        tickets: {
          connectorId: '8f3c2a1b-4d5e-4f60-9a7b-0c1d2e3f4a5b',
          on: ['failed', 'failed'],
        },
      },
      'tickets.on: lists "failed" twice',
    ],
    [
      {
        tickets: { connectorId: '8f3c2a1b-4d5e-4f60-9a7b-0c1d2e3f4a5b' },
        securityHub: { ocsfFindings: false },
      },
      'tickets: needs securityHub.ocsfFindings: true',
    ],
    [
      { tickets: { connectorId: '8f3c2a1b-4d5e-4f60-9a7b-0c1d2e3f4a5b', project: 'SEC' } },
      'tickets.project: unknown key "project" (valid keys: connectorId, on)',
    ],
    [
      {
        configRules: [
          {
            name: 'x',
            sourceIdentifier: 'X',
            response: { responder: 'start-ssm-automation', runbook: 'AWS-Nope' },
          },
        ],
      },
      'configRules[0].response.runbook:',
    ],
  ])('rejects %j', (input, expected) => {
    expect(messageOf(() => parseConfig(input))).toContain(expected);
  });

  it('rejects so many Config rules that the event pattern would exceed EventBridge limits', () => {
    const configRules = Array.from({ length: 20 }, (_, i) => ({
      name: `custom-rule-number-${i}-with-a-long-name`,
      sourceIdentifier: 'CUSTOM',
      response: { responder: 'notify' as const },
    }));

    expect(messageOf(() => parseConfig({ configRules }))).toMatch(
      /configRules: the Config event pattern would be [\d,]+ characters, over the AWS limit of 2,048 \(EventBridge event pattern.*eb-quota\.html\)/,
    );
  });

  it('rejects a managed rule limited to a region that is not enrolled, naming the rule', () => {
    const rule = {
      name: 'restricted-ssh',
      sourceIdentifier: 'INCOMING_SSH_DISABLED',
      response: { responder: 'confine-security-group' as const },
      regions: ['eu-west-1'],
    };

    expect(messageOf(() => parseConfig({ configRules: [rule] }))).toContain(
      'configRules[0].regions: "eu-west-1" is not an enrolled region (regions)',
    );
  });

  it.each([
    [
      'operatorPrincipalArns',
      {
        operatorPrincipalArns: Array.from(
          { length: 30 },
          (_, i) => `arn:aws:iam::111111111111:role/operators/team-${i}/SecurityOperator-*`,
        ),
      },
      /operatorPrincipalArns: the trust policy of Security-IR-Role would be [\d,]+ characters, over the AWS limit of 2,048 \(IAM role trust policy/,
    ],
    [
      'tagGuard.adminPrincipalArns',
      {
        tagGuard: {
          enabled: true,
          adminPrincipalArns: Array.from(
            { length: 80 },
            (_, i) => `arn:aws:iam::*:role/exception-admins/team-${i}/ExceptionAdmin`,
          ),
        },
      },
      /tagGuard\.adminPrincipalArns: the exception-tag guard SCP would be [\d,]+ characters, over the AWS limit of 5,120 \(AWS Organizations service control policy/,
    ],
    [
      'findingTypes.isolate-ec2',
      {
        findingTypes: {
          'isolate-ec2': Array.from({ length: 80 }, (_, i) => `Backdoor:EC2/CustomFindingType${i}`),
        },
      },
      /findingTypes\.isolate-ec2: the GuardDuty event pattern of isolate-ec2 would be [\d,]+ characters, over the AWS limit of 2,048/,
    ],
    [
      'allowedCidrs',
      {
        allowedCidrs: {
          v4: Array.from({ length: 300 }, (_, i) => `10.${i % 250}.${Math.floor(i / 250)}.0/24`),
        },
      },
      /allowedCidrs: the responders’ Lambda environment would be [\d,]+ bytes, over the AWS limit of 4,096 \(Lambda environment variables/,
    ],
  ])('fails at synth when %s would pass its AWS size limit', (_, input, expected) => {
    expect(messageOf(() => parseConfig(input))).toMatch(expected);
  });

  it('lists every offending key at once', () => {
    const message = messageOf(() => parseConfig({ regions: ['mars-1'], securityAccountId: 'x' }));

    expect(message).toContain('regions[0]: "mars-1" is not an AWS region');
    expect(message).toContain('securityAccountId: "x" is not a 12-digit AWS account id');
  });

  it('truncates long hostile values in messages', () => {
    const message = messageOf(() => parseConfig({ regions: [`$(rm -rf /)${'x'.repeat(500)}`] }));

    // The hostile value is cut; the list of valid regions that follows is the product's own text.
    expect(message).not.toContain('x'.repeat(100));
    expect(message).toContain('…');
  });

  it('rejects a bad boolean override naming the variable', () => {
    expect(messageOf(() => loadConfig({ cwd: emptyDir(), env: { IR_DRY_RUN: 'yes' } }))).toContain(
      'IR_DRY_RUN: "yes" must be "true" or "false"',
    );
  });
});
