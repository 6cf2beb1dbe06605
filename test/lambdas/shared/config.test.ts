import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_RESPONDERS, defaultFindingTypes } from '../../../lambdas/registry/responders';
import { resetResponderEnv, responderEnv } from '../../../lambdas/shared/config';
import {
  configRuleResponses,
  DEFAULT_CONFIG_RULES,
  RESPONSE_CONFIG_FILE,
} from '../../../lambdas/shared/defaults';
import { ConfigurationError } from '../../../lambdas/shared/errors';
import { parseConfig } from '../../../modules/config/load';
import { localResponderEnvironment } from '../../../modules/shared/responder-env';

const VARIABLES = [
  'SECURITY_TAG_KEY',
  'MEMBER_ROLE_NAME',
  'AUTOMATION_ROLE_NAME',
  'ALERTS_TOPIC_ARN',
  'DRY_RUN',
  'ALLOWED_CIDR_V4',
  'ALLOWED_CIDR_V6',
  'RESPONSE_MODES',
  'CONFIG_RULES',
  'DENY_POLICY_ARN',
  'DENY_POLICY_ON_ROLES',
  'PRESERVE_EVIDENCE',
  'RESOURCE_PREFIX',
  'LAMBDA_TASK_ROOT',
];

function clearProcessEnv(): void {
  for (const name of VARIABLES) delete process.env[name];
  resetResponderEnv();
}

beforeEach(clearProcessEnv);
afterAll(clearProcessEnv);

