/**
 * The OCSF dialect on the shapes AWS sends (test/fixtures/ocsf/SOURCES.md): parsing keeps the
 * finding's own account and region, the view reads it as the native finding a responder knows,
 * closed and suppressed findings are set aside before any id is validated, and what is acted on
 * is validated with the OCSF field's path.
 */
import { InvalidEventError } from '../../../lambdas/shared/errors';
import { findingIdOf, findingTypeOf, parseEvent } from '../../../lambdas/shared/events';
import type { Ignore } from '../../../lambdas/shared/handler';
import { inactiveReason } from '../../../lambdas/shared/inactive';
import { ocsfGuardDutyId, ocsfIdentifierOf } from '../../../lambdas/shared/ocsf-schema';
import { nativeViewOf } from '../../../lambdas/shared/ocsf-view';
import cspmFixture from '../../fixtures/ocsf/cspm-cis-config-1.json';
import ec2Fixture from '../../fixtures/ocsf/guardduty-ec2-runtime.json';
import suppressedFixture from '../../fixtures/ocsf/guardduty-iam-suppressed.json';

type Json = Record<string, unknown>;

/** A deep copy of a fixture whose first finding `change` edits. */
function clone<T>(fixture: T, change: (finding: Json) => void = () => {}): T {
  const copy = structuredClone(fixture) as T & { detail: { findings: Json[] } };
  change(copy.detail.findings[0] as Json);
  return copy;
}

function ocsfOf(event: unknown) {
  const [source] = parseEvent(event, ['ocsf']);
  if (source?.kind !== 'ocsf') throw new Error('not parsed as OCSF');
  return source;
}

/** A CSPM control finding of `control` on the resource `type`/`uid` (cloned from Config.1). */
function controlEvent(control: string, type: string, uid: string, status = 'Fail') {
  return clone(cspmFixture, (f) => {
    (f.compliance as Json).control = control;
    (f.compliance as Json).status = status;
    (f.compliance as Json).status_id = status === 'Fail' ? 3 : 1;
    (f.resources as Json[])[0] = { ...(f.resources as Json[])[0], type, uid };
  });
}

describe('OCSF: parsing a Findings Imported V2 event', () => {
  it('takes the account and region from the finding, never from the envelope', () => {
    // Arrange: the envelope is the delegated administrator's (111122223333)
    const event = clone(ec2Fixture);
    // Act
    const source = ocsfOf(event);
    // Assert
    expect(event.account).toBe('111122223333');
    expect(source).toMatchObject({
      kind: 'ocsf',
      accountId: '123456789012',
      region: 'us-east-1',
      path: 'detail.findings[0]',
    });
  });

  it('names the finding by finding_info.uid and its type by the GuardDuty type among the types', () => {
    const source = ocsfOf(ec2Fixture);
    expect(findingIdOf(source)).toBe(
      'arn:aws:guardduty:us-east-1:123456789012:detector/00000000000000000000000000000000/finding/ffffffffffffffffffffffffffffffff',
    );
    // finding_info.types is ["Threats", "Execution:Runtime/NewBinaryExecuted"]
    expect(findingTypeOf(source)).toBe('Execution:Runtime/NewBinaryExecuted');
    expect(ocsfGuardDutyId(source.finding)).toBe('ffffffffffffffffffffffffffffffff');
  });

  it('keeps the identifier triple that BatchUpdateFindingsV2 takes', () => {
    expect(ocsfIdentifierOf(ocsfOf(ec2Fixture).finding)).toEqual({
      MetadataProductUid: 'arn:aws:securityhub:us-east-1::productv2/aws/guardduty',
      CloudAccountUid: '123456789012',
      FindingInfoUid: expect.stringMatching(/^arn:aws:guardduty:/),
    });
  });

  it('names the CSPM control as the type of a compliance finding', () => {
    expect(findingTypeOf(ocsfOf(cspmFixture))).toBe('Config.1');
  });

  it.each([
    [
      'an 11-digit account',
      (f: Json) => ((f.cloud as Json).account = { uid: '12345678901' }),
      /^detail\.findings\[0\]\.cloud\.account\.uid: must be a 12-digit AWS account id/,
    ],
    [
      'a missing region',
      (f: Json) => delete (f.cloud as Json).region,
      /^detail\.findings\[0\]\.cloud\.region: /,
    ],
    [
      'a missing finding uid',
      (f: Json) => delete (f.finding_info as Json).uid,
      /^detail\.findings\[0\]\.finding_info\.uid: /,
    ],
  ])('rejects %s, naming the field', (_what, change, message) => {
    expect(() => ocsfOf(clone(ec2Fixture, change))).toThrow(message);
  });
});

