/** Shared arrangement of the make-rds-snapshot-private tests: the events and the live snapshot. */
import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBSnapshotAttributeCommand,
  RDSClient,
  type Tag,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { memberActionsOf } from '../../../lambdas/shared/catalogue';
import { DEFAULT_CONFIG_RULES } from '../../../lambdas/shared/defaults';
import configFixture from '../../fixtures/config/rds-snapshot-public.json';
import hubFixture from '../../fixtures/securityhub/rds-1-public-snapshot.json';

/** The account and region of both fixtures, and the snapshot they name. */
export const ACCOUNT = '222222222222';
export const REGION = 'eu-west-1';
export const SNAPSHOT = 'orders-manual-2025-03-14';
export const CLUSTER_SNAPSHOT = 'ledger-aurora-manual-0314';
export const SNAPSHOT_ARN = `arn:aws:rds:${REGION}:${ACCOUNT}:snapshot:${SNAPSHOT}`;
export const CLUSTER_SNAPSHOT_ARN = `arn:aws:rds:${REGION}:${ACCOUNT}:cluster-snapshot:${CLUSTER_SNAPSHOT}`;
/** An account the snapshot is shared with by id: it keeps its access. */
export const SHARED_WITH = '333333333333';
export const CONFIG_FINDING = `rds-snapshots-public-prohibited/${SNAPSHOT}`;
export const HUB_FINDING = hubFixture.detail.findings[0]?.Id ?? '';

/** The default Config rules plus this responder's (opt-in), as the Lambda environment carries them. */
export const CONFIG_RULES = JSON.stringify({
  ...Object.fromEntries(DEFAULT_CONFIG_RULES.map((r) => [r.name, r.response])),
  'rds-snapshots-public-prohibited': { responder: 'make-rds-snapshot-private' },
});

export const configEvent = () => structuredClone(configFixture);
export const hubEvent = () => structuredClone(hubFixture);

/** A Config evaluation of the cluster snapshot instead. */
export function clusterConfigEvent() {
  const event = configEvent();
  event.detail.resourceType = 'AWS::RDS::DBClusterSnapshot';
  event.detail.resourceId = CLUSTER_SNAPSHOT;
  return event;
}

/** The RDS client mock (the shared test mocks cover the clients other responders use). */
export const rds = mockClient(RDSClient);

/**
 * Answers the reads of one DB snapshot and one cluster snapshot, each with `tags` and `restore`
 * values (default: public and shared with one account), and every change with success.
 */
export function answerSnapshot(options: { tags?: Tag[]; restore?: string[] } = {}): void {
  const TagList = options.tags ?? [{ Key: 'team', Value: 'orders' }];
  const values = options.restore ?? ['all', SHARED_WITH];
  rds.on(DescribeDBSnapshotsCommand).resolves({
    DBSnapshots: [
      {
        DBSnapshotIdentifier: SNAPSHOT,
        DBInstanceIdentifier: 'orders',
        DBSnapshotArn: SNAPSHOT_ARN,
        SnapshotType: 'manual',
        Status: 'available',
        Encrypted: false,
        TagList,
      },
    ],
  });
  rds.on(DescribeDBSnapshotAttributesCommand).resolves({
    DBSnapshotAttributesResult: {
      DBSnapshotIdentifier: SNAPSHOT,
      DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: values }],
    },
  });
  rds.on(DescribeDBClusterSnapshotsCommand).resolves({
    DBClusterSnapshots: [
      {
        DBClusterSnapshotIdentifier: CLUSTER_SNAPSHOT,
        DBClusterIdentifier: 'ledger-aurora',
        DBClusterSnapshotArn: CLUSTER_SNAPSHOT_ARN,
        SnapshotType: 'manual',
        Status: 'available',
        StorageEncrypted: false,
        TagList,
      },
    ],
  });
  rds.on(DescribeDBClusterSnapshotAttributesCommand).resolves({
    DBClusterSnapshotAttributesResult: {
      DBClusterSnapshotIdentifier: CLUSTER_SNAPSHOT,
      DBClusterSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: values }],
    },
  });
  rds.on(ModifyDBSnapshotAttributeCommand).resolves({});
  rds.on(ModifyDBClusterSnapshotAttributeCommand).resolves({});
}

/** The RDS actions sent that the registry does not declare for the responder. */
export function undeclaredRdsActions(): string[] {
  const declared = memberActionsOf('make-rds-snapshot-private');
  const sent = rds
    .calls()
    .map((c) => `rds:${(c.args[0] as object).constructor.name.replace(/Command$/, '')}`);
  return [...new Set(sent)].filter((a) => !declared.includes(a));
}
