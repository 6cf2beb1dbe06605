import {
  exceptionReason,
  findException,
  hasExceptionTag,
  parseExceptionValue,
} from '../../../lambdas/shared/exception';

const KEY = 'SecurityException';
const NOW = new Date('2030-06-15T12:00:00Z');

describe('parseExceptionValue: well-formed values', () => {
  it('reads a bare ticket, with no expiry', () => {
    expect(parseExceptionValue(KEY, 'CHG-1234', NOW)).toStrictEqual({
      key: KEY,
      value: 'CHG-1234',
      ticket: 'CHG-1234',
      expired: false,
      malformed: false,
    });
  });

  it('reads a ticket with a future expiry date', () => {
    expect(parseExceptionValue(KEY, 'CHG-1234;expires=2030-12-31', NOW)).toStrictEqual({
      key: KEY,
      value: 'CHG-1234;expires=2030-12-31',
      ticket: 'CHG-1234',
      expires: '2030-12-31',
      expired: false,
      malformed: false,
    });
  });

  it('tolerates spaces around the ticket and the separator', () => {
    const exception = parseExceptionValue(KEY, '  CHG 1234 ;  expires=2030-12-31 ', NOW);
    expect([exception.ticket, exception.expires, exception.malformed]).toEqual([
      'CHG 1234',
      '2030-12-31',
      false,
    ]);
  });

  it('marks a past expiry date as expired', () => {
    const exception = parseExceptionValue(KEY, 'CHG-1234;expires=2030-06-14', NOW);
    expect([exception.expired, exception.malformed]).toEqual([true, false]);
  });

  it('keeps the exception valid until the end of its expiry day (UTC)', () => {
    // Arrange
    const value = 'CHG-1234;expires=2030-06-15';

    // Act
    const lastSecond = parseExceptionValue(KEY, value, new Date('2030-06-15T23:59:59Z'));
    const nextDay = parseExceptionValue(KEY, value, new Date('2030-06-16T00:00:00Z'));

    // Assert
    expect([lastSecond.expired, nextDay.expired]).toEqual([false, true]);
  });
});

describe('parseExceptionValue: malformed values', () => {
  it.each<[string, string, string, string | undefined]>([
    ['an empty value', '', '', undefined],
    ['blanks only', '   ', '   ', undefined],
    ['an expiry without a ticket', ';expires=2030-12-31', ';expires=2030-12-31', undefined],
    ['a date in another format', 'CHG-1;expires=31/12/2030', 'CHG-1;expires=31/12/2030', undefined],
    ['a misspelt expiry', 'CHG-1;expiry=2030-12-31', 'CHG-1;expiry=2030-12-31', undefined],
    [
      'two separators',
      'CHG-1;CHG-2;expires=2030-12-31',
      'CHG-1;CHG-2;expires=2030-12-31',
      undefined,
    ],
    ['month 13', 'CHG-1;expires=2030-13-01', 'CHG-1', '2030-13-01'],
    ['day 32', 'CHG-1;expires=2030-01-32', 'CHG-1', '2030-01-32'],
  ])('flags %s as malformed, never as expired', (_what, value, ticket, expires) => {
    // Act
    const exception = parseExceptionValue(KEY, value, NOW);

    // Assert
    expect(exception).toStrictEqual({
      key: KEY,
      value,
      ticket,
      ...(expires !== undefined ? { expires } : {}),
      expired: false,
      malformed: true,
    });
  });

  it.each([
    ['30 February', 'CHG-1;expires=2030-02-30'],
    ['31 April', 'CHG-1;expires=2030-04-31'],
    ['29 February of a common year', 'CHG-1;expires=2031-02-29'],
  ])('flags a calendar date that does not exist (%s) as malformed', (_what, value) => {
    expect(parseExceptionValue(KEY, value, NOW).malformed).toBe(true);
  });

  it('accepts 29 February of a leap year', () => {
    expect(parseExceptionValue(KEY, 'CHG-1;expires=2032-02-29', NOW).malformed).toBe(false);
  });
});

