import {
  DeletePublicAccessBlockCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { handler } from '../../../lambdas/restore-bucket-public-access';
import fixture from '../../fixtures/guardduty/s3-block-public-access-disabled.json';
import { awsError, createMocks, inputsOf, resetAll } from '../../support/aws';
import { forgetLedger, type LedgerServer, startLedger } from '../../support/ledger';
import { cli, stored } from '../../support/release';

const mocks = createMocks();
const BUCKET = 'analytics-exports-222222222222';
const FINDING = fixture.detail.id;
const BEFORE = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
};
const ALL_ON = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};
let ledger: LedgerServer;

/** Contains the bucket with `before` as its settings, then answers reads with all four on. */
async function containWith(before: typeof BEFORE | null): Promise<void> {
  mocks.s3.on(GetBucketTaggingCommand).resolves({ TagSet: [] });
  if (before) {
    mocks.s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: before });
  } else {
    mocks.s3
      .on(GetPublicAccessBlockCommand)
      .rejects(awsError('NoSuchPublicAccessBlockConfiguration'));
  }
  mocks.s3.on(PutPublicAccessBlockCommand).resolves({});
  await handler(structuredClone(fixture));
  mocks.s3.reset();
  mocks.s3.onAnyCommand().resolves({});
  mocks.s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: ALL_ON });
}

beforeEach(async () => {
  ledger = await startLedger();
  resetAll(mocks, { LEDGER_TABLE_NAME: ledger.table.tableName });
});
afterEach(async () => {
  await ledger.stop();
  forgetLedger();
});

describe('release restore-bucket-public-access', () => {
  it('keeps the settings before in the ledger', async () => {
    await containWith(BEFORE);

    const item = await stored(ledger, FINDING, 'restore-bucket-public-access');
    expect(item?.status).toBe('contained');
    expect(item?.before).toEqual({
      kind: 'restore-bucket-public-access',
      bucket: BUCKET,
      publicAccessBlock: BEFORE,
    });
  });

  it('puts the settings before back with --apply', async () => {
    await containWith(BEFORE);

    const { code, err } = await cli(mocks, ledger, ['release', FINDING, '--apply']);

    expect([code, err]).toEqual([0, '']);
    expect(inputsOf(mocks.s3, PutPublicAccessBlockCommand)).toEqual([
      {
        Bucket: BUCKET,
        ExpectedBucketOwner: '222222222222',
        PublicAccessBlockConfiguration: BEFORE,
      },
    ]);
    expect((await stored(ledger, FINDING, 'restore-bucket-public-access'))?.status).toBe(
      'released',
    );
  });

  it('deletes the configuration a bucket did not have', async () => {
    await containWith(null);

    const { code } = await cli(mocks, ledger, ['release', FINDING, '--apply']);

    expect(code).toBe(0);
    expect(inputsOf(mocks.s3, DeletePublicAccessBlockCommand)).toEqual([
      { Bucket: BUCKET, ExpectedBucketOwner: '222222222222' },
    ]);
  });

  it('refuses when someone changed the settings since, and changes nothing', async () => {
    await containWith(BEFORE);
    mocks.s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: BEFORE });

    const { code, out } = await cli(mocks, ledger, ['release', FINDING, '--apply']);

    expect(code).toBe(1);
    expect(out).toContain(`${BUCKET} no longer blocks all public access`);
    expect(mocks.s3.commandCalls(PutPublicAccessBlockCommand)).toHaveLength(0);
  });
});
