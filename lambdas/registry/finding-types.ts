/**
 * Default GuardDuty finding types of the GuardDuty responders, referenced by their registry
 * declarations. Plain data. Types: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-active.html
 */

/** GuardDuty finding types that trigger EC2 isolation. */
export const DEFAULT_ISOLATION_FINDING_TYPES = [
  'Backdoor:EC2/C&CActivity.B',
  'Backdoor:EC2/C&CActivity.B!DNS',
  'Backdoor:EC2/DenialOfService.Dns',
  'Backdoor:EC2/DenialOfService.Tcp',
  'Backdoor:EC2/DenialOfService.Udp',
  'Backdoor:EC2/DenialOfService.UdpOnTcpPorts',
  'Backdoor:EC2/DenialOfService.UnusualProtocol',
  'Backdoor:EC2/Spambot',
  'CryptoCurrency:EC2/BitcoinTool.B',
  'CryptoCurrency:EC2/BitcoinTool.B!DNS',
  'CryptoCurrency:Runtime/BitcoinTool.B',
  'CryptoCurrency:Runtime/BitcoinTool.B!DNS',
  'Execution:Runtime/ReverseShell',
  'Impact:EC2/AbusedDomainRequest.Reputation',
  'Impact:EC2/BitcoinDomainRequest.Reputation',
  'Impact:EC2/MaliciousDomainRequest.Reputation',
  'Trojan:EC2/BlackholeTraffic',
  'Trojan:EC2/BlackholeTraffic!DNS',
  'Trojan:EC2/DGADomainRequest.B',
  'Trojan:EC2/DGADomainRequest.C!DNS',
  'Trojan:EC2/DNSDataExfiltration',
  'Trojan:EC2/DriveBySourceTraffic!DNS',
  'Trojan:EC2/DropPoint',
  'Trojan:EC2/DropPoint!DNS',
  'Trojan:EC2/PhishingDomainRequest!DNS',
  'UnauthorizedAccess:EC2/MaliciousIPCaller.Custom',
  'UnauthorizedAccess:EC2/TorClient',
  'UnauthorizedAccess:EC2/TorRelay',
] as const;

/** GuardDuty finding types that trigger blocking the IAM principal. */
export const DEFAULT_PRINCIPAL_FINDING_TYPES = [
  'CredentialAccess:IAMUser/AnomalousBehavior',
  'Exfiltration:IAMUser/AnomalousBehavior',
  'Impact:IAMUser/AnomalousBehavior',
  'InitialAccess:IAMUser/AnomalousBehavior',
  'Persistence:IAMUser/AnomalousBehavior',
  'PrivilegeEscalation:IAMUser/AnomalousBehavior',
  'PenTest:IAMUser/KaliLinux',
  'PenTest:IAMUser/ParrotLinux',
  'PenTest:IAMUser/PentooLinux',
  'Policy:IAMUser/RootCredentialUsage',
  'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS',
  'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
  'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
  'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom',
  'UnauthorizedAccess:IAMUser/TorIPCaller',
  // S3 Protection findings that name the access key making the calls (discovery, exfiltration,
  // impact), retired ones included: an old finding updated later still carries its type.
  // https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-s3.html
  'Discovery:S3/AnomalousBehavior',
  'Discovery:S3/BucketEnumeration.Unusual',
  'Discovery:S3/MaliciousIPCaller',
  'Discovery:S3/MaliciousIPCaller.Custom',
  'Discovery:S3/TorIPCaller',
  'Exfiltration:S3/AnomalousBehavior',
  'Exfiltration:S3/MaliciousIPCaller',
  'Exfiltration:S3/ObjectRead.Unusual',
  'Impact:S3/AnomalousBehavior.Delete',
  'Impact:S3/AnomalousBehavior.Permission',
  'Impact:S3/AnomalousBehavior.Write',
  'Impact:S3/MaliciousIPCaller',
  'Impact:S3/ObjectDelete.Unusual',
  'Impact:S3/PermissionsModification.Unusual',
] as const;

/**
 * Findings on an EC2 instance that isolate-ec2 answers beside its configured types, as EventBridge
 * wildcard patterns: Runtime Monitoring findings (their resource type says whether they are on an
 * instance, an ECS task or an EKS workload; only `Instance` ones go to isolate-ec2) and Malware
 * Protection for EC2.
 * https://docs.aws.amazon.com/guardduty/latest/ug/findings-runtime-monitoring.html
 * https://docs.aws.amazon.com/guardduty/latest/ug/findings-malware-protection.html
 */
export const INSTANCE_THREAT_TYPES = ['*:Runtime/*', 'Execution:EC2/MaliciousFile'] as const;

/**
 * GuardDuty finding types that restore a bucket's Block Public Access: the bucket was made public
 * (the account-level finding, Policy:S3/AccountBlockPublicAccessDisabled, is escalated).
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-s3.html
 */
export const DEFAULT_BUCKET_PUBLIC_FINDING_TYPES = [
  'Policy:S3/BucketAnonymousAccessGranted',
  'Policy:S3/BucketBlockPublicAccessDisabled',
  'Policy:S3/BucketPublicAccessGranted',
] as const;

/**
 * GuardDuty Lambda Protection finding types (resource type `Lambda`) that trigger containing the
 * function. https://docs.aws.amazon.com/guardduty/latest/ug/lambda-protection-finding-types.html
 */
export const DEFAULT_LAMBDA_FINDING_TYPES = [
  'Backdoor:Lambda/C&CActivity.B',
  'CryptoCurrency:Lambda/BitcoinTool.B',
  'Trojan:Lambda/BlackholeTraffic',
  'Trojan:Lambda/DropPoint',
  'UnauthorizedAccess:Lambda/MaliciousIPCaller.Custom',
  'UnauthorizedAccess:Lambda/TorClient',
  'UnauthorizedAccess:Lambda/TorRelay',
] as const;

/**
 * Findings on an ECS task that isolate-ecs-task answers beside its configured types: Runtime
 * Monitoring findings whose resource is `ECSCluster` (with `taskDetails`), Fargate included, and
 * Malware Protection for EC2's finding on ECS tasks.
 * https://docs.aws.amazon.com/guardduty/latest/ug/findings-runtime-monitoring.html
 * https://docs.aws.amazon.com/guardduty/latest/ug/findings-malware-protection.html
 */
export const ECS_TASK_THREAT_TYPES = ['*:Runtime/*', 'Execution:ECS/MaliciousFile'] as const;

/** Configurable default of isolate-ecs-task (`findingTypes.isolate-ecs-task`). */
export const DEFAULT_ECS_TASK_FINDING_TYPES = ['Execution:ECS/MaliciousFile'] as const;
