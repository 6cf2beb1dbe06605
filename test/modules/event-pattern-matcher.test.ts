import { matchesPattern } from '../support/event-pattern';

// A Config compliance change as EventBridge delivers it (trimmed to the fields used).
const configEvent = {
  version: '0',
  id: '4b2e8c1f-0c5b-3a52-9b3e-5f0a6e1f1c2d',
  'detail-type': 'Config Rules Compliance Change',
  source: 'aws.config',
  account: '111122223333',
  time: '2025-05-01T10:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: {
    resourceId: 'sg-0123456789abcdef0',
    awsRegion: 'eu-west-1',
    awsAccountId: '111122223333',
    configRuleName: 'securityhub-restricted-ssh-1a2b3c4d',
    recordVersion: '1.0',
    configRuleARN: 'arn:aws:config:eu-west-1:111122223333:config-rule/config-rule-abcdef',
    messageType: 'ComplianceChangeNotification',
    newEvaluationResult: {
      complianceType: 'NON_COMPLIANT',
      annotation: 'Port 22 is open to 0.0.0.0/0',
      resultRecordedTime: '2025-05-01T10:00:00.000Z',
    },
    resourceType: 'AWS::EC2::SecurityGroup',
    tags: ['prod', 'web'],
    count: 3,
  },
};

describe('event pattern matcher: exact values', () => {
  it('matches a value listed in the pattern and rejects one that is not', () => {
    expect(matchesPattern({ source: ['aws.config'] }, configEvent)).toBe(true);
    expect(matchesPattern({ source: ['aws.guardduty', 'aws.config'] }, configEvent)).toBe(true);
    expect(matchesPattern({ source: ['aws.guardduty'] }, configEvent)).toBe(false);
  });

  it('compares types strictly: the string "3" does not match the number 3', () => {
    expect(matchesPattern({ detail: { count: [3] } }, configEvent)).toBe(true);
    expect(matchesPattern({ detail: { count: ['3'] } }, configEvent)).toBe(false);
  });

  it('matches null only against a null value, not a missing field', () => {
    expect(matchesPattern({ detail: { gone: [null] } }, { detail: { gone: null } })).toBe(true);
    expect(matchesPattern({ detail: { gone: [null] } }, { detail: {} })).toBe(false);
  });

  it('matches booleans exactly', () => {
    expect(matchesPattern({ flag: [true] }, { flag: true })).toBe(true);
    expect(matchesPattern({ flag: [true] }, { flag: 'true' })).toBe(false);
  });
});