/** The ConfigurationError `env` raises (fails the test if it is accepted). */
function rejectionOf(env: NodeJS.ProcessEnv): ConfigurationError {
  try {
    responderEnv(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('responderEnv accepted the environment');
}

describe('responderEnv: defaults', () => {
  it('fills every variable with its embedded default', () => {
    expect(responderEnv({})).toStrictEqual({
      SECURITY_TAG_KEY: 'SecurityException',
      MEMBER_ROLE_NAME: 'Security-IR-Role',
      AUTOMATION_ROLE_NAME: 'Security-IR-Automation-Role',
      DRY_RUN: false,
      // Every GuardDuty responder of the registry, with its default types.
      FINDING_TYPES: defaultFindingTypes(),
      ALLOWED_CIDR_V4: ['10.0.0.0/8'],
      ALLOWED_CIDR_V6: [],
      RESPONSE_MODES: { default: 'dry-run', accounts: {}, organizationalUnits: {} },
      CONFIG_RULES: configRuleResponses(DEFAULT_CONFIG_RULES),
      DENY_POLICY_ARN: 'arn:aws:iam::aws:policy/AWSDenyAll',
      DENY_POLICY_ON_ROLES: false,
      PRESERVE_EVIDENCE: true,
      OCSF_FINDINGS: true,
      BLAST_RADIUS_PER_ACCOUNT: 10,
      BLAST_RADIUS_PER_ORGANIZATION: 50,
      APPROVAL_EXPIRY_MINUTES: 60,
      RESOURCE_PREFIX: 'security-ir',
    });
  });

  it('treats empty JSON variables as unset', () => {
    const env = responderEnv({ RESPONSE_MODES: '', CONFIG_RULES: '' });
    expect([env.RESPONSE_MODES, env.CONFIG_RULES]).toEqual([
      { default: 'dry-run', accounts: {}, organizationalUnits: {} },
      configRuleResponses(DEFAULT_CONFIG_RULES),
    ]);
  });

  it('answers the default Config rules, so a Config responder started bare acts as documented', () => {
    const env = responderEnv({});

    expect(env.CONFIG_RULES['restricted-ssh']).toEqual({ responder: 'confine-security-group' });
    expect(env.CONFIG_RULES['s3-bucket-public-read-prohibited']).toEqual({
      responder: 'start-ssm-automation',
      runbook: 'AWS-DisableS3BucketPublicReadWrite',
    });
  });

  it('equals what the stack deploys for the default configuration (one source for every default)', () => {
    // Arrange: the deployed environment of an all-default configuration, as a local run sees it.
    const { ALERTS_TOPIC_ARN: _topic, ...variables } = localResponderEnvironment(
      parseConfig({}),
      '',
    );
    const deployed = responderEnv(variables);

    // Act
    const bare = responderEnv({});

    // Assert: the topic is the only variable without a default (it is the stack's own resource).
    expect(bare).toStrictEqual(deployed);
  });
});

/** A folder standing in for $LAMBDA_TASK_ROOT with `text` as the bundled response file. */
function taskRootWith(text: string): string {
  const root = mkdtempSync(join(tmpdir(), 'task-root-'));
  writeFileSync(join(root, RESPONSE_CONFIG_FILE), text);
  return root;
}

describe('responderEnv: the bundled response-config.json', () => {
  const modes = {
    default: 'dry-run',
    accounts: { '222222222222': 'contain' },
    organizationalUnits: { 'ou-ab12-cdefgh34': 'off' },
  };
  const rules = { 'restricted-ssh': { responder: 'confine-security-group' } };

  it('reads the response modes and the Config rule map from $LAMBDA_TASK_ROOT', () => {
    const root = taskRootWith(JSON.stringify({ responseModes: modes, configRules: rules }));

    const env = responderEnv({ LAMBDA_TASK_ROOT: root });

    expect([env.RESPONSE_MODES, env.CONFIG_RULES]).toEqual([modes, rules]);
  });

  it('takes the embedded default for a key the file leaves out', () => {
    const root = taskRootWith(JSON.stringify({ responseModes: modes }));

    const env = responderEnv({ LAMBDA_TASK_ROOT: root });

    expect(env.CONFIG_RULES).toEqual(configRuleResponses(DEFAULT_CONFIG_RULES));
  });

  it('takes the embedded defaults when the bundle carries no file', () => {
    const root = mkdtempSync(join(tmpdir(), 'task-root-'));

    const env = responderEnv({ LAMBDA_TASK_ROOT: root });

    expect(env.RESPONSE_MODES.default).toBe('dry-run');
    expect(env.CONFIG_RULES).toEqual(configRuleResponses(DEFAULT_CONFIG_RULES));
  });

  it('lets RESPONSE_MODES and CONFIG_RULES variables override the file (local runs)', () => {
    const root = taskRootWith(JSON.stringify({ responseModes: modes, configRules: rules }));

    const env = responderEnv({
      LAMBDA_TASK_ROOT: root,
      RESPONSE_MODES: JSON.stringify({ default: 'off', accounts: {}, organizationalUnits: {} }),
    });

    expect(env.RESPONSE_MODES.default).toBe('off');
    expect(env.CONFIG_RULES).toEqual(rules);
  });

  it('reads 5,000 accounts and 1,000 OUs', () => {
    const accounts = Object.fromEntries(
      Array.from({ length: 5000 }, (_, i) => [String(100000000000 + i), 'dry-run']),
    );
    const organizationalUnits = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [`ou-ab12-${String(i).padStart(8, '0')}`, 'off']),
    );
    const root = taskRootWith(
      JSON.stringify({ responseModes: { default: 'contain', accounts, organizationalUnits } }),
    );

    const env = responderEnv({ LAMBDA_TASK_ROOT: root });

    expect(Object.keys(env.RESPONSE_MODES.accounts)).toHaveLength(5000);
    expect(Object.keys(env.RESPONSE_MODES.organizationalUnits)).toHaveLength(1000);
  });

  it.each([
    ['{not json', /response-config\.json is not valid JSON$/],
    [
      JSON.stringify({
        responseModes: { default: 'contain', accounts: { x: 'off' }, organizationalUnits: {} },
      }),
      /response-config\.json: responseModes\.accounts\.x: must be a 12-digit account id$/,
    ],
    [
      JSON.stringify({ configRules: { r: { responder: 'reboot' } } }),
      /response-config\.json: configRules\.r\.responder: /,
    ],
  ])('refuses an invalid file %s, naming the file and the path', (text, expected) => {
    const root = taskRootWith(text);

    const error = rejectionOf({ LAMBDA_TASK_ROOT: root });

    expect(error.variable).toBe('LAMBDA_TASK_ROOT');
    expect(error.message).toMatch(expected);
  });
});

