/**
 * What an analyst should check first for a finding that no responder contains, per family of
 * finding types. Drawn from AWS's remediation guidance for each family:
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_remediate.html (and the EKS, Runtime
 * Monitoring, RDS, Lambda and attack-sequence remediation pages it links).
 */

/** A family of GuardDuty finding types, by what the type names after the colon. */
export type FindingFamily =
  | 'attack-sequence'
  | 'kubernetes'
  | 'rds'
  | 'lambda'
  | 'container'
  | 'runtime'
  | 's3'
  | 'malware-backup'
  | 'ec2'
  | 'iam'
  | 'other';

/**
 * The family of a finding type (`ThreatPurpose:ResourceTypeAffected/ThreatFamilyName...`) and
 * its resource type. https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-format.html
 */
export function familyOf(type: string, resourceType: string): FindingFamily {
  if (type.startsWith('AttackSequence:')) return 'attack-sequence';
  const affected = /^[^:]+:([^/]+)\//.exec(type)?.[1] ?? '';
  if (/!(Snapshot|AMI|RecoveryPoint)$/.test(type)) return 'malware-backup';
  if (affected === 'Kubernetes' || resourceType === 'EKSCluster') return 'kubernetes';
  if (affected === 'RDS') return 'rds';
  if (affected === 'Lambda') return 'lambda';
  if (affected === 'ECS' || affected === 'Container' || resourceType === 'ECSCluster') {
    return 'container';
  }
  if (affected === 'Runtime') return 'runtime';
  if (affected === 'S3') return 's3';
  if (affected === 'EC2') return 'ec2';
  if (affected === 'IAMUser' || affected === 'IAM') return 'iam';
  return 'other';
}

/** The first things to check, per family: short, in the order to do them. */
export const FIRST_CHECKS = {
  'attack-sequence': [
    'read the signals in order: which credential or workload appears in every step',
    'contain that principal or workload first (security-ir respond with the signal finding)',
    'review CloudTrail for the sequence window and every resource the sequence lists',
  ],
  kubernetes: [
    'identify the workload and the Kubernetes user in the finding; check its RBAC bindings',
    'isolate the pod with a deny-all NetworkPolicy and cordon its node if it ran code',
    'review the EKS audit log for the user and rotate any secret it could read',
  ],
  rds: [
    'check whether the login succeeded and from which IP and application',
    'rotate the database user password; restrict the security group and public accessibility',
    'review the database logs for the session',
  ],
  lambda: [
    'check the function code and layers for changes (revision, last modified)',
    'set reserved concurrency 0 to stop it, and review what its execution role can do',
    'review the role sessions in CloudTrail',
  ],
  container: [
    'identify the task or container and its image; compare the image digest with the build',
    'stop the task (the service starts a clean one) after keeping what forensics needs',
    'review the task role sessions in CloudTrail',
  ],
  runtime: [
    'identify the host or workload and the process in runtimeDetails',
    'isolate the workload; keep the process and file evidence before stopping it',
    'review the instance or task role sessions in CloudTrail',
  ],
  s3: [
    'check the bucket policy, ACLs and Block Public Access settings of the bucket',
    'identify who changed them in CloudTrail and whether that principal is compromised',
    'review data events for reads from outside the organization',
  ],
  'malware-backup': [
    'do not restore the scanned snapshot, AMI or recovery point',
    'find the live resources created from it and scan or isolate them',
    'mark the backup as infected for the backup owners',
  ],
  ec2: [
    'check the instance security groups and what is exposed to the source address',
    'review VPC flow logs and the instance role sessions',
    'isolate the instance (security-ir respond) if it shows signs of compromise',
  ],
  iam: [
    'identify the principal and whether the activity is expected',
    'block it (security-ir respond) if it is not; rotate its keys',
    'review its CloudTrail activity for the finding window',
  ],
  other: [
    'read the finding in the GuardDuty console and its remediation guidance',
    'identify the affected resource and its owner',
    'contain by hand if the activity is unexpected',
  ],
} as const satisfies Record<FindingFamily, readonly string[]>;
