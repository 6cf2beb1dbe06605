/**
 * Sample and archived findings, in the shapes AWS sends them, through every responder: they end
 * `ignored` with the reason, before any resource id is validated and without entering the member
 * account. Fixtures: a CreateSampleFindings EC2 finding (placeholders `i-99999999`,
 * `GeneratedFindingVPCId`, `GeneratedFindingSecurityId`), an IAM sample whose flag sits in the
 * `additionalInfo.value` JSON string, and Security Hub's copy of a GuardDuty sample.
 * https://docs.aws.amazon.com/guardduty/latest/ug/sample_findings.html
 */
import { handler as blockPrincipal } from '../../../lambdas/block-principal';
import { handler as confineGroup } from '../../../lambdas/confine-security-group';
import { handler as isolateEc2 } from '../../../lambdas/isolate-ec2';
import { handler as isolateEcsTask } from '../../../lambdas/isolate-ecs-task';
import { isAsffSample, isGuardDutySample } from '../../../lambdas/shared/inactive';
import { handler as startAutomation } from '../../../lambdas/start-ssm-automation';
import ec2Sample from '../../fixtures/guardduty/sample-ec2-spambot.json';
// GuardDuty's generated ECS sample: the placeholder cluster and task ARNs (`region` as the region,
// a task in another cluster than the finding's) and the flag inside `additionalInfo.value`, as
// recorded in a public GuardDuty parser's tests (opencybersecurityalliance stix-shifter, aws_guardduty).
import ecsSample from '../../fixtures/guardduty/sample-ecs-runtime.json';
import iamSample from '../../fixtures/guardduty/sample-iam-user-value-string.json';
import hubSample from '../../fixtures/securityhub/guardduty-sample-copy.json';
import { createMocks, publishedOutcomes, resetAll, sentActions } from '../../support/aws';

const mocks = createMocks();

beforeEach(() => {
  resetAll(mocks);
});

type HubEvent = typeof hubSample;
type Resource = HubEvent['detail']['findings'][number]['Resources'][number];

/** Security Hub's copy of the sample, with its resource replaced (placeholder ids kept). */
function hubSampleOf(resource: Partial<Resource> & { Type: string; Id: string }): HubEvent {
  const event = structuredClone(hubSample);
  const finding = event.detail.findings[0];
  if (finding) finding.Resources = [{ ...(finding.Resources[0] as Resource), ...resource }];
  return event;
}

/** The sample flag as newer findings carry it: only inside `additionalInfo/value`. */
function withValueString(event: HubEvent): HubEvent {
  const copy = structuredClone(event);
  const fields = copy.detail.findings[0]?.ProductFields as Record<string, string>;
  delete fields['aws/guardduty/service/additionalInfo/sample'];
  fields['aws/guardduty/service/additionalInfo/value'] = '{"sample":true,"unusual":25}';
  return copy;
}

const HUB_GROUP = hubSampleOf({
  Type: 'AwsEc2SecurityGroup',
  Id: 'arn:aws:ec2:us-east-1:222222222222:security-group/GeneratedFindingSecurityId',
  Details: {} as Resource['Details'],
});
const HUB_BUCKET = hubSampleOf({
  Type: 'AwsS3Bucket',
  Id: 'arn:aws:s3:::GeneratedFindingBucketName',
  Details: {} as Resource['Details'],
});
const HUB_USER = hubSampleOf({
  Type: 'AwsIamAccessKey',
  Id: 'AWS::IAM::AccessKey:GeneratedFindingAccessKeyId',
  Details: { AwsIamAccessKey: { PrincipalName: 'GeneratedFindingUserName' } } as never,
});

const SAMPLE = 'the GuardDuty finding is a sample finding';
const HUB = 'the Security Hub finding is a GuardDuty sample finding';

