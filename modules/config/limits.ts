/**
 * Every size the configuration drives, measured against its AWS limit at synth (DESIGN
 * invariant 9): a configuration that would fail on `terraform apply` fails at synth, naming the key,
 * the figure and the limit. The sizes are measured on the very documents the stacks deploy.
 */

import { declarationOf, GUARDDUTY_RESPONDERS } from '../../lambdas/registry/responders';
import { controlsOfRules } from '../../lambdas/registry/securityhub-controls';
import { RESPONDER_NAMES } from '../../lambdas/shared/catalogue';
import { approvalQueueEnvironment } from '../approval-queue';
import {
  globalMemberTemplate,
  memberTrustPolicy,
  regionalMemberTemplate,
} from '../member-templates';
import { approvalFunctionPolicy, approvalQueuePolicy } from '../shared/approval-queue-policy';
import { type LimitCheck, sizeFor } from '../shared/aws-limits';
import { CUSTOM_ACTIONS } from '../shared/custom-actions';
import {
  automationRolePolicy,
  memberReadPolicy,
  memberRolePolicy,
  runbooksOf,
} from '../shared/member-policy';
import { responderEnvironment } from '../shared/responder-env';
import {
  configCompliancePattern,
  guardDutyPattern,
  ocsfCompliancePattern,
  ocsfGuardDutyPattern,
  securityHubActionPattern,
} from '../shared/rule-patterns';
import { tagGuardPolicy } from '../shared/tag-guard-policy';
import type { Config } from './schema';

/**
 * The longest ARN the alerts topic can have: the partition with the longest name, a 12-digit
 * account and the configured prefix (the topic ARN is only known at apply).
 */
function longestTopicArn(config: Config): string {
  return `arn:aws-iso-b:sns:${config.homeRegion}:000000000000:${config.prefix}-alerts`;
}

/** The longest URL the approval queue can have (the account is only known at apply). */
function longestQueueUrl(config: Config): string {
  return `https://sqs.${config.homeRegion}.amazonaws.com.cn/000000000000/${config.prefix}-approvals`;
}

/** The largest Lambda environment of any responder, as the master stack sets it. */
export function largestResponderEnvironment(config: Config): Record<string, string> {
  const longest = [...RESPONDER_NAMES].sort((a, b) => b.length - a.length)[0] ?? '';
  return {
    // The ledger table is `<prefix>-ledger`, known at synth.
    ...responderEnvironment(
      config,
      longestTopicArn(config),
      `${config.prefix}-ledger`,
      config.approval.endpoint.enabled ? longestQueueUrl(config) : undefined,
    ),
    POWERTOOLS_SERVICE_NAME: longest,
  };
}