describe('event pattern matcher: nested objects and arrays', () => {
  it('matches nested fields and fails when every field is not satisfied', () => {
    const pattern = {
      detail: {
        messageType: ['ComplianceChangeNotification'],
        newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
      },
    };
    expect(matchesPattern(pattern, configEvent)).toBe(true);
    const compliant = structuredClone(configEvent);
    compliant.detail.newEvaluationResult.complianceType = 'COMPLIANT';
    expect(matchesPattern(pattern, compliant)).toBe(false);
  });

  it('matches an array in the event when any element matches', () => {
    expect(matchesPattern({ detail: { tags: ['web'] } }, configEvent)).toBe(true);
    expect(matchesPattern({ detail: { tags: ['db'] } }, configEvent)).toBe(false);
  });

  it('matches a nested pattern against any object of an array', () => {
    const event = { detail: { findings: [{ Id: 'a' }, { Id: 'b' }] } };
    expect(matchesPattern({ detail: { findings: { Id: ['b'] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { findings: { Id: ['c'] } } }, event)).toBe(false);
  });

  it('does not treat an object as a leaf value', () => {
    expect(matchesPattern({ detail: ['x'] }, configEvent)).toBe(false);
    expect(matchesPattern({ detail: [{ exists: true }] }, configEvent)).toBe(false);
  });

  it('fails a missing field and a missing parent', () => {
    expect(matchesPattern({ detail: { missing: ['x'] } }, configEvent)).toBe(false);
    expect(matchesPattern({ nothing: { here: ['x'] } }, configEvent)).toBe(false);
  });
});

describe('event pattern matcher: string operators', () => {
  it('matches a prefix, also ignoring case', () => {
    expect(
      matchesPattern({ detail: { configRuleName: [{ prefix: 'securityhub-' }] } }, configEvent),
    ).toBe(true);
    expect(
      matchesPattern({ detail: { configRuleName: [{ prefix: 'SecurityHub-' }] } }, configEvent),
    ).toBe(false);
    expect(
      matchesPattern(
        { detail: { configRuleName: [{ prefix: { 'equals-ignore-case': 'SecurityHub-' } }] } },
        configEvent,
      ),
    ).toBe(true);
  });

  it('matches a suffix, also ignoring case', () => {
    expect(
      matchesPattern({ detail: { configRuleName: [{ suffix: '-1a2b3c4d' }] } }, configEvent),
    ).toBe(true);
    expect(
      matchesPattern({ detail: { configRuleName: [{ suffix: '-1A2B3C4D' }] } }, configEvent),
    ).toBe(false);
    expect(
      matchesPattern(
        { detail: { configRuleName: [{ suffix: { 'equals-ignore-case': '-1A2B3C4D' } }] } },
        configEvent,
      ),
    ).toBe(true);
  });

  it('matches equals-ignore-case', () => {
    expect(matchesPattern({ source: [{ 'equals-ignore-case': 'AWS.Config' }] }, configEvent)).toBe(
      true,
    );
    expect(matchesPattern({ source: [{ 'equals-ignore-case': 'aws.configs' }] }, configEvent)).toBe(
      false,
    );
  });

  it('matches a wildcard over the whole value, with literal regex characters', () => {
    expect(
      matchesPattern(
        { detail: { configRuleName: [{ wildcard: 'securityhub-*-1a2b3c4d' }] } },
        configEvent,
      ),
    ).toBe(true);
    expect(
      matchesPattern({ detail: { configRuleName: [{ wildcard: 'restricted-*' }] } }, configEvent),
    ).toBe(false);
    expect(matchesPattern({ v: [{ wildcard: 'a.c' }] }, { v: 'abc' })).toBe(false);
  });

  it('never applies string operators to numbers', () => {
    expect(matchesPattern({ detail: { count: [{ prefix: '3' }] } }, configEvent)).toBe(false);
  });
});

describe('event pattern matcher: anything-but', () => {
  it('matches any other value, from a single value or a list', () => {
    expect(matchesPattern({ region: [{ 'anything-but': 'us-east-1' }] }, configEvent)).toBe(true);
    expect(
      matchesPattern({ region: [{ 'anything-but': ['eu-west-1', 'us-east-1'] }] }, configEvent),
    ).toBe(false);
  });

  it('supports prefix, suffix and equals-ignore-case', () => {
    expect(matchesPattern({ region: [{ 'anything-but': { prefix: 'eu-' } }] }, configEvent)).toBe(
      false,
    );
    expect(matchesPattern({ region: [{ 'anything-but': { suffix: '-2' } }] }, configEvent)).toBe(
      true,
    );
    expect(
      matchesPattern(
        { region: [{ 'anything-but': { 'equals-ignore-case': ['EU-WEST-1'] } }] },
        configEvent,
      ),
    ).toBe(false);
  });

  it('does not match a missing field', () => {
    expect(matchesPattern({ detail: { missing: [{ 'anything-but': 'x' }] } }, configEvent)).toBe(
      false,
    );
  });
});

describe('event pattern matcher: exists and numeric', () => {
  it('matches exists true on a present leaf and exists false on a missing one', () => {
    expect(matchesPattern({ detail: { resourceId: [{ exists: true }] } }, configEvent)).toBe(true);
    expect(matchesPattern({ detail: { resourceId: [{ exists: false }] } }, configEvent)).toBe(
      false,
    );
    expect(matchesPattern({ detail: { missing: [{ exists: false }] } }, configEvent)).toBe(true);
    expect(matchesPattern({ detail: { missing: [{ exists: true }] } }, configEvent)).toBe(false);
  });

  it('matches numeric ranges and equality', () => {
    expect(
      matchesPattern({ detail: { count: [{ numeric: ['>', 0, '<=', 3] }] } }, configEvent),
    ).toBe(true);
    expect(matchesPattern({ detail: { count: [{ numeric: ['>=', 4] }] } }, configEvent)).toBe(
      false,
    );
    expect(matchesPattern({ detail: { count: [{ numeric: ['=', 3] }] } }, configEvent)).toBe(true);
    expect(matchesPattern({ detail: { awsRegion: [{ numeric: ['>', 0] }] } }, configEvent)).toBe(
      false,
    );
  });
});

describe('event pattern matcher: $or', () => {
  it('matches when any branch matches', () => {
    const pattern = {
      $or: [
        { source: ['aws.guardduty'] },
        { detail: { resourceType: ['AWS::EC2::SecurityGroup'] } },
      ],
    };
    expect(matchesPattern(pattern, configEvent)).toBe(true);
    expect(
      matchesPattern(
        { $or: [{ source: ['aws.guardduty'] }, { region: ['us-east-1'] }] },
        configEvent,
      ),
    ).toBe(false);
  });
});

describe('event pattern matcher: unsupported input', () => {
  it('throws on an unknown operator instead of passing', () => {
    expect(() => matchesPattern({ source: [{ cidr: '10.0.0.0/8' }] }, configEvent)).toThrow(
      'unsupported operator cidr',
    );
  });

  it('throws on a matcher with two operators', () => {
    expect(() => matchesPattern({ source: [{ prefix: 'a', suffix: 'b' }] }, configEvent)).toThrow(
      'one operator',
    );
  });
});