describe('OCSF: findings set aside before any id is validated', () => {
  it('ignores a suppressed finding even though its access key id is malformed', () => {
    // The Sumo Logic sample: status_id 3, uid "ASIA4U76YS3TEOA3O" (17 characters)
    const source = ocsfOf(suppressedFixture);
    expect(inactiveReason(source)).toBe('the Security Hub finding is suppressed (status_id 3)');
  });

  it.each([
    [4, 'resolved'],
    [5, 'archived'],
  ])('ignores status_id %d as %s', (statusId, word) => {
    const source = ocsfOf(clone(ec2Fixture, (f) => (f.status_id = statusId)));
    expect(inactiveReason(source)).toContain(word);
  });

  it('ignores a closed finding (activity_id 3)', () => {
    const source = ocsfOf(clone(ec2Fixture, (f) => (f.activity_id = 3)));
    expect(inactiveReason(source)).toBe('the Security Hub finding is closed');
  });

  it('ignores the update its own recording caused (activity_id 2 with this product comment)', () => {
    const source = ocsfOf(
      clone(ec2Fixture, (f) => {
        f.activity_id = 2;
        f.comment = '[security-ir] contained: isolated i-0123456789abcdef0';
      }),
    );
    expect(inactiveReason(source)).toMatch(/already answered/);
  });

  it('answers an update whose comment is someone else’s (the Sumo sample’s “John’s testing”)', () => {
    const source = ocsfOf(clone(suppressedFixture, (f) => (f.status_id = 1)));
    expect(inactiveReason(source)).toBeUndefined();
  });

  it('ignores a control check that passed', () => {
    const source = ocsfOf(controlEvent('EC2.19', 'AWS::EC2::SecurityGroup', 'sg-0a1b2c3d', 'Pass'));
    expect(inactiveReason(source)).toBe('the control check did not fail (compliance status pass)');
  });
});

describe('OCSF: a GuardDuty finding read as the native finding', () => {
  it('reads the EC2 sample as an Instance finding with its interfaces as hints', () => {
    const view = nativeViewOf(ocsfOf(ec2Fixture));
    expect(view).toMatchObject({
      kind: 'guardduty',
      accountId: '123456789012',
      region: 'us-east-1',
      finding: {
        id: 'ffffffffffffffffffffffffffffffff',
        type: 'Execution:Runtime/NewBinaryExecuted',
        accountId: '123456789012',
        region: 'us-east-1',
        resource: {
          resourceType: 'Instance',
          instanceDetails: {
            instanceId: 'i-0123456789abcdef0',
            networkInterfaces: [
              { networkInterfaceId: 'eni-0123456789abcdef0', vpcId: 'vpc-0123456789abcdef0' },
            ],
          },
        },
        service: { count: 1 },
      },
    });
  });

  it('reads the IAM sample as an AccessKey finding naming the principal', () => {
    const view = nativeViewOf(ocsfOf(clone(suppressedFixture, (f) => (f.status_id = 1))));
    expect(view).toMatchObject({
      kind: 'guardduty',
      finding: {
        id: '06c95f0cfdfd3b579b977e20e9da1aa4',
        type: 'Stealth:IAMUser/CloudTrailLoggingDisabled',
        resource: {
          resourceType: 'AccessKey',
          accessKeyDetails: {
            accessKeyId: 'ASIA4U76YS3TB3MEOA3O',
            userName: 'cis_automation',
            userType: 'AssumedRole',
          },
        },
      },
    });
  });

  it('reads a Lambda function by its name and ARN (uid and uid_alt)', () => {
    const event = clone(ec2Fixture, (f) => {
      f.resources = [
        {
          type: 'AWS::Lambda::Function',
          uid: 'my-lambda-function',
          uid_alt: 'arn:aws:lambda:us-east-1:123456789012:function:my-lambda-function',
          region: 'us-east-1',
        },
      ];
    });
    expect(nativeViewOf(ocsfOf(event))).toMatchObject({
      finding: {
        resource: {
          resourceType: 'Lambda',
          lambdaDetails: {
            functionName: 'my-lambda-function',
            functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:my-lambda-function',
          },
        },
      },
    });
  });

  it('reads an ECS task ARN as the task in its cluster', () => {
    const task = 'arn:aws:ecs:us-east-1:123456789012:task/prod/0a1b2c3d4e5f60718293a4b5c6d7e8f9';
    const event = clone(ec2Fixture, (f) => {
      f.resources = [{ type: 'AWS::ECS::Task', uid: task }];
    });
    expect(nativeViewOf(ocsfOf(event))).toMatchObject({
      finding: {
        resource: {
          resourceType: 'ECSCluster',
          ecsClusterDetails: {
            arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
            taskDetails: { arn: task },
          },
        },
      },
    });
  });

  it('names the bucket, not the key, when an S3 finding lists both', () => {
    const event = clone(suppressedFixture, (f) => {
      f.status_id = 1;
      (f.resources as Json[]).push({ type: 'AWS::S3::Bucket', uid: 'amzn-s3-demo-bucket' });
    });
    expect(nativeViewOf(ocsfOf(event))).toMatchObject({
      finding: {
        resource: {
          resourceType: 'S3Bucket',
          s3BucketDetails: [{ name: 'amzn-s3-demo-bucket' }],
          accessKeyDetails: { userName: 'cis_automation' },
        },
      },
    });
  });

  it.each([
    [
      'a resource owned by another account',
      (f: Json) =>
        ((f.resources as Json[])[0] = {
          ...(f.resources as Json[])[0],
          owner: { account: { uid: '999999999999' } },
        }),
      /^detail\.findings\[0\]\.resources\[0\]\.owner\.account\.uid: names account "999999999999", but the finding is for 123456789012/,
    ],
    [
      'an instance ARN in another region',
      (f: Json) =>
        ((f.resources as Json[])[0] = {
          ...(f.resources as Json[])[0],
          uid_alt: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0',
        }),
      /^detail\.findings\[0\]\.resources\[0\]\.uid_alt: names the AWS::EC2::Instance in aws\/123456789012\/eu-west-1/,
    ],
    [
      'an instance without uid',
      (f: Json) => delete ((f.resources as Json[])[0] as Json).uid,
      /^detail\.findings\[0\]\.resources\[0\]\.uid: must name the AWS::EC2::Instance/,
    ],
    [
      'no GuardDuty type',
      (f: Json) => ((f.finding_info as Json).types = ['Threats']),
      /^detail\.findings\[0\]\.finding_info\.types: must hold a GuardDuty finding type \(got "Threats"\)/,
    ],
  ])('rejects %s, naming the OCSF field', (_what, change, message) => {
    const source = ocsfOf(clone(ec2Fixture, change));
    expect(() => nativeViewOf(source)).toThrow(InvalidEventError);
    expect(() => nativeViewOf(source)).toThrow(message);
  });

  it('does not read findings of other products', () => {
    const source = ocsfOf(
      clone(ec2Fixture, (f) => {
        (f.metadata as Json).product = {
          uid: 'arn:aws:securityhub:us-east-1::productv2/aws/inspector',
        };
      }),
    );
    expect((nativeViewOf(source) as Ignore).ignore).toMatch(/^no responder reads findings of/);
  });
});

