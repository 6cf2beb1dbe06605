/**
 * The `master` stack, deployed in the security account (not the Organizations management account,
 * which AWS once called "master"; see service.ts for that one): responders, their rules, the alerts
 * topic, Security Hub custom actions, event routing into the home region, and the StackSets that
 * enroll every account of the organization. Composition only.
 */
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { AssetType, TerraformAsset, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { configResponderOf } from '../lambdas/registry/config-response';
import {
  declarationOf,
  GUARDDUTY_RESPONDERS,
  type GuardDutyResponderName,
  isGuardDutyResponder,
  RESPONDER_NAMES,
  type ResponderName,
} from '../lambdas/registry/responders';
import { controlsOfRules } from '../lambdas/registry/securityhub-controls';
import { containingResponders } from '../lambdas/shared/catalogue';
import { Alerts } from '../modules/alerts';
import { ApprovalQueue } from '../modules/approval-queue';
import { type ProviderOverrides, pinnedTo, regionProviders } from '../modules/aws-providers';
import type { Config } from '../modules/config/schema';
import { EventRouting } from '../modules/event-routing';
import { Ledger } from '../modules/ledger';
import { globalMemberTemplate, regionalMemberTemplate } from '../modules/member-templates';
import { OrgEnrollment } from '../modules/org-enrollment';
import { Responder, type ResponderRule } from '../modules/responder';
import { CUSTOM_ACTIONS, identifiersFor, SecurityHubActions } from '../modules/securityhub-actions';
import { bundleWithResponseConfig } from '../modules/shared/bundle';
import { templateBody } from '../modules/shared/cfn';
import { responderEnvironment, responseConfigDocument } from '../modules/shared/responder-env';
import {
  allGuardDutyPattern,
  allOcsfGuardDutyPattern,
  configCompliancePattern,
  type EventPattern,
  guardDutyPattern,
  ocsfCompliancePattern,
  ocsfGuardDutyPattern,
  securityHubActionPattern,
} from '../modules/shared/rule-patterns';

/** Props of {@link MasterStack}. */
export interface MasterStackProps {
  readonly config: Config;
  /** Extra provider options, e.g. {@link OFFLINE_PROVIDER} for an offline plan. */
  readonly providerOverrides?: ProviderOverrides;
}

/** Base names of the Config rules answered by a responder. */
function configRulesOf(config: Config, responder: ResponderName): string[] {
  return config.configRules
    .filter((r) => configResponderOf(r.response) === responder)
    .map((r) => r.name);
}

/** The security account's stack. */
export class MasterStack extends TerraformStack {
  readonly responders: ReadonlyMap<ResponderName, Responder>;

  constructor(scope: Construct, id: string, props: MasterStackProps) {
    super(scope, id);
    const { config } = props;
    // Pinned: applied with credentials of any other account, Terraform stops before any change.
    const providers = regionProviders(
      this,
      config,
      pinnedTo(config.securityAccountId, props.providerOverrides),
    );
    const partition = new DataAwsPartition(this, 'partition').partition;
    const accountId =
      config.securityAccountId ?? new DataAwsCallerIdentity(this, 'caller').accountId;
    const org =
      config.organization.id && config.organization.rootId
        ? undefined
        : new DataAwsOrganizationsOrganization(this, 'organization');
    const organizationId = config.organization.id ?? (org as DataAwsOrganizationsOrganization).id;
    const rootId =
      config.organization.rootId ?? (org as DataAwsOrganizationsOrganization).roots.get(0).id;

    new SecurityHubActions(this, 'securityhub-actions', {
      providers,
      partition,
      accountId,
    });
    const notifyRuleName = `${config.prefix}-securityhub-notify`;
    const alerts = new Alerts(this, 'alerts', {
      prefix: config.prefix,
      partition,
      accountId,
      emails: config.alerts.emails,
      publisherRuleArns: [
        `arn:${partition}:events:${config.homeRegion}:${accountId}:rule/${notifyRuleName}`,
      ],
    });
    const ledger = new Ledger(this, 'ledger', {
      prefix: config.prefix,
      region: config.homeRegion,
      kmsKeyArn: alerts.keyArn,
      responders: RESPONDER_NAMES,
      pausable: containingResponders(),
      alertsTopicArn: alerts.topicArn,
      tickets: config.tickets !== undefined,
    });

    // Each source's rule exists only for a responder whose registry entry declares that source.
    const rulesOf = (name: ResponderName): ResponderRule[] => {
      const declared = declarationOf(name);
      const rules: ResponderRule[] = [];
      const types = isGuardDutyResponder(name) ? config.findingTypes[name] : [];
      const guardDuty = declared.guardDuty;
      if (guardDuty && (types.length > 0 || guardDuty.alsoMatches?.length)) {
        rules.push({
          id: 'guardduty',
          description: `GuardDuty findings answered by ${name}`,
          pattern: guardDutyPattern(types, guardDuty.alsoMatches, guardDuty.resourceTypes),
        });
      }
      if (declared.escalatesGuardDuty) {
        rules.push({
          id: 'guardduty',
          description: 'Every GuardDuty finding: escalates those no responder contains',
          pattern: allGuardDutyPattern(),
        });
      }
      const ruleNames = declared.config ? configRulesOf(config, name) : [];
      if (ruleNames.length > 0) {
        rules.push({
          id: 'config',
          description: `Non-compliant Config rules answered by ${name}`,
          pattern: configCompliancePattern(ruleNames),
        });
      }
      rules.push(...ocsfRulesOf(name, types, ruleNames));
      if (declared.customAction) {
        rules.push({
          id: 'securityhub',
          description: `Security Hub custom action of ${name}`,
          pattern: securityHubActionPattern({
            partition,
            accountId,
            identifiers: identifiersFor(name),
          }),
        });
      }
      return rules;
    };

    // The new Security Hub's OCSF copies of the same findings, in the home region (its home
    // Region aggregates every linked Region): the same registry-derived selection.
    const ocsfRulesOf = (
      name: ResponderName,
      types: readonly string[],
      ruleNames: readonly string[],
    ): ResponderRule[] => {
      if (!config.securityHub.ocsfFindings) return [];
      const declared = declarationOf(name);
      const rules: ResponderRule[] = [];
      const guardDuty = declared.guardDuty;
      if (guardDuty && (types.length > 0 || guardDuty.alsoMatches?.length)) {
        rules.push({
          id: 'ocsf-guardduty',
          description: `GuardDuty findings in Security Hub (OCSF) answered by ${name}`,
          pattern: ocsfGuardDutyPattern(types, guardDuty.alsoMatches, guardDuty.resourceTypes),
        });
      }
      if (declared.escalatesGuardDuty) {
        rules.push({
          id: 'ocsf-guardduty',
          description: 'Every GuardDuty finding in Security Hub (OCSF): escalates the uncontained',
          pattern: allOcsfGuardDutyPattern(),
        });
      }
      const controls = controlsOfRules(ruleNames);
      if (controls.length > 0) {
        rules.push({
          id: 'ocsf-controls',
          description: `Failed Security Hub controls (OCSF) answered by ${name}`,
          pattern: ocsfCompliancePattern(controls),
        });
      }
      return rules;
    };

    const bundle = new TerraformAsset(this, 'responders-bundle', {
      path: bundleWithResponseConfig(responseConfigDocument(config)),
      type: AssetType.ARCHIVE,
    });
    const endpoint = config.approval.endpoint;
    const approvals = endpoint.enabled
      ? new ApprovalQueue(this, 'approvals', {
          prefix: config.prefix,
          partition,
          accountId,
          region: config.homeRegion,
          approverArns: endpoint.approverArns,
          ledgerTableArn: ledger.tableArn,
          ledgerTableName: ledger.tableName,
          bundle,
          responderTimeoutSeconds: config.lambda.timeoutSeconds,
          expiresAfterMinutes: config.approval.expiresAfterMinutes,
          logRetentionDays: config.logRetentionDays,
          alertsTopicArn: alerts.topicArn,
        })
      : undefined;
    const environment = responderEnvironment(
      config,
      alerts.topicArn,
      ledger.tableName,
      approvals?.queueUrl,
    );
    const responders = new Map<ResponderName, Responder>();
    for (const name of RESPONDER_NAMES) {
      responders.set(
        name,
        new Responder(this, name, {
          name,
          prefix: config.prefix,
          memberRoleName: config.memberRoleName,
          logRetentionDays: config.logRetentionDays,
          timeoutSeconds: config.lambda.timeoutSeconds,
          memoryMb: config.lambda.memoryMb,
          needsOrganizations: Object.keys(config.responseModes.organizationalUnits).length > 0,
          partition,
          accountId,
          organizationId,
          alertsTopicArn: alerts.topicArn,
          alertsKeyArn: alerts.keyArn,
          environment,
          rules: rulesOf(name),
          bundle,
          ledgerTableArn: ledger.tableArn,
          ...(config.tickets
            ? {
                tickets: { region: config.homeRegion, connectorId: config.tickets.connectorId },
              }
            : {}),
        }),
      );
    }
    this.responders = responders;

    // Notify only: the raw custom-action event goes to the alerts topic, no responder involved.
    const notifyRule = new CloudwatchEventRule(this, 'securityhub-notify', {
      name: notifyRuleName,
      description: 'Security Hub custom action Notify: findings to the alerts topic',
      eventPattern: JSON.stringify(
        securityHubActionPattern({ partition, accountId, identifiers: identifiersFor('notify') }),
      ),
    });
    new CloudwatchEventTarget(this, 'securityhub-notify-target', {
      rule: notifyRule.name,
      arn: alerts.topicArn,
    });

    const remoteProviders = new Map(
      [...providers].filter(([region]) => region !== config.homeRegion),
    );
    const typesOf = (name: GuardDutyResponderName) => (): EventPattern | undefined => {
      const { alsoMatches, resourceTypes } = declarationOf(name).guardDuty ?? {};
      const types = config.findingTypes[name];
      return types.length || alsoMatches?.length
        ? guardDutyPattern(types, alsoMatches, resourceTypes)
        : undefined;
    };
    const catchAll = RESPONDER_NAMES.some((n) => declarationOf(n).escalatesGuardDuty);
    const allRules = config.configRules.map((r) => r.name);
    new EventRouting(this, 'routing', {
      prefix: config.prefix,
      partition,
      accountId,
      organizationId,
      homeRegion: config.homeRegion,
      remoteProviders,
      forwarded: {
        // With a GuardDuty catch-all, every finding once (it answers what no responder contains);
        // else one rule per responder's types: each pattern stays the size the schema checked.
        ...(catchAll
          ? { guardduty: (): EventPattern => allGuardDutyPattern() }
          : Object.fromEntries(GUARDDUTY_RESPONDERS.map((n) => [`guardduty-${n}`, typesOf(n)]))),
        config: (): EventPattern | undefined =>
          allRules.length ? configCompliancePattern(allRules) : undefined,
        securityhub: (region: string): EventPattern =>
          securityHubActionPattern({
            partition,
            accountId,
            region,
            identifiers: CUSTOM_ACTIONS.map((a) => a.identifier),
          }),
      },
    });

    const enrollment = new OrgEnrollment(this, 'enrollment', {
      namePrefix: config.prefix,
      globalTemplateBody: templateBody(globalMemberTemplate(config)),
      regionalTemplateBody: templateBody(regionalMemberTemplate(config)),
      homeRegion: config.homeRegion,
      regions: config.regions,
      targetOuIds: config.organization.targetOuIds,
      rootId,
      accountCount: config.organization.accountCount,
      callAs: config.callAs,
      securityAccountId: accountId,
    });

    new TerraformOutput(this, 'alerts_topic_arn', { value: alerts.topicArn });
    new TerraformOutput(this, 'ledger_table_name', { value: ledger.tableName });
    if (approvals) new TerraformOutput(this, 'approval_queue_url', { value: approvals.queueUrl });
    new TerraformOutput(this, 'responder_function_arns', {
      value: Object.fromEntries([...responders].map(([n, r]) => [n, r.functionArn])),
    });
    new TerraformOutput(this, 'stack_set_names', {
      value: [enrollment.globalStackSetName, enrollment.regionalStackSetName],
    });
  }
}
