/**
 * The new Security Hub's OCSF copy of a native GuardDuty finding event, as Security Hub writes it:
 * the public EC2 sample (test/fixtures/ocsf/guardduty-ec2-runtime.json) with the finding's id, ARN,
 * type, account and region, and one OCSF resource per GuardDuty resource detail (CloudFormation
 * `type`, `uid` the id, `uid_alt` the ARN, `data` the details in snake_case).
 */
import ocsfSample from '../fixtures/ocsf/guardduty-ec2-runtime.json';

type Json = Record<string, unknown>;

const record = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};

/** The OCSF resources of a GuardDuty `resource` (an access key after the workload it acted on). */
export function ocsfResourcesOf(resource: Json): Json[] {
  const key = record(resource.accessKeyDetails);
  const accessKey = key.userName
    ? [
        {
          type: 'AWS::IAM::AccessKey',
          uid: key.accessKeyId,
          data: {
            access_key_id: key.accessKeyId,
            principal_id: key.principalId,
            user_name: key.userName,
            user_type: key.userType,
          },
        },
      ]
    : [];
  const instance = record(resource.instanceDetails);
  const lambda = record(resource.lambdaDetails);
  const ecs = record(resource.ecsClusterDetails);
  const eks = record(resource.eksClusterDetails);
  const rds = record(resource.rdsDbInstanceDetails);
  const buckets = Array.isArray(resource.s3BucketDetails)
    ? resource.s3BucketDetails.map(record)
    : [];
  switch (resource.resourceType) {
    case 'Instance':
      return [{ type: 'AWS::EC2::Instance', uid: instance.instanceId }];
    case 'AccessKey':
      return accessKey;
    case 'S3Bucket':
      return [
        ...accessKey,
        ...buckets.map((b) => ({ type: 'AWS::S3::Bucket', uid: b.name, uid_alt: b.arn })),
      ];
    case 'Lambda':
      return [
        { type: 'AWS::Lambda::Function', uid: lambda.functionName, uid_alt: lambda.functionArn },
      ];
    case 'ECSCluster': {
      const task = record(ecs.taskDetails).arn;
      return task
        ? [{ type: 'AWS::ECS::Task', uid: task }]
        : [{ type: 'AWS::ECS::Cluster', uid: ecs.arn, name: ecs.name }];
    }
    case 'EKSCluster':
      return [{ type: 'AWS::EKS::Cluster', uid: eks.name, uid_alt: eks.arn }];
    case 'RDSDBInstance':
      return [
        { type: 'AWS::RDS::DBInstance', uid: rds.dbInstanceIdentifier, uid_alt: rds.dbInstanceArn },
      ];
    case 'Container':
      return [{ type: 'AWS::ECS::Container', uid: 'container' }];
    case 'S3Object':
      return [{ type: 'AWS::S3::Object', uid: 'arn:aws:s3:::bucket/object' }];
    default:
      return [{ type: 'AWS::Backup::RecoveryPoint', uid: 'recovery-point' }];
  }
}

/** The OCSF copy of a native `GuardDuty Finding` event: same finding, account, region, resource. */
export function ocsfCopyOf(native: { detail: Json }): typeof ocsfSample {
  const event = structuredClone(ocsfSample);
  const finding = event.detail.findings[0] as unknown as Json;
  const d = native.detail;
  finding.cloud = { ...record(finding.cloud), account: { uid: d.accountId }, region: d.region };
  finding.finding_info = {
    ...record(finding.finding_info),
    uid: d.arn,
    uid_alt: d.id,
    types: ['Threats', d.type],
  };
  finding.metadata = {
    ...record(finding.metadata),
    product: {
      name: 'GuardDuty',
      vendor_name: 'AWS',
      uid: `arn:aws:securityhub:${String(d.region)}::productv2/aws/guardduty`,
    },
  };
  finding.resources = ocsfResourcesOf(record(d.resource));
  return event;
}