/** Every size that depends on the configuration, with the key that drives it. */
export function configLimitChecks(config: Config): LimitCheck[] {
  const checks: LimitCheck[] = [];
  const add = (limit: LimitCheck['limit'], key: string, subject: string, value: unknown) =>
    checks.push({ limit, key, subject, size: sizeFor(limit, value) });

  add(
    'lambdaEnvironment',
    'allowedCidrs',
    'the responders’ Lambda environment',
    largestResponderEnvironment(config),
  );

  const global = globalMemberTemplate(config);
  const regional = regionalMemberTemplate(config);
  add('cloudFormationTemplateBody', 'operatorPrincipalArns', 'the global member template', global);
  add('cloudFormationTemplateBody', 'configRules', 'the regional member template', regional);

  add(
    'iamTrustPolicy',
    'operatorPrincipalArns',
    `the trust policy of ${config.memberRoleName}`,
    memberTrustPolicy(config.prefix, config.operatorPrincipalArns),
  );
  add(
    'iamRoleInlinePolicies',
    'exceptionTagKey',
    `the inline policy of ${config.memberRoleName}`,
    memberRolePolicy(config),
  );
  // Driven by the registry, not the configuration: checked so that a new responder fails here.
  add(
    'iamManagedPolicy',
    'the responder registry',
    `the read policy of ${config.memberRoleName}`,
    memberReadPolicy(),
  );
  add(
    'iamRoleInlinePolicies',
    'configRules',
    `the inline policy of ${config.automationRoleName}`,
    automationRolePolicy({
      exceptionTagKey: config.exceptionTagKey,
      runbooks: runbooksOf(config.configRules),
    }),
  );

  const ruleNames = config.configRules.map((r) => r.name);
  if (ruleNames.length > 0) {
    add(
      'eventPattern',
      'configRules',
      'the Config event pattern',
      configCompliancePattern(ruleNames),
    );
  }
  // One rule per responder (and one forwarding rule per responder and region): each carries
  // only that responder's types.
  for (const responder of GUARDDUTY_RESPONDERS) {
    const types = config.findingTypes[responder];
    const { alsoMatches, resourceTypes } = declarationOf(responder).guardDuty ?? {};
    if (types.length === 0 && !alsoMatches?.length) continue;
    add(
      'eventPattern',
      `findingTypes.${responder}`,
      `the GuardDuty event pattern of ${responder}`,
      guardDutyPattern(types, alsoMatches, resourceTypes),
    );
    if (config.securityHub.ocsfFindings) {
      add(
        'eventPattern',
        `findingTypes.${responder}`,
        `the Security Hub (OCSF) GuardDuty event pattern of ${responder}`,
        ocsfGuardDutyPattern(types, alsoMatches, resourceTypes),
      );
    }
  }
  const controls = controlsOfRules(ruleNames);
  if (config.securityHub.ocsfFindings && controls.length > 0) {
    // At most one rule per responder, each a subset of these controls: the largest is this one.
    add(
      'eventPattern',
      'configRules',
      'the Security Hub (OCSF) control event pattern',
      ocsfCompliancePattern(controls),
    );
  }
  add(
    'eventPattern',
    'regions',
    'the Security Hub custom-action forwarding pattern',
    securityHubActionPattern({
      partition: 'aws-iso-b',
      accountId: '000000000000',
      identifiers: CUSTOM_ACTIONS.map((a) => a.identifier),
    }),
  );

  const endpoint = config.approval.endpoint;
  if (endpoint.enabled) {
    const queueArn = `arn:aws-iso-b:sqs:${config.homeRegion}:000000000000:${config.prefix}-approvals`;
    add(
      'sqsQueuePolicy',
      'approval.endpoint.approverArns',
      'the approval queue policy',
      approvalQueuePolicy({ queueArn, approverArns: endpoint.approverArns }),
    );
    add(
      'iamRoleInlinePolicies',
      'approval.endpoint.approverArns',
      'the inline policy of the approval queue function',
      approvalFunctionPolicy({
        partition: 'aws-iso-b',
        accountId: '000000000000',
        region: config.homeRegion,
        prefix: config.prefix,
        queueArn,
        ledgerTableArn: `arn:aws-iso-b:dynamodb:${config.homeRegion}:000000000000:table/${config.prefix}-ledger`,
        logGroupArn: `arn:aws-iso-b:logs:${config.homeRegion}:000000000000:log-group:/aws/lambda/${config.prefix}-approvals`,
        approverArns: endpoint.approverArns,
      }),
    );
    add(
      'lambdaEnvironment',
      'approval.endpoint.approverArns',
      'the approval queue function’s Lambda environment',
      approvalQueueEnvironment(
        {
          prefix: config.prefix,
          approverArns: endpoint.approverArns,
          ledgerTableName: `${config.prefix}-ledger`,
          responderTimeoutSeconds: config.lambda.timeoutSeconds,
        },
        longestQueueUrl(config),
      ),
    );
  }

  if (config.tagGuard.enabled) {
    add(
      'serviceControlPolicy',
      'tagGuard.adminPrincipalArns',
      'the exception-tag guard SCP',
      tagGuardPolicy({
        exceptionTagKey: config.exceptionTagKey,
        adminPrincipalArns: config.tagGuard.adminPrincipalArns,
      }),
    );
  }
  return checks;
}
