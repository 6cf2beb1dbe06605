import {
  DEFAULT_CONFIG_RULES,
  DEFAULT_ISOLATION_FINDING_TYPES,
} from '../../../lambdas/shared/defaults';
import { ConfigError, parseConfig } from '../../../modules/config/load';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config: a list replaces the defaults, { add, remove } edits them', () => {
  it('replaces the GuardDuty types with an array', () => {
    const config = parseConfig({ findingTypes: { 'isolate-ec2': ['Backdoor:EC2/Spambot'] } });
    expect(config.findingTypes['isolate-ec2']).toEqual(['Backdoor:EC2/Spambot']);
  });

  it('adds to and removes from the default GuardDuty types', () => {
    // Act
    const config = parseConfig({
      findingTypes: {
        'isolate-ec2': {
          add: ['Recon:EC2/PortProbeUnprotectedPort'],
          remove: ['Backdoor:EC2/Spambot'],
        },
      },
    });

    // Assert
    const expected = DEFAULT_ISOLATION_FINDING_TYPES.filter((t) => t !== 'Backdoor:EC2/Spambot');
    expect(config.findingTypes['isolate-ec2']).toEqual([
      ...expected,
      'Recon:EC2/PortProbeUnprotectedPort',
    ]);
  });

  it('removes a Config rule by name and adds one', () => {
    // Act
    const config = parseConfig({
      configRules: {
        remove: ['restricted-ssh'],
        add: [{ name: 'my-rule', sourceIdentifier: 'MY_RULE', response: { responder: 'notify' } }],
      },
    });

    // Assert
    expect(config.configRules.map((r) => r.name)).toEqual([
      ...DEFAULT_CONFIG_RULES.map((r) => r.name).filter((n) => n !== 'restricted-ssh'),
      'my-rule',
    ]);
  });

  it('rejects removing what is not a default, with the nearest default', () => {
    expect(
      messageOf(() =>
        parseConfig({ findingTypes: { 'isolate-ec2': { remove: ['Backdoor:EC2/Spambott'] } } }),
      ),
    ).toBe(
      'Invalid configuration:\n  findingTypes.isolate-ec2.remove[0]: "Backdoor:EC2/Spambott" is not a default, so it cannot be removed (did you mean "Backdoor:EC2/Spambot"?)',
    );
  });

  it('rejects adding a default again', () => {
    expect(
      messageOf(() => parseConfig({ configRules: { add: [{ ...DEFAULT_CONFIG_RULES[0] }] } })),
    ).toContain(`configRules.add[0]: "${DEFAULT_CONFIG_RULES[0]?.name}" is already a default`);
  });

  it('reports a bad entry inside an edit at its own path', () => {
    expect(
      messageOf(() =>
        parseConfig({
          configRules: {
            add: [{ name: 'x', sourceIdentifier: 'X', response: { responder: 'nope' } }],
          },
        }),
      ),
    ).toContain('configRules.add[0].response.responder:');
  });
});
