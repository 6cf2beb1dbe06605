import {
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { BatchUpdateFindingsCommand } from '@aws-sdk/client-securityhub';
import { handler } from '../../lambdas/restore-bucket-public-access';
import fixture from '../fixtures/guardduty/s3-block-public-access-disabled.json';
import { awsError, createMocks, inputsOf, publishedOutcomes, resetAll } from '../support/aws';

const mocks = createMocks();
const BUCKET = 'analytics-exports-222222222222';
const OWNER = '222222222222';
const OPEN = {
  BlockPublicAcls: false,
  IgnorePublicAcls: false,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
};
const ALL_ON = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

const event = () => structuredClone(fixture);

/** Answers the bucket's tags and Block Public Access settings. */
function answerBucket(
  tags: { Key: string; Value: string }[] = [{ Key: 'team', Value: 'data' }],
  block: typeof OPEN | null = OPEN,
): void {
  mocks.s3.on(GetBucketTaggingCommand).resolves({ TagSet: tags });
  if (block)
    mocks.s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: block });
  else {
    mocks.s3
      .on(GetPublicAccessBlockCommand)
      .rejects(awsError('NoSuchPublicAccessBlockConfiguration'));
  }
  mocks.s3.on(PutPublicAccessBlockCommand).resolves({});
}

beforeEach(() => {
  resetAll(mocks);
});

describe('restore-bucket-public-access: bucket made public', () => {
  it('reads tags and settings, then turns all four settings on for the bucket owner', async () => {
    // Arrange
    answerBucket();

    // Act
    const { outcomes } = await handler(event());

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'contained',
      responder: 'restore-bucket-public-access',
      resource: BUCKET,
      findingType: 'Policy:S3/BucketBlockPublicAccessDisabled',
    });
    expect(inputsOf(mocks.s3, GetBucketTaggingCommand)).toEqual([
      { Bucket: BUCKET, ExpectedBucketOwner: OWNER },
    ]);
    expect(inputsOf(mocks.s3, PutPublicAccessBlockCommand)).toEqual([
      { Bucket: BUCKET, ExpectedBucketOwner: OWNER, PublicAccessBlockConfiguration: ALL_ON },
    ]);
    expect(outcomes[0]?.steps[0]).toMatchObject({
      action: 's3:PutBucketPublicAccessBlock',
      target: BUCKET,
      status: 'done',
    });
    expect(outcomes[0]?.reason).toContain(`before: ${JSON.stringify(OPEN)}`);
    // Recorded: archived in GuardDuty, resolved in Security Hub.
    expect(inputsOf(mocks.securityhub, BatchUpdateFindingsCommand)[0]?.Workflow).toEqual({
      Status: 'RESOLVED',
    });
  });

  it('reports a bucket that had no configuration at all', async () => {
    answerBucket(undefined, null);

    const { outcomes } = await handler(event());

    expect(outcomes[0]?.status).toBe('contained');
    expect(outcomes[0]?.reason).toContain('before: no Block Public Access configuration');
  });

  it('answers a repeated finding without a change once the bucket is blocked', async () => {
    answerBucket(undefined, ALL_ON);
    const repeated = event();
    repeated.detail.service.count = 5;

    const { outcomes } = await handler(repeated);

    expect(outcomes[0]?.status).toBe('contained');
    expect(outcomes[0]?.reason).toContain('already blocks public access');
    expect(mocks.s3.commandCalls(PutPublicAccessBlockCommand)).toHaveLength(0);
  });
});

describe('restore-bucket-public-access: exception tag present', () => {
  it('skips the bucket and reports the ticket', async () => {
    answerBucket([{ Key: 'SecurityException', Value: 'SEC-1234' }]);

    const { outcomes } = await handler(event());

    expect(outcomes[0]).toMatchObject({ status: 'skipped', exception: { ticket: 'SEC-1234' } });
    expect(mocks.s3.commandCalls(PutPublicAccessBlockCommand)).toHaveLength(0);
  });

  it('does not act when the tags cannot be read (fail closed)', async () => {
    answerBucket();
    mocks.s3.on(GetBucketTaggingCommand).rejects(awsError('AccessDenied'));

    await expect(handler(event())).rejects.toThrow();

    expect(mocks.s3.commandCalls(PutPublicAccessBlockCommand)).toHaveLength(0);
    expect(publishedOutcomes(mocks)[0]?.status).toBe('failed');
  });
});

describe('restore-bucket-public-access: dry-run and bad input', () => {
  it('plans the change in dry-run and changes nothing', async () => {
    resetAll(mocks, {
      RESPONSE_MODES: '{"default":"dry-run","accounts":{},"organizationalUnits":{}}',
    });
    answerBucket();

    const { outcomes } = await handler(event());

    expect(outcomes[0]).toMatchObject({ status: 'dry-run', mode: 'dry-run' });
    expect(outcomes[0]?.steps).toEqual([
      {
        action: 's3:PutBucketPublicAccessBlock',
        target: BUCKET,
        status: 'planned',
        detail: `was ${JSON.stringify(OPEN)}`,
      },
    ]);
    expect(mocks.s3.commandCalls(PutPublicAccessBlockCommand)).toHaveLength(0);
    expect(mocks.securityhub.calls()).toHaveLength(0);
  });

  it('rejects a finding whose bucket name is not a bucket name, before any AWS call', async () => {
    const bad = event();
    (bad.detail.resource.s3BucketDetails[0] as { name: string }).name = 'Not_A_Bucket';

    await expect(handler(bad)).rejects.toThrow(
      'detail.resource.s3BucketDetails[0].name: must be an S3 bucket name',
    );
    expect(mocks.sts.calls()).toHaveLength(0);
  });
});