describe('responderEnv: valid values', () => {
  it('reads every scalar variable', () => {
    // Act
    const env = responderEnv({
      SECURITY_TAG_KEY: 'sec:exception/approved',
      MEMBER_ROLE_NAME: 'IR-Member',
      AUTOMATION_ROLE_NAME: 'IR-Automation',
      ALERTS_TOPIC_ARN: 'arn:aws-us-gov:sns:us-gov-west-1:111111111111:ir-alerts',
      DRY_RUN: 'true',
      DENY_POLICY_ARN: 'arn:aws:iam::111111111111:policy/security/IRDenyAll',
      DENY_POLICY_ON_ROLES: 'true',
      PRESERVE_EVIDENCE: 'false',
      RESOURCE_PREFIX: 'ir2',
    });

    // Assert
    expect(env).toMatchObject({
      SECURITY_TAG_KEY: 'sec:exception/approved',
      MEMBER_ROLE_NAME: 'IR-Member',
      AUTOMATION_ROLE_NAME: 'IR-Automation',
      ALERTS_TOPIC_ARN: 'arn:aws-us-gov:sns:us-gov-west-1:111111111111:ir-alerts',
      DRY_RUN: true,
      DENY_POLICY_ARN: 'arn:aws:iam::111111111111:policy/security/IRDenyAll',
      DENY_POLICY_ON_ROLES: true,
      PRESERVE_EVIDENCE: false,
      RESOURCE_PREFIX: 'ir2',
    });
  });

  it('splits CIDR lists on commas, trimming blanks and dropping empty entries', () => {
    // Act
    const env = responderEnv({
      ALLOWED_CIDR_V4: ' 10.0.0.0/8, 192.168.0.0/16 ,,',
      ALLOWED_CIDR_V6: '2001:db8::/32,fd00::/8',
    });

    // Assert
    expect([env.ALLOWED_CIDR_V4, env.ALLOWED_CIDR_V6]).toEqual([
      ['10.0.0.0/8', '192.168.0.0/16'],
      ['2001:db8::/32', 'fd00::/8'],
    ]);
  });

  it('parses RESPONSE_MODES with account and OU entries', () => {
    // Arrange
    const modes = {
      default: 'dry-run',
      accounts: { '222222222222': 'contain', '333333333333': 'off' },
      organizationalUnits: { 'ou-ab12-cd34ef56': 'contain', 'r-ab12': 'dry-run' },
    };

    // Act
    const env = responderEnv({ RESPONSE_MODES: JSON.stringify(modes) });

    // Assert
    expect(env.RESPONSE_MODES).toEqual(modes);
  });

  it('parses CONFIG_RULES with each kind of response', () => {
    // Arrange
    const rules = {
      'restricted-ssh': { responder: 'confine-security-group' },
      's3-bucket-server-side-encryption-enabled': {
        responder: 'start-ssm-automation',
        runbook: 'AWS-EnableS3BucketEncryption',
      },
      'encrypted-volumes': { responder: 'notify' },
    };

    // Act
    const env = responderEnv({ CONFIG_RULES: JSON.stringify(rules) });

    // Assert
    expect(env.CONFIG_RULES).toEqual(rules);
  });
});

describe('responderEnv: invalid scalar values', () => {
  it.each([
    ['SECURITY_TAG_KEY', 'aws:exception', 'is not a valid tag key'],
    ['SECURITY_TAG_KEY', 'AWS:Exception', 'is not a valid tag key'],
    ['SECURITY_TAG_KEY', 'Security Exception!', 'is not a valid tag key'],
    ['SECURITY_TAG_KEY', 'k'.repeat(129), 'Too big: expected string to have <=128 characters'],
    ['MEMBER_ROLE_NAME', 'role/Security-IR-Role', 'is not a valid IAM role name'],
    ['MEMBER_ROLE_NAME', 'r'.repeat(65), 'is not a valid IAM role name'],
    ['AUTOMATION_ROLE_NAME', 'Security IR', 'is not a valid IAM role name'],
    ['ALERTS_TOPIC_ARN', 'arn:aws:sqs:us-east-1:111111111111:alerts', 'is not an SNS topic ARN'],
    ['ALERTS_TOPIC_ARN', '', 'is not an SNS topic ARN'],
    ['DRY_RUN', 'yes', 'must be "true" or "false"'],
    ['DRY_RUN', 'TRUE', 'must be "true" or "false"'],
    ['DENY_POLICY_ON_ROLES', '1', 'must be "true" or "false"'],
    ['PRESERVE_EVIDENCE', 'no', 'must be "true" or "false"'],
    ['DENY_POLICY_ARN', 'AWSDenyAll', 'is not an IAM policy ARN'],
    ['DENY_POLICY_ARN', 'arn:aws:iam::aws:role/AWSDenyAll', 'is not an IAM policy ARN'],
    ['RESOURCE_PREFIX', 'Security_IR', 'must be lower-case letters, digits and dashes'],
    ['RESOURCE_PREFIX', `a${'b'.repeat(31)}`, 'must be lower-case letters, digits and dashes'],
  ])('rejects %s=%j and names the variable', (variable, value, detail) => {
    // Act
    const error = rejectionOf({ [variable]: value });

    // Assert
    expect(error.name).toBe('ConfigurationError');
    expect(error.variable).toBe(variable);
    expect(error.message).toBe(`environment variable ${variable}: ${detail}`);
  });
});