describe('findException: tag shapes', () => {
  it('reads EC2 and IAM tags ({Key, Value})', () => {
    // Arrange
    const tags = [
      { Key: 'Name', Value: 'web-01' },
      { Key: KEY, Value: 'CHG-1;expires=2030-12-31' },
    ];

    // Act
    const exception = findException(tags, KEY, NOW);

    // Assert
    expect(exception).toStrictEqual({
      key: KEY,
      value: 'CHG-1;expires=2030-12-31',
      ticket: 'CHG-1',
      expires: '2030-12-31',
      expired: false,
      malformed: false,
    });
  });

  it('reads GuardDuty tags ({key, value})', () => {
    const tags = [
      { key: 'Name', value: 'web-01' },
      { key: KEY, value: 'CHG-2' },
    ];
    expect(findException(tags, KEY, NOW)?.ticket).toBe('CHG-2');
  });

  it('reads a flat map (ASFF Resources[].Tags)', () => {
    const tags = { Name: 'web-01', [KEY]: 'CHG-3' };
    expect(findException(tags, KEY, NOW)?.ticket).toBe('CHG-3');
  });

  it('returns undefined when the key is absent or there are no tags', () => {
    expect([
      findException([{ Key: 'Name', Value: KEY }], KEY),
      findException([{ key: 'SecurityExceptions', value: 'CHG-1' }], KEY),
      findException({}, KEY),
      findException([], KEY),
      findException(undefined, KEY),
    ]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('reads an EC2 tag with an empty value as a malformed exception', () => {
    expect(findException([{ Key: KEY, Value: '' }], KEY, NOW)).toStrictEqual({
      key: KEY,
      value: '',
      ticket: '',
      expired: false,
      malformed: true,
    });
  });
});

describe('findException: letter case of the key', () => {
  it.each([
    [
      'lower case on the resource',
      [{ Key: 'securityexception', Value: 'CHG-1' }],
      'SecurityException',
    ],
    ['upper case on the resource', { SECURITYEXCEPTION: 'CHG-1' }, 'SecurityException'],
    [
      'lower case in the configuration',
      [{ key: 'SecurityException', value: 'CHG-1' }],
      'securityexception',
    ],
  ])(
    'matches the key in %s and reports the key as written on the resource',
    (_what, tags, wanted) => {
      // Act
      const exception = findException(tags, wanted, NOW);

      // Assert
      const written = Array.isArray(tags)
        ? (tags[0] as { Key?: string; key?: string })
        : { Key: Object.keys(tags)[0] };
      expect(exception?.key).toBe(written.Key ?? written.key);
      expect(exception?.ticket).toBe('CHG-1');
    },
  );
});

describe('hasExceptionTag', () => {
  it('is true for an expired or malformed exception, as the IAM deny is', () => {
    expect([
      hasExceptionTag({ securityexception: 'CHG-1;expires=2000-01-01' }, KEY),
      hasExceptionTag({ SecurityException: '' }, KEY),
      hasExceptionTag({ Name: 'web-01' }, KEY),
    ]).toEqual([true, true, false]);
  });
});

describe('exceptionReason', () => {
  it('names the resource, the key and the value', () => {
    // Arrange
    const exception = parseExceptionValue(KEY, 'CHG-1;expires=2030-12-31', NOW);

    // Act
    const reason = exceptionReason('i-0a1b2c3d4e5f67890', exception);

    // Assert
    expect(reason).toBe(
      'i-0a1b2c3d4e5f67890 carries the exception tag SecurityException="CHG-1;expires=2030-12-31"; nothing changed',
    );
  });

  it('says when the exception expired and asks to renew or remove it', () => {
    const exception = parseExceptionValue('securityexception', 'CHG-1;expires=2030-01-01', NOW);
    expect(exceptionReason('sg-0a9b8c7d6e5f43210', exception)).toBe(
      'sg-0a9b8c7d6e5f43210 carries the exception tag securityexception="CHG-1;expires=2030-01-01" ' +
        '(expired on 2030-01-01: renew or remove it); nothing changed',
    );
  });

  it('says when the value is malformed and shows the expected form', () => {
    const exception = parseExceptionValue(KEY, 'approved by bob;until=next week', NOW);
    expect(exceptionReason('alice', exception)).toBe(
      'alice carries the exception tag SecurityException="approved by bob;until=next week" ' +
        '(the tag value is malformed (expected <ticket>[;expires=YYYY-MM-DD])); nothing changed',
    );
  });

  it('quotes at most 128 characters of the value, escaping line breaks', () => {
    // Arrange
    const value = `CHG-1\n${'x'.repeat(300)}`;
    const exception = parseExceptionValue(KEY, value, NOW);

    // Act
    const reason = exceptionReason('i-0a1b2c3d4e5f67890', exception);

    // Assert
    expect(reason).toBe(
      `i-0a1b2c3d4e5f67890 carries the exception tag SecurityException=${JSON.stringify(value.slice(0, 128))}; nothing changed`,
    );
    expect(reason).not.toContain('\n');
  });
});
