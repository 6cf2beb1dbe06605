import {
  ConfigurationError,
  describeCause,
  formatPath,
  InvalidEventError,
  isAwsError,
  MemberAccessError,
  quote,
  ResponderError,
  ResponseFailedError,
  TagReadError,
} from '../../../lambdas/shared/errors';

describe('quote', () => {
  it('quotes a short string as JSON', () => {
    expect(quote('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
  });

  it('cuts a string longer than 64 characters and marks the cut', () => {
    expect(quote('a'.repeat(65))).toBe(`"${'a'.repeat(64)}…"`);
    expect(quote('a'.repeat(64))).toBe(`"${'a'.repeat(64)}"`);
  });

  it('quotes other values as their JSON text, objects without their keys', () => {
    expect([quote(42), quote(null), quote([1, 'a']), quote({ a: [1] }), quote(undefined)]).toEqual([
      '"42"',
      '"null"',
      '"[1,\\"a\\"]"',
      '"{…}"',
      '"undefined"',
    ]);
  });

  it('ends on circular values and falls back to the object tag for bigints', () => {
    // Arrange
    const circular: unknown[] = [];
    circular.push(circular);

    // Act / Assert
    expect([quote(circular), quote(10n)]).toEqual([`"${'['.repeat(64)}…"`, '"[object BigInt]"']);
  });
});

describe('formatPath', () => {
  it('joins names with dots and indexes with brackets', () => {
    expect(formatPath(['detail', 'findings', 1, 'Resources', 0, 'Id'])).toBe(
      'detail.findings[1].Resources[0].Id',
    );
  });

  it('names the event itself for an empty path', () => {
    expect(formatPath([])).toBe('(event)');
  });

  it('starts with an index when the path does', () => {
    expect(formatPath([0, 'key'])).toBe('[0].key');
  });
});

describe('InvalidEventError', () => {
  it('is a ResponderError whose message starts with the field path', () => {
    // Act
    const error = new InvalidEventError('detail.accountId', 'must be a 12-digit AWS account id');

    // Assert
    expect(error).toBeInstanceOf(ResponderError);
    expect(error.name).toBe('InvalidEventError');
    expect([error.path, error.detail, error.message]).toEqual([
      'detail.accountId',
      'must be a 12-digit AWS account id',
      'detail.accountId: must be a 12-digit AWS account id',
    ]);
  });

  it('builds from the first issue, under the prefix, quoting the input', () => {
    // Act
    const error = InvalidEventError.fromIssues(
      [
        { path: ['Id'], message: 'Too big', input: 'x'.repeat(600) },
        { path: ['Region'], message: 'second issue' },
      ],
      ['detail', 'findings', 3],
    );

    // Assert
    expect(error.message).toBe(`detail.findings[3].Id: Too big (got "${'x'.repeat(64)}…")`);
  });

  it('omits the input when the issue has none', () => {
    const error = InvalidEventError.fromIssues([{ path: ['account'], message: 'Required' }]);
    expect(error.message).toBe('account: Required');
  });

  it('names the prefix when there is no issue', () => {
    expect(InvalidEventError.fromIssues([], ['detail']).message).toBe('detail: invalid value');
  });
});

describe('ConfigurationError', () => {
  it('names the environment variable', () => {
    const error = new ConfigurationError('DRY_RUN', 'must be "true" or "false"');
    expect([error.name, error.variable, error.message]).toEqual([
      'ConfigurationError',
      'DRY_RUN',
      'environment variable DRY_RUN: must be "true" or "false"',
    ]);
  });
});

describe('MemberAccessError', () => {
  it('names the account and role, keeps the cause and says what to check', () => {
    // Arrange
    const cause = Object.assign(new Error('User is not authorized to perform sts:AssumeRole'), {
      name: 'AccessDenied',
    });

    // Act
    const error = new MemberAccessError(
      '222222222222',
      'arn:aws:iam::222222222222:role/Security-IR-Role',
      { cause },
    );

    // Assert
    expect(error).toBeInstanceOf(ResponderError);
    expect(error.cause).toBe(cause);
    expect([error.name, error.accountId, error.roleArn]).toEqual([
      'MemberAccessError',
      '222222222222',
      'arn:aws:iam::222222222222:role/Security-IR-Role',
    ]);
    expect(error.message).toBe(
      'cannot assume arn:aws:iam::222222222222:role/Security-IR-Role in account 222222222222: ' +
        'AccessDenied: User is not authorized to perform sts:AssumeRole; check that the member ' +
        'StackSet reached this account and that the role trusts the responders',
    );
  });
});

describe('TagReadError', () => {
  it('names the resource, keeps the cause and says it does not act', () => {
    // Arrange
    const cause = new Error('socket hang up');

    // Act
    const error = new TagReadError('i-0a1b2c3d4e5f67890', { cause });

    // Assert
    expect(error.cause).toBe(cause);
    expect(error.message).toBe(
      'cannot read the tags of i-0a1b2c3d4e5f67890: socket hang up; not acting, since an ' +
        'exception tag cannot be ruled out',
    );
  });
});

describe('ResponseFailedError', () => {
  it('lists every failure with its resource', () => {
    // Arrange
    const failures = [
      { resource: 'i-0a1b2c3d4e5f67890', reason: 'AccessDenied' },
      { resource: 'sg-0a9b8c7d6e5f43210', reason: 'notification failed: Throttling' },
    ];

    // Act
    const error = new ResponseFailedError(failures);

    // Assert
    expect(error.failures).toBe(failures);
    expect(error.message).toBe(
      '2 finding(s) failed: i-0a1b2c3d4e5f67890: AccessDenied; ' +
        'sg-0a9b8c7d6e5f43210: notification failed: Throttling',
    );
  });

  it('keeps the message bounded for many long failures', () => {
    // Arrange
    const failures = Array.from({ length: 100 }, (_, i) => ({
      resource: `i-${i}`,
      reason: 'r'.repeat(100),
    }));

    // Act
    const error = new ResponseFailedError(failures);

    // Assert
    expect(error.message.length).toBe('100 finding(s) failed: '.length + 2000);
  });
});

describe('describeCause', () => {
  it('prefixes an AWS error message with its name', () => {
    const error = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    expect(describeCause(error)).toBe('ThrottlingException: Rate exceeded');
  });

  it('uses the bare message of a plain Error', () => {
    expect(describeCause(new Error('boom'))).toBe('boom');
  });

  it('cuts a long message at 300 characters', () => {
    expect(describeCause(new Error('m'.repeat(400)))).toBe(`${'m'.repeat(300)}…`);
  });

  it('quotes a thrown value that is not an Error', () => {
    expect([describeCause('oops'), describeCause({ code: 7 })]).toEqual([
      '"oops"',
      '"{\\"code\\":7}"',
    ]);
  });
});

describe('isAwsError', () => {
  it('matches an SDK error by its code, or by one of several codes', () => {
    // Arrange
    const notFound = Object.assign(new Error('gone'), { name: 'InvalidGroup.NotFound' });

    // Act / Assert
    expect(isAwsError(notFound, 'InvalidGroup.NotFound')).toBe(true);
    expect(isAwsError(notFound, ['NoSuchEntityException', 'InvalidGroup.NotFound'])).toBe(true);
    expect(isAwsError(notFound, 'InvalidGroup.Duplicate')).toBe(false);
    expect(isAwsError({ name: 'InvalidGroup.NotFound' }, 'InvalidGroup.NotFound')).toBe(false);
    expect(isAwsError(undefined, 'InvalidGroup.NotFound')).toBe(false);
  });
});
