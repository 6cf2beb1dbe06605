import { responderEnv } from '../../lambdas/shared/config';
import { largestResponderEnvironment } from '../../modules/config/limits';
import { parseConfig } from '../../modules/config/load';
import { AWS_LIMITS, sizeFor } from '../../modules/shared/aws-limits';
import {
  localResponderEnvironment,
  responderEnvironment,
  responseConfigDocument,
} from '../../modules/shared/responder-env';

const TOPIC = 'arn:aws:sns:us-east-1:111111111111:security-ir-alerts';

describe('responder environment: the stack and the Lambda agree', () => {
  it('is read back by the Lambda config with the same values', () => {
    const config = parseConfig({
      exceptionTagKey: 'ApprovedDeviation',
      allowedCidrs: { v4: ['10.0.0.0/8', '192.168.0.0/16'], v6: ['fd00::/8'] },
      responseModes: {
        default: 'dry-run',
        accounts: { '222222222222': 'contain' },
        organizationalUnits: { 'ou-ab12-cdefgh34': 'off' },
      },
      denyPolicyOnRoles: true,
      preserveEvidence: false,
    });

    const env = responderEnv(localResponderEnvironment(config, TOPIC));

    expect(env.SECURITY_TAG_KEY).toBe('ApprovedDeviation');
    expect(env.MEMBER_ROLE_NAME).toBe(config.memberRoleName);
    expect(env.AUTOMATION_ROLE_NAME).toBe(config.automationRoleName);
    expect(env.ALERTS_TOPIC_ARN).toBe(TOPIC);
    expect(env.DRY_RUN).toBe(false);
    expect(env.ALLOWED_CIDR_V4).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
    expect(env.ALLOWED_CIDR_V6).toEqual(['fd00::/8']);
    expect(env.RESPONSE_MODES).toEqual(config.responseModes);
    expect(Object.keys(env.CONFIG_RULES)).toEqual(config.configRules.map((r) => r.name));
    expect(env.CONFIG_RULES['restricted-ssh']).toEqual({ responder: 'confine-security-group' });
    expect(env.DENY_POLICY_ON_ROLES).toBe(true);
    expect(env.PRESERVE_EVIDENCE).toBe(false);
    expect(env.RESOURCE_PREFIX).toBe(config.prefix);
  });

  it('writes the response modes and the rule map to the bundle document, not the environment', () => {
    const config = parseConfig({
      responseModes: { default: 'off', accounts: { '222222222222': 'contain' } },
    });

    const deployed = responderEnvironment(config, TOPIC);
    const doc = responseConfigDocument(config);

    expect(Object.keys(deployed)).not.toContain('RESPONSE_MODES');
    expect(Object.keys(deployed)).not.toContain('CONFIG_RULES');
    expect(doc.responseModes).toEqual(config.responseModes);
    expect(doc.configRules['restricted-ssh']).toEqual({ responder: 'confine-security-group' });
  });

  it('keeps the deployed environment the same size for 5,000 accounts and 1,000 OUs', () => {
    const accounts = Object.fromEntries(
      Array.from({ length: 5000 }, (_, i) => [String(100000000000 + i), 'dry-run' as const]),
    );
    const organizationalUnits = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [
        `ou-ab12-${String(i).padStart(8, '0')}`,
        'off' as const,
      ]),
    );
    const small = parseConfig({});
    const large = parseConfig({
      responseModes: { default: 'contain', accounts, organizationalUnits },
    });

    const sizeOf = (c: typeof small) =>
      sizeFor('lambdaEnvironment', largestResponderEnvironment(c));

    expect(sizeOf(large)).toBe(sizeOf(small));
    expect(sizeOf(large)).toBeLessThan(AWS_LIMITS.lambdaEnvironment.max / 4);
  });

  it('carries the blast-radius limits and the ledger table', () => {
    const config = parseConfig({
      blastRadius: { perAccountPerHour: 3, perOrganizationPerHour: 7 },
    });

    const env = responderEnv(responderEnvironment(config, TOPIC, 'security-ir-ledger'));

    expect([env.BLAST_RADIUS_PER_ACCOUNT, env.BLAST_RADIUS_PER_ORGANIZATION]).toEqual([3, 7]);
    expect(env.LEDGER_TABLE_NAME).toBe('security-ir-ledger');
  });

  it('defaults to 10 per account and 50 per organization per hour, without a ledger table', () => {
    const env = responderEnv(responderEnvironment(parseConfig({}), TOPIC));

    expect([env.BLAST_RADIUS_PER_ACCOUNT, env.BLAST_RADIUS_PER_ORGANIZATION]).toEqual([10, 50]);
    expect(env.LEDGER_TABLE_NAME).toBeUndefined();
  });

  it('carries the tickets setting in one variable, read back with the home region', () => {
    const config = parseConfig({
      homeRegion: 'eu-west-1',
      regions: ['eu-west-1'],
      tickets: { connectorId: '8f3c2a1b-4d5e-4f60-9a7b-0c1d2e3f4a5b' },
    });
    const env = responderEnv(responderEnvironment(config, TOPIC));

    expect(env.TICKETS).toEqual({
      connectorId: '8f3c2a1b-4d5e-4f60-9a7b-0c1d2e3f4a5b',
      region: 'eu-west-1',
      on: ['escalated', 'failed'],
    });
    expect(responderEnv(responderEnvironment(parseConfig({}), TOPIC)).TICKETS).toBeUndefined();
  });

  it('passes dry-run through', () => {
    const env = responderEnv(responderEnvironment(parseConfig({ dryRun: true }), TOPIC));

    expect(env.DRY_RUN).toBe(true);
  });
});