describe('OCSF: a CSPM control finding read as the Config evaluation of its rule', () => {
  it('reads EC2.19 on a security group ARN as restricted-common-ports on the group id', () => {
    const event = controlEvent(
      'EC2.19',
      'AWS::EC2::SecurityGroup',
      'arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a1b2c3d4e5f60718',
    );
    expect(nativeViewOf(ocsfOf(event))).toEqual({
      kind: 'config',
      accountId: '123456789012',
      region: 'us-east-1',
      path: 'detail.findings[0]',
      compliance: {
        resourceId: 'sg-0a1b2c3d4e5f60718',
        resourceType: 'AWS::EC2::SecurityGroup',
        awsAccountId: '123456789012',
        awsRegion: 'us-east-1',
        configRuleName: 'restricted-common-ports',
        newEvaluationResult: { complianceType: 'NON_COMPLIANT' },
      },
    });
  });

  it('reads S3.2 on a bucket ARN as s3-bucket-public-read-prohibited on the bucket name', () => {
    const event = controlEvent('S3.2', 'AWS::S3::Bucket', 'arn:aws:s3:::amzn-s3-demo-bucket');
    expect(nativeViewOf(ocsfOf(event))).toMatchObject({
      compliance: {
        resourceId: 'amzn-s3-demo-bucket',
        configRuleName: 's3-bucket-public-read-prohibited',
      },
    });
  });

  it('reads EC2.1 on the account (AWS::::Account, as the CIS sample names it) as the account-level rule', () => {
    const event = controlEvent('EC2.1', 'AWS::::Account', '123456789012');
    expect(nativeViewOf(ocsfOf(event))).toMatchObject({
      kind: 'config',
      compliance: {
        resourceId: '123456789012',
        resourceType: 'AWS::::Account',
        configRuleName: 'ebs-snapshot-public-restorable-check',
      },
    });
  });

  it('says no rule is known for the CIS sample’s control Config.1', () => {
    expect(nativeViewOf(ocsfOf(cspmFixture))).toEqual({
      ignore: 'no Config rule is known for Security Hub control Config.1',
      resource: '123456789012',
    });
  });

  it('rejects a security group in another account, naming the field', () => {
    const event = controlEvent(
      'EC2.19',
      'AWS::EC2::SecurityGroup',
      'arn:aws:ec2:us-east-1:999999999999:security-group/sg-0a1b2c3d4e5f60718',
    );
    expect(() => nativeViewOf(ocsfOf(event))).toThrow(
      /^detail\.findings\[0\]\.resources\[0\]\.owner\.account\.uid|^detail\.findings\[0\]\.resources\[0\]\.uid: /,
    );
  });
});