describe('responderEnv: CIDR lists', () => {
  it.each([
    ['ALLOWED_CIDR_V4', '10.0.0.0', '[0]: each entry must be an IPv4 CIDR'],
    ['ALLOWED_CIDR_V4', '10.0.0.0/8,0.0.0.0', '[1]: each entry must be an IPv4 CIDR'],
    ['ALLOWED_CIDR_V4', '2001:db8::/32', '[0]: each entry must be an IPv4 CIDR'],
    ['ALLOWED_CIDR_V4', '300.0.0.0/8', '[0]: each entry must be an IPv4 CIDR'],
    ['ALLOWED_CIDR_V4', '10.0.0.0/33', '[0]: each entry must be an IPv4 CIDR'],
    ['ALLOWED_CIDR_V6', '10.0.0.0/8', '[0]: each entry must be an IPv6 CIDR'],
    ['ALLOWED_CIDR_V6', 'fd00::', '[0]: each entry must be an IPv6 CIDR'],
    ['ALLOWED_CIDR_V6', 'fd00::/8,fd00::/129', '[1]: each entry must be an IPv6 CIDR'],
  ])('rejects %s=%j, naming the entry', (variable, value, detail) => {
    expect(rejectionOf({ [variable]: value }).message).toBe(
      `environment variable ${variable}: ${detail}`,
    );
  });
});

describe('responderEnv: JSON variables', () => {
  it.each([
    ['RESPONSE_MODES', '{default: contain}', 'is not valid JSON'],
    [
      'RESPONSE_MODES',
      '{"default":"contain","accounts":{},"organizationalUnits":{}',
      'is not valid JSON',
    ],
    [
      'RESPONSE_MODES',
      '{"default":"enforce","accounts":{},"organizationalUnits":{}}',
      'default: Invalid option: expected one of "contain"|"approve"|"dry-run"|"off"',
    ],
    [
      'RESPONSE_MODES',
      '{"default":"contain","accounts":{"2222":"off"},"organizationalUnits":{}}',
      'accounts.2222: must be a 12-digit account id',
    ],
    [
      'RESPONSE_MODES',
      '{"default":"contain","accounts":{},"organizationalUnits":{"Production":"off"}}',
      'organizationalUnits.Production: must be an OU or root id',
    ],
    [
      'RESPONSE_MODES',
      '{"default":"contain","accounts":{"222222222222":"block"},"organizationalUnits":{}}',
      'accounts.222222222222: Invalid option: expected one of "contain"|"approve"|"dry-run"|"off"',
    ],
    ['RESPONSE_MODES', '[]', 'Invalid input: expected object, received array'],
    [
      'RESPONSE_MODES',
      '{"default":"dry-run"}',
      'accounts: Invalid input: expected record, received undefined',
    ],
    ['CONFIG_RULES', 'restricted-ssh=confine', 'is not valid JSON'],
    [
      'CONFIG_RULES',
      '{"restricted-ssh":{"responder":"isolate-ec2"}}',
      // Every Config responder of the registry, then notify.
      `restricted-ssh.responder: Invalid discriminator value. Expected ${[...CONFIG_RESPONDERS, 'notify'].map((n) => `'${n}'`).join(' | ')}`,
    ],
    [
      'CONFIG_RULES',
      '{"s3-bucket-public-read-prohibited":{"responder":"start-ssm-automation","runbook":"AWS-DeleteBucket"}}',
      's3-bucket-public-read-prohibited.runbook: Invalid option: expected one of ' +
        '"AWS-EnableS3BucketEncryption"|"AWS-DisableS3BucketPublicReadWrite"',
    ],
  ])('rejects %s=%s and names the variable', (variable, value, detail) => {
    // Act
    const error = rejectionOf({ [variable]: value });

    // Assert
    expect(error.variable).toBe(variable);
    expect(error.message).toBe(`environment variable ${variable}: ${detail}`);
  });
});

describe('responderEnv: caching', () => {
  it('reads process.env once until reset', () => {
    // Arrange
    process.env.DRY_RUN = 'true';
    const first = responderEnv();
    process.env.DRY_RUN = 'false';

    // Act
    const cached = responderEnv();
    resetResponderEnv();
    const fresh = responderEnv();

    // Assert
    expect(cached).toBe(first);
    expect([first.DRY_RUN, fresh.DRY_RUN]).toEqual([true, false]);
  });

  it('neither caches nor uses the cache for an explicit environment', () => {
    // Arrange
    process.env.RESOURCE_PREFIX = 'from-process';
    const fromProcess = responderEnv();

    // Act
    const explicit = responderEnv({ RESOURCE_PREFIX: 'explicit' });

    // Assert
    expect([fromProcess.RESOURCE_PREFIX, explicit.RESOURCE_PREFIX]).toEqual([
      'from-process',
      'explicit',
    ]);
    expect(responderEnv()).toBe(fromProcess);
  });

  it('caches nothing when process.env is invalid, so a fixed value is read next time', () => {
    // Arrange
    process.env.DRY_RUN = 'maybe';
    const first = () => responderEnv();

    // Act / Assert
    expect(first).toThrow(new ConfigurationError('DRY_RUN', 'must be "true" or "false"'));
    process.env.DRY_RUN = 'true';
    expect(responderEnv().DRY_RUN).toBe(true);
  });
});
