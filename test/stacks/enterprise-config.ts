/**
 * The enterprise configuration of the stack tests (every option on: 17 regions, 50 target OUs,
 * response modes for 5,000 accounts and 1,000 OUs, 51 GuardDuty finding types, 13 Config rules
 * deployed as managed rules, operators, the tag guard), shared by enterprise.test.ts and the
 * apply test.
 */
import { parseConfig } from '../../modules/config/load';
import type { ConfigInput } from '../../modules/config/schema';
import { TEST_IDS } from './support';

/** The regions of the enterprise configuration. */
export const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'eu-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-south-1',
];

const ouId = (i: number) => `ou-ab12-${String(i).padStart(8, '0')}`;

/** Extra GuardDuty types beyond the 43 defaults: 51 in all. */
const EXTRA_EC2_TYPES = [
  'Recon:EC2/PortProbeUnprotectedPort',
  'Recon:EC2/Portscan',
  'UnauthorizedAccess:EC2/SSHBruteForce',
  'UnauthorizedAccess:EC2/RDPBruteForce',
];
const EXTRA_IAM_TYPES = [
  'Discovery:IAMUser/AnomalousBehavior',
  'Stealth:IAMUser/CloudTrailLoggingDisabled',
  'Stealth:IAMUser/PasswordPolicyChange',
  'Policy:IAMUser/S3BlockPublicAccessDisabled',
];

const CUSTOM_RULES = [
  ['cloudtrail-enabled', 'CLOUD_TRAIL_ENABLED'],
  ['iam-root-access-key-check', 'IAM_ROOT_ACCESS_KEY_CHECK'],
  ['s3-bucket-ssl-requests-only', 'S3_BUCKET_SSL_REQUESTS_ONLY'],
  ['ec2-imdsv2-check', 'EC2_IMDSV2_CHECK'],
  ['rds-instance-public-access-check', 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK'],
] as const;

/** Builds the enterprise configuration input (every option on). */
export function enterpriseInput(): ConfigInput {
  const defaults = parseConfig({});
  return {
    ...TEST_IDS,
    organization: {
      ...TEST_IDS.organization,
      targetOuIds: Array.from({ length: 50 }, (_, i) => ouId(i)),
      accountCount: 5000,
    },
    homeRegion: 'us-east-1',
    regions: REGIONS,
    callAs: 'DELEGATED_ADMIN',
    findingTypes: {
      'isolate-ec2': [...defaults.findingTypes['isolate-ec2'], ...EXTRA_EC2_TYPES],
      'block-principal': [...defaults.findingTypes['block-principal'], ...EXTRA_IAM_TYPES],
    },
    allowedCidrs: { v4: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], v6: ['fd00::/8'] },
    configRules: [
      ...defaults.configRules,
      ...CUSTOM_RULES.map(([name, sourceIdentifier], i) => ({
        name,
        sourceIdentifier,
        response: { responder: 'notify' as const },
        // One managed rule limited to the regions that offer it.
        ...(i === 0 ? { regions: REGIONS.slice(0, 10) } : {}),
      })),
    ],
    deployConfigRules: true,
    responseModes: {
      default: 'dry-run',
      accounts: Object.fromEntries(
        Array.from({ length: 5000 }, (_, i) => [String(200000000000 + i), 'contain' as const]),
      ),
      organizationalUnits: Object.fromEntries(
        Array.from({ length: 1000 }, (_, i) => [ouId(1000 + i), 'off' as const]),
      ),
    },
    dryRun: true,
    denyPolicyOnRoles: true,
    preserveEvidence: true,
    alerts: { emails: ['soc@example.com', 'oncall@example.com'] },
    // Every ticket status: the largest TICKETS variable, policy and dashboard.
    tickets: {
      connectorId: '8f3c2a1b-4d5e-4f60-9a7b-0c1d2e3f4a5b',
      on: ['escalated', 'failed', 'awaiting-approval'],
    },
    operatorPrincipalArns: [
      'arn:aws:iam::111111111111:role/SecurityOperator',
      'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SecurityAdmin_*',
      'arn:aws:iam::111111111111:role/IncidentResponder',
    ],
    // Approval from chat, with one user-level role per approver of a 20-person team.
    approval: {
      endpoint: {
        enabled: true,
        approverArns: Array.from(
          { length: 20 },
          (_, i) =>
            `arn:aws:iam::111111111111:role/chat/IncidentApprover-${String(i).padStart(2, '0')}`,
        ),
      },
    },
    tagGuard: {
      enabled: true,
      adminPrincipalArns: [
        'arn:aws:iam::*:role/ExceptionAdmin',
        'arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SecurityAdmin_*',
      ],
      targetIds: [ouId(0), ouId(1), ouId(2)],
    },
  };
}
