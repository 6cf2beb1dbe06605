/**
 * The responders' Lambda environment, derived from the one configuration. The Lambda side reads
 * the same variables with `lambdas/shared/config.ts`; a test proves the two agree.
 */
import type { Config } from '../config/schema';

/** The environment variables every responder gets. */
export function responderEnvironment(
  config: Config,
  alertsTopicArn: string,
  /** The response ledger's table; without it the responders keep no ledger and no limit. */
  ledgerTableName?: string,
): Record<string, string> {
  const configRules = Object.fromEntries(config.configRules.map((r) => [r.name, r.response]));
  return {
    SECURITY_TAG_KEY: config.exceptionTagKey,
    MEMBER_ROLE_NAME: config.memberRoleName,
    AUTOMATION_ROLE_NAME: config.automationRoleName,
    ALERTS_TOPIC_ARN: alertsTopicArn,
    DRY_RUN: String(config.dryRun),
    ALLOWED_CIDR_V4: config.allowedCidrs.v4.join(','),
    ALLOWED_CIDR_V6: config.allowedCidrs.v6.join(','),
    RESPONSE_MODES: JSON.stringify(config.responseModes),
    CONFIG_RULES: JSON.stringify(configRules),
    DENY_POLICY_ARN: config.denyPolicyArn,
    DENY_POLICY_ON_ROLES: String(config.denyPolicyOnRoles),
    PRESERVE_EVIDENCE: String(config.preserveEvidence),
    RESOURCE_PREFIX: config.prefix,
    BLAST_RADIUS_PER_ACCOUNT: String(config.blastRadius.perAccountPerHour),
    BLAST_RADIUS_PER_ORGANIZATION: String(config.blastRadius.perOrganizationPerHour),
    ...(ledgerTableName ? { LEDGER_TABLE_NAME: ledgerTableName } : {}),
  };
}