describe('every responder: GuardDuty sample findings', () => {
  it.each<[string, (event: unknown) => Promise<unknown>, unknown, string, string]>([
    ['isolate-ec2', isolateEc2, ec2Sample, SAMPLE, 'i-99999999'],
    ['block-principal', blockPrincipal, iamSample, SAMPLE, 'AccessKey'],
    ['isolate-ecs-task', isolateEcsTask, ecsSample, SAMPLE, 'ECSCluster'],
    [
      'isolate-ec2',
      isolateEc2,
      hubSample,
      HUB,
      hubSample.detail.findings[0]?.Resources[0]?.Id ?? '',
    ],
    [
      'isolate-ec2',
      isolateEc2,
      withValueString(hubSample),
      HUB,
      'arn:aws:ec2:us-east-1:222222222222:instance/i-99999999',
    ],
    [
      'confine-security-group',
      confineGroup,
      HUB_GROUP,
      HUB,
      HUB_GROUP.detail.findings[0]?.Resources[0]?.Id ?? '',
    ],
    [
      'confine-security-group',
      confineGroup,
      withValueString(HUB_GROUP),
      HUB,
      HUB_GROUP.detail.findings[0]?.Resources[0]?.Id ?? '',
    ],
    [
      'start-ssm-automation',
      startAutomation,
      HUB_BUCKET,
      HUB,
      'arn:aws:s3:::GeneratedFindingBucketName',
    ],
    [
      'start-ssm-automation',
      startAutomation,
      withValueString(HUB_BUCKET),
      HUB,
      'arn:aws:s3:::GeneratedFindingBucketName',
    ],
    [
      'block-principal',
      blockPrincipal,
      HUB_USER,
      HUB,
      'AWS::IAM::AccessKey:GeneratedFindingAccessKeyId',
    ],
    [
      'block-principal',
      blockPrincipal,
      withValueString(HUB_USER),
      HUB,
      'AWS::IAM::AccessKey:GeneratedFindingAccessKeyId',
    ],
  ])(
    '%s ignores the sample (%#) with its reason, before validating its placeholder ids',
    async (_name, handler, event, reason, resource) => {
      // Act
      const result = (await handler(event)) as {
        outcomes: { status: string; reason: string; resource: string }[];
      };

      // Assert
      expect(result.outcomes).toEqual([
        expect.objectContaining({ status: 'ignored', reason, resource, steps: [] }),
      ]);
      expect(publishedOutcomes(mocks)).toHaveLength(1);
      expect(sentActions(mocks)).toEqual(['sns:Publish']);
    },
  );

  it('ignores an archived copy of a sample too, saying it is archived', async () => {
    // Arrange
    const event = structuredClone(ec2Sample);
    event.detail.service.archived = true;

    // Act
    const { outcomes } = await isolateEc2(event);

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'ignored',
      reason: 'the GuardDuty finding is archived',
    });
    expect(sentActions(mocks)).toEqual(['sns:Publish']);
  });
});

describe('every responder: archived findings', () => {
  it('ignores an archived Security Hub finding before validating its malformed resource id', async () => {
    // Arrange: no sample flag, an id no responder accepts, RecordState ARCHIVED
    const event = structuredClone(HUB_GROUP);
    const finding = event.detail.findings[0] as { ProductFields: Record<string, string> };
    delete finding.ProductFields['aws/guardduty/service/additionalInfo/sample'];
    (event.detail.findings[0] as { RecordState: string }).RecordState = 'ARCHIVED';

    // Act
    const { outcomes } = await confineGroup(event);

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'ignored',
      reason: 'the Security Hub finding is archived',
    });
    expect(sentActions(mocks)).toEqual(['sns:Publish']);
  });

  it('ignores an archived GuardDuty finding whose instance id is a placeholder', async () => {
    // Arrange
    const event = structuredClone(ec2Sample);
    event.detail.service.additionalInfo = {} as typeof event.detail.service.additionalInfo;
    event.detail.service.archived = true;
    event.detail.resource.instanceDetails.instanceId = 'GeneratedFindingInstanceId';

    // Act
    const { outcomes } = await isolateEc2(event);

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'ignored',
      reason: 'the GuardDuty finding is archived',
      resource: 'GeneratedFindingInstanceId',
    });
    expect(sentActions(mocks)).toEqual(['sns:Publish']);
  });
});

describe('isGuardDutySample and isAsffSample', () => {
  it.each<[unknown, boolean]>([
    [{ sample: true }, true],
    [{ sample: 'true' }, true],
    [{ value: '{"sample":true}', type: 'default' }, true],
    [{ value: '{"threatListName":"ProofPoint"}', type: 'default' }, false],
    [{ value: '{"nested":{"sample":true}}' }, false],
    [{ value: '{"sample":false}' }, false],
    [{ value: 'not json, "sample"' }, false],
    [{ value: `{"sample":true,"pad":"${'x'.repeat(70_000)}"}` }, false],
    [{ sample: 1 }, false],
    [['sample'], false],
    [null, false],
    [undefined, false],
  ])('reads GuardDuty additionalInfo %p as a sample: %p', (info, expected) => {
    expect(isGuardDutySample(info)).toBe(expected);
  });

  it.each<[Record<string, unknown>, boolean]>([
    [{ Sample: true }, true],
    [{ ProductFields: { 'aws/guardduty/service/additionalInfo/sample': 'true' } }, true],
    [{ ProductFields: { 'aws/guardduty/service/additionalInfo/value': '{"sample":true}' } }, true],
    [{ ProductFields: { 'aws/guardduty/service/additionalInfo/sample': 'false' } }, false],
    [{ ProductFields: { 'aws/guardduty/service/archived': 'false' } }, false],
    [{}, false],
  ])('reads the ASFF finding %p as a sample: %p', (finding, expected) => {
    expect(isAsffSample(finding)).toBe(expected);
  });
});
