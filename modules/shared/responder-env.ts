/**
 * What the responders read, derived from the one configuration: a constant-size Lambda
 * environment (scalars only) and `response-config.json` in the bundle (the response modes and the
 * Config rule map, which grow with the organization). The Lambda side reads both with
 * `lambdas/shared/config.ts`; a test proves the two agree.
 */
import type { ResponseConfig } from '../../lambdas/shared/config';
import { configRuleResponses } from '../../lambdas/shared/defaults';
import type { Config } from '../config/schema';

/**
 * The environment variables every deployed responder gets. Its size does not depend on the number
 * of accounts, OUs or rules (Lambda caps the environment at 4 KB, see `aws-limits.ts`).
 */
export function responderEnvironment(
  config: Config,
  alertsTopicArn: string,
  /** The response ledger's table; without it the responders keep no ledger and no limit. */
  ledgerTableName?: string,
  /** The approval queue (`approval.endpoint`): chat notifications name it. */
  approvalQueueUrl?: string,
): Record<string, string> {
  return {
    SECURITY_TAG_KEY: config.exceptionTagKey,
    MEMBER_ROLE_NAME: config.memberRoleName,
    AUTOMATION_ROLE_NAME: config.automationRoleName,
    ALERTS_TOPIC_ARN: alertsTopicArn,
    DRY_RUN: String(config.dryRun),
    ALLOWED_CIDR_V4: config.allowedCidrs.v4.join(','),
    ALLOWED_CIDR_V6: config.allowedCidrs.v6.join(','),
    DENY_POLICY_ARN: config.denyPolicyArn,
    DENY_POLICY_ON_ROLES: String(config.denyPolicyOnRoles),
    PRESERVE_EVIDENCE: String(config.preserveEvidence),
    OCSF_FINDINGS: String(config.securityHub.ocsfFindings),
    RESOURCE_PREFIX: config.prefix,
    BLAST_RADIUS_PER_ACCOUNT: String(config.blastRadius.perAccountPerHour),
    BLAST_RADIUS_PER_ORGANIZATION: String(config.blastRadius.perOrganizationPerHour),
    APPROVAL_EXPIRY_MINUTES: String(config.approval.expiresAfterMinutes),
    ...(ledgerTableName ? { LEDGER_TABLE_NAME: ledgerTableName } : {}),
    ...(approvalQueueUrl ? { APPROVAL_QUEUE_URL: approvalQueueUrl } : {}),
    // Constant size: one connector id, the home region and at most three statuses.
    ...(config.tickets
      ? {
          TICKETS: JSON.stringify({
            connectorId: config.tickets.connectorId,
            region: config.homeRegion,
            on: config.tickets.on,
          }),
        }
      : {}),
  };
}

/** The document written to `response-config.json` at the root of the responders' bundle. */
export function responseConfigDocument(config: Config): Required<ResponseConfig> {
  return {
    responseModes: config.responseModes,
    configRules: configRuleResponses(config.configRules),
    findingTypes: config.findingTypes,
  };
}

/**
 * The environment of a local run (the operator's `respond`), where there is no bundle: the
 * deployed variables plus the response document as `RESPONSE_MODES` and `CONFIG_RULES`.
 */
export function localResponderEnvironment(
  config: Config,
  alertsTopicArn: string,
): Record<string, string> {
  const doc = responseConfigDocument(config);
  return {
    ...responderEnvironment(config, alertsTopicArn),
    RESPONSE_MODES: JSON.stringify(doc.responseModes),
    CONFIG_RULES: JSON.stringify(doc.configRules),
    FINDING_TYPES: JSON.stringify(doc.findingTypes),
  };
}
