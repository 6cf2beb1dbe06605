/**
 * Embedded defaults: the one place where the product's named facts are written down. The
 * configuration schema and the Lambda environment both read them from here. Plain data only.
 */

/** Tag key that marks an approved exception. @default 'SecurityException' */
export const DEFAULT_EXCEPTION_TAG_KEY = 'SecurityException';

/** Name of the role the StackSet creates in every member account. */
export const DEFAULT_MEMBER_ROLE_NAME = 'Security-IR-Role';

/** Name of the role SSM Automation runbooks run as in member accounts. */
export const DEFAULT_AUTOMATION_ROLE_NAME = 'Security-IR-Automation-Role';

/** Managed policy attached to a blocked principal. */
export const DEFAULT_DENY_POLICY_ARN = 'arn:aws:iam::aws:policy/AWSDenyAll';

/** Name of the inline policy that revokes sessions issued before the response. */
export const REVOKE_SESSIONS_POLICY_NAME = 'AWSRevokeOlderSessions';

/** Prefix of every resource name the product creates. @default 'security-ir' */
export const DEFAULT_PREFIX = 'security-ir';

/** Replacement ranges for ingress open to the world, per address family. */
export const DEFAULT_ALLOWED_CIDRS = { v4: ['10.0.0.0/8'], v6: [] } as const satisfies Readonly<
  Record<'v4' | 'v6', readonly string[]>
>;

/** Response mode of an account without its own or an OU entry: observe until contain is switched on. @default 'dry-run' */
export const DEFAULT_RESPONSE_MODE = 'dry-run';

/** Snapshot volumes and set termination protection before isolation. @default true */
export const DEFAULT_PRESERVE_EVIDENCE = true;

/** Prefix of every tag and group name the responders write (never the exception tag). */
export const RESPONSE_TAG_PREFIX = 'security-ir:';

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

/** An AWS-managed SSM Automation runbook the product knows how to start. */
export interface RunbookDefinition {
  /** Document name, e.g. `AWS-EnableS3BucketEncryption`. */
  readonly document: string;
  /** Config resource type the runbook acts on. */
  readonly resourceType: string;
  /** Runbook parameter that receives the resource id. */
  readonly resourceParameter: string;
  /** Fixed parameters passed on every start. */
  readonly parameters: Readonly<Record<string, string>>;
  /** Actions the runbook performs, granted to the automation role (and denied on exceptions). */
  readonly actions: readonly string[];
}

/** Runbooks known to the product, keyed by document name. */
export const RUNBOOKS = {
  'AWS-EnableS3BucketEncryption': {
    document: 'AWS-EnableS3BucketEncryption',
    resourceType: 'AWS::S3::Bucket',
    resourceParameter: 'BucketName',
    parameters: { SSEAlgorithm: 'AES256' },
    actions: ['s3:PutEncryptionConfiguration'],
  },
  'AWS-DisableS3BucketPublicReadWrite': {
    document: 'AWS-DisableS3BucketPublicReadWrite',
    resourceType: 'AWS::S3::Bucket',
    resourceParameter: 'S3BucketName',
    parameters: {},
    actions: ['s3:PutBucketPublicAccessBlock'],
  },
} as const satisfies Record<string, RunbookDefinition>;

/** Name of a runbook in {@link RUNBOOKS}. */
export type RunbookName = keyof typeof RUNBOOKS;

/** How a non-compliant Config rule is answered. */
export type ConfigResponse =
  | { readonly responder: 'confine-security-group' }
  | { readonly responder: 'start-ssm-automation'; readonly runbook: RunbookName }
  | { readonly responder: 'notify' };

/**
 * The responder a Config rule's events go to. Notify-only rules go to `start-ssm-automation`,
 * which finds no runbook for them and escalates with a readable alert.
 */
export function configResponderOf(
  response: ConfigResponse,
): 'confine-security-group' | 'start-ssm-automation' {
  return response.responder === 'notify' ? 'start-ssm-automation' : response.responder;
}

/** A Config rule the product reacts to, by its base (managed) name. */
export interface ConfigRuleDefault {
  /** Base rule name; also matched as `securityhub-<name>-<hex>` and `<name>-conformance-pack-*`. */
  readonly name: string;
  /** Managed rule identifier, used when the product deploys the rule itself. */
  readonly sourceIdentifier: string;
  readonly response: ConfigResponse;
}

/** Config rules answered by default. */
export const DEFAULT_CONFIG_RULES: readonly ConfigRuleDefault[] = [
  {
    name: 'vpc-sg-open-only-to-authorized-ports',
    sourceIdentifier: 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS',
    response: { responder: 'confine-security-group' },
  },
  {
    name: 'restricted-ssh',
    sourceIdentifier: 'INCOMING_SSH_DISABLED',
    response: { responder: 'confine-security-group' },
  },
  {
    name: 'restricted-common-ports',
    sourceIdentifier: 'RESTRICTED_INCOMING_TRAFFIC',
    response: { responder: 'confine-security-group' },
  },
  {
    name: 's3-bucket-server-side-encryption-enabled',
    sourceIdentifier: 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED',
    response: { responder: 'start-ssm-automation', runbook: 'AWS-EnableS3BucketEncryption' },
  },
  {
    name: 's3-bucket-public-read-prohibited',
    sourceIdentifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED',
    response: { responder: 'start-ssm-automation', runbook: 'AWS-DisableS3BucketPublicReadWrite' },
  },
  {
    name: 's3-bucket-public-write-prohibited',
    sourceIdentifier: 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED',
    response: { responder: 'start-ssm-automation', runbook: 'AWS-DisableS3BucketPublicReadWrite' },
  },
  {
    name: 'encrypted-volumes',
    sourceIdentifier: 'ENCRYPTED_VOLUMES',
    response: { responder: 'notify' },
  },
  {
    name: 'rds-storage-encrypted',
    sourceIdentifier: 'RDS_STORAGE_ENCRYPTED',
    response: { responder: 'notify' },
  },
];

/** The answer to each default Config rule, keyed by base rule name (what the Lambda reads). */
export function configRuleResponses(
  rules: readonly Pick<ConfigRuleDefault, 'name' | 'response'>[],
): Record<string, ConfigResponse> {
  return Object.fromEntries(rules.map((r) => [r.name, r.response]));
}

/**
 * The file, at the root of the responders' bundle (`$LAMBDA_TASK_ROOT`), that carries the
 * response modes and the Config rule map: written at synth from the validated configuration,
 * read once per container. It grows with the organization, so it is not in the environment
 * (Lambda caps the environment at 4 KB).
 */
export const RESPONSE_CONFIG_FILE = 'response-config.json';
