/** Shared arrangement of the make-snapshot-private tests: the events, and the account's snapshots. */
import {
  DescribeSnapshotsCommand,
  ModifySnapshotAttributeCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import { DEFAULT_CONFIG_RULES } from '../../../lambdas/shared/defaults';
import configFixture from '../../fixtures/config/ebs-snapshot-public.json';
import hubFixture from '../../fixtures/securityhub/ec2-1-public-snapshots.json';
import type { Mocks } from '../../support/aws';

/** The account and region of both fixtures. */
export const ACCOUNT = '222222222222';
export const REGION = 'eu-west-1';
export const PUBLIC = 'snap-0a1b2c3d4e5f60718';
export const EXCEPTED = 'snap-0f1e2d3c4b5a69788';
export const CONFIG_FINDING = `ebs-snapshot-public-restorable-check/${ACCOUNT}`;
export const HUB_FINDING = hubFixture.detail.findings[0]?.Id ?? '';

/** The default Config rules plus this responder's (opt-in), as the Lambda environment carries them. */
export const CONFIG_RULES = JSON.stringify({
  ...Object.fromEntries(DEFAULT_CONFIG_RULES.map((r) => [r.name, r.response])),
  'ebs-snapshot-public-restorable-check': { responder: 'make-snapshot-private' },
});

export const configEvent = () => structuredClone(configFixture);
export const hubEvent = () => structuredClone(hubFixture);

/** Answers DescribeSnapshots with `snapshots` (id and tags) and every change with success. */
export function answerSnapshots(
  mocks: Mocks,
  snapshots: { id: string; tags?: Tag[] }[] = [{ id: PUBLIC }],
): void {
  mocks.ec2.on(DescribeSnapshotsCommand).resolves({
    Snapshots: snapshots.map((s) => ({
      SnapshotId: s.id,
      OwnerId: ACCOUNT,
      State: 'completed',
      VolumeId: 'vol-0123456789abcdef0',
      VolumeSize: 8,
      Encrypted: false,
      Tags: s.tags ?? [{ Key: 'team', Value: 'builds' }],
    })),
  });
  mocks.ec2.on(ModifySnapshotAttributeCommand).resolves({});
}
