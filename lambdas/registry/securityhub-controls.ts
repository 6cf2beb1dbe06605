/**
 * Security Hub CSPM controls and the AWS Config managed rule each one evaluates, for the rules the
 * product answers by default or on opt-in (EC2.1, RDS.1). A compliance finding of the new Security Hub (OCSF class 2003) names
 * its control (`compliance.control`, e.g. `EC2.19`), not the rule: this table lets `configRules`
 * answer both the Config event and the control finding. Plain data.
 *
 * Source: the "AWS Config rule" line of each control in the Security Hub CSPM controls reference,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html ,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html ,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html .
 * S3.4 (`s3-bucket-server-side-encryption-enabled`) is retired from the reference and not listed.
 */
export const SECURITY_HUB_CONTROL_RULES = {
  // EBS snapshots should not be publicly restorable (evaluates the account, AWS::::Account).
  'EC2.1': 'ebs-snapshot-public-restorable-check',
  // Attached EBS volumes should be encrypted at rest.
  'EC2.3': 'encrypted-volumes',
  // No ingress from 0.0.0.0/0 or ::/0 to port 22.
  'EC2.13': 'restricted-ssh',
  // No ingress to port 3389: the managed rule restricted-common-ports (created as restricted-rdp).
  'EC2.14': 'restricted-common-ports',
  // Unrestricted incoming traffic only on authorized ports.
  'EC2.18': 'vpc-sg-open-only-to-authorized-ports',
  // No unrestricted access to high-risk ports (created as vpc-sg-restricted-common-ports).
  'EC2.19': 'restricted-common-ports',
  // RDS snapshots should be private (DB and cluster snapshots).
  'RDS.1': 'rds-snapshots-public-prohibited',
  'RDS.3': 'rds-storage-encrypted',
  'S3.2': 's3-bucket-public-read-prohibited',
  'S3.3': 's3-bucket-public-write-prohibited',
  'S3.8': 's3-bucket-level-public-access-prohibited',
} as const satisfies Readonly<Record<string, string>>;

/** A control id of the table. */
export type SecurityHubControlId = keyof typeof SECURITY_HUB_CONTROL_RULES;

/** The base Config rule name a control evaluates, when the table knows the control. */
export function configRuleOfControl(control: string): string | undefined {
  return Object.hasOwn(SECURITY_HUB_CONTROL_RULES, control)
    ? SECURITY_HUB_CONTROL_RULES[control as SecurityHubControlId]
    : undefined;
}

/** The control ids that evaluate any of the given base rule names (for rule patterns). */
export function controlsOfRules(ruleNames: readonly string[]): string[] {
  const wanted = new Set(ruleNames);
  return Object.entries(SECURITY_HUB_CONTROL_RULES)
    .filter(([, rule]) => wanted.has(rule))
    .map(([control]) => control)
    .sort();
}
