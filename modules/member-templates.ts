/**
 * The CloudFormation templates every member account receives, as typed objects: a global one (the
 * roles; IAM is global, so one region only) and a regional one (Config compliance forwarding and,
 * optionally, the managed Config rules). Both take the security account as their only parameter.
 */
import { configResponderOf, NOTIFY_RESPONSE } from '../lambdas/registry/config-response';
import { declarationOf } from '../lambdas/registry/responders';
import { memberActionsOf, RESPONDER_NAMES, type ResponderName } from '../lambdas/shared/catalogue';
import { RUNBOOKS } from '../lambdas/shared/defaults';
import type { Config } from './config/schema';
import {
  ACCOUNT_ID,
  type CfnCondition,
  type CfnParameter,
  type CfnResource,
  type CfnString,
  type CfnTemplate,
  getAtt,
  PARTITION,
  pascalCase,
  ref,
  sub,
  subVar,
} from './shared/cfn';
import {
  AUTOMATION_SERVICE,
  automationRolePolicy,
  type CfnPolicyDocument,
  eventForwarderRoleName,
  memberReadPolicy,
  memberRolePolicy,
  runbooksOf,
} from './shared/member-policy';
import { configCompliancePattern } from './shared/rule-patterns';

/** The templates' only parameter: the account the responders run in. */
export const SECURITY_ACCOUNT_PARAMETER = 'SecurityAccountId';

const SECURITY_ACCOUNT_ID = subVar(SECURITY_ACCOUNT_PARAMETER);

/** The regional template's mapping: which managed Config rule is deployed in which region. */
export const CONFIG_RULE_REGIONS = 'ConfigRuleRegions';

/** The regional template's condition: true everywhere but in the security account. */
export const IS_MEMBER_CONDITION = 'IsMember';

const SECURITY_ACCOUNT: CfnParameter = {
  Type: 'String',
  Description:
    'The security account: its responders assume the member role, its bus receives the events',
  AllowedPattern: '^\\d{12}$',
  ConstraintDescription: 'must be a 12-digit AWS account id',
};

/** Name of a responder's own role in the security account. */
export function responderRoleName(prefix: string, responder: ResponderName): string {
  return `${prefix}-${responder}`;
}

const assumedBy = (
  principal: CfnPolicyDocument['Statement'][number]['Principal'],
  actions: readonly string[],
  condition: CfnPolicyDocument['Statement'][number]['Condition'],
): CfnPolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Trust', Effect: 'Allow', Principal: principal, Action: actions, Condition: condition },
  ],
});

/**
 * The member role's trust policy: the security account, and in it only the responders' roles
 * (`aws:PrincipalArn` survives the re-creation of a role, a role ARN principal would not).
 * `sts:SetSourceIdentity` puts the finding id on every call in the member's CloudTrail.
 */
export function memberTrustPolicy(
  prefix: string,
  operatorPrincipalArns: readonly string[] = [],
): CfnPolicyDocument {
  const roleArn = (r: ResponderName) =>
    sub(`arn:${PARTITION}:iam::${SECURITY_ACCOUNT_ID}:role/${responderRoleName(prefix, r)}`);
  const securityAccount = { AWS: sub(`arn:${PARTITION}:iam::${SECURITY_ACCOUNT_ID}:root`) };
  const actions = ['sts:AssumeRole', 'sts:SetSourceIdentity'];
  const trust = assumedBy(securityAccount, actions, {
    // A responder with no member-account action (escalate-finding) is not trusted at all.
    ArnEquals: {
      'aws:PrincipalArn': RESPONDER_NAMES.filter((r) => memberActionsOf(r).length > 0).map(roleArn),
    },
  });
  if (operatorPrincipalArns.length === 0) return trust;
  // Operators of the security account (configured) for `security-ir respond` and `audit`.
  return {
    ...trust,
    Statement: [
      ...trust.Statement,
      {
        Sid: 'TrustOperators',
        Effect: 'Allow',
        Principal: securityAccount,
        Action: actions,
        Condition: { ArnLike: { 'aws:PrincipalArn': [...operatorPrincipalArns] } },
      },
    ],
  };
}

/** ARN of the security account's default bus in the home region. */
function securityBusArn(config: Config) {
  return sub(
    `arn:${PARTITION}:events:${config.homeRegion}:${SECURITY_ACCOUNT_ID}:event-bus/default`,
  );
}

const role = (
  name: CfnString,
  description: string,
  trust: CfnPolicyDocument,
  policyName: string,
  policy: CfnPolicyDocument,
  managedPolicyArns?: readonly CfnString[],
): CfnResource => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    RoleName: name,
    Description: description,
    AssumeRolePolicyDocument: trust,
    Policies: [{ PolicyName: policyName, PolicyDocument: policy }],
    ...(managedPolicyArns ? { ManagedPolicyArns: managedPolicyArns } : {}),
  },
});

/** The role the regional forwarding rule runs as: PutEvents on the security account's bus only. */
function eventForwarderRole(config: Config): CfnResource {
  return {
    ...role(
      sub(eventForwarderRoleName(config.prefix)),
      'Forwards Config compliance changes of this region to the security account',
      assumedBy({ Service: 'events.amazonaws.com' }, ['sts:AssumeRole'], {
        StringEquals: { 'aws:SourceAccount': sub(ACCOUNT_ID) },
      }),
      'forward-events',
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'PutEventsOnSecurityBus',
            Effect: 'Allow',
            Action: 'events:PutEvents',
            Resource: securityBusArn(config),
          },
        ],
      },
    ),
    Condition: IS_MEMBER_CONDITION,
  };
}

/** Name of the member role's read policy (one per account: the global template runs once). */
export function memberReadPolicyName(prefix: string): string {
  return `${prefix}-member-reads`;
}

/** The global member template: the member role and the automation role (IAM is global). */
export function globalMemberTemplate(config: Config): CfnTemplate {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `${config.prefix}: roles of automated incident response (deploy in one region)`,
    Parameters: { [SECURITY_ACCOUNT_PARAMETER]: SECURITY_ACCOUNT },
    Resources: {
      // The reads in a managed policy of their own: the role's inline policies share one limit.
      MemberReadPolicy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: {
          ManagedPolicyName: memberReadPolicyName(config.prefix),
          Description: 'Reads of the incident response member role (the changes are inline)',
          PolicyDocument: memberReadPolicy(),
        },
      },
      MemberRole: role(
        config.memberRoleName,
        'Assumed by the security account responders; denied on resources under exception',
        memberTrustPolicy(config.prefix, config.operatorPrincipalArns),
        'incident-response',
        memberRolePolicy(config),
        [ref('MemberReadPolicy')],
      ),
      AutomationRole: role(
        config.automationRoleName,
        'Role of the SSM Automation runbooks started by the responders',
        assumedBy({ Service: AUTOMATION_SERVICE }, ['sts:AssumeRole'], {
          StringEquals: { 'aws:SourceAccount': sub(ACCOUNT_ID) },
          ArnLike: {
            'aws:SourceArn': sub(`arn:${PARTITION}:ssm:*:${ACCOUNT_ID}:automation-execution/*`),
          },
        }),
        'runbooks',
        automationRolePolicy({
          exceptionTagKey: config.exceptionTagKey,
          runbooks: runbooksOf(config.configRules),
        }),
      ),
    },
    Outputs: {
      MemberRoleArn: { Description: 'The member role', Value: getAtt('MemberRole', 'Arn') },
      AutomationRoleArn: {
        Description: 'The runbooks role',
        Value: getAtt('AutomationRole', 'Arn'),
      },
    },
  };
}

/** Config resource types of the resources a configured rule's response acts on (none: no Scope). */
function scopeOf(response: Config['configRules'][number]['response']): readonly string[] {
  // A runbook acts on its own resource type; a responder on those its registry entry declares.
  if ('runbook' in response) return [RUNBOOKS[response.runbook].resourceType];
  const responder = configResponderOf(response);
  // Notify: the managed rule's own default scope.
  if (responder === undefined || response.responder === NOTIFY_RESPONSE) return [];
  return declarationOf(responder).config?.resourceTypes ?? [];
}

/**
 * The regional member template: a rule forwarding raw non-compliant Config evaluations of the
 * configured rules to the security account's bus in the home region (not in the security account
 * itself, whose own rules catch them) with its own role, and the managed Config rules when the
 * product deploys them. It uses nothing the global template creates.
 */
export function regionalMemberTemplate(config: Config): CfnTemplate {
  const names = config.configRules.map((r) => r.name);
  const resources: Record<string, CfnResource> = {};
  if (names.length > 0) {
    // Its own role, in this template: the regional stack needs nothing of the global one.
    resources.EventForwarderRole = eventForwarderRole(config);
    resources.ForwardConfigCompliance = {
      Type: 'AWS::Events::Rule',
      Condition: IS_MEMBER_CONDITION,
      Properties: {
        Name: `${config.prefix}-forward-config-compliance`,
        Description: 'Forwards non-compliant Config evaluations, raw, to the security account',
        State: 'ENABLED',
        EventPattern: configCompliancePattern(names),
        Targets: [
          {
            Id: 'security-account',
            Arn: securityBusArn(config),
            RoleArn: getAtt('EventForwarderRole', 'Arn'),
          },
        ],
      },
    };
  }
  const ruleRegions: Record<string, Record<string, string>> = {};
  const conditions: Record<string, CfnCondition> = {};
  if (config.deployConfigRules) {
    for (const rule of config.configRules) {
      const scope = scopeOf(rule.response);
      const id = `ConfigRule${pascalCase(rule.name)}`;
      let condition: string | undefined;
      if (rule.regions) {
        // Only where the managed rule exists: one mapping row per enrolled region.
        for (const region of config.regions) {
          ruleRegions[region] = {
            ...ruleRegions[region],
            [id]: String(rule.regions.includes(region)),
          };
        }
        condition = `Deploy${id}`;
        conditions[condition] = {
          'Fn::Equals': [
            { 'Fn::FindInMap': [CONFIG_RULE_REGIONS, ref('AWS::Region'), id] },
            'true',
          ],
        };
      }
      resources[id] = {
        Type: 'AWS::Config::ConfigRule',
        ...(condition ? { Condition: condition } : {}),
        Properties: {
          // The base name, so that the forwarding rule and the responders match it.
          ConfigRuleName: rule.name,
          Source: { Owner: 'AWS', SourceIdentifier: rule.sourceIdentifier },
          ...(scope.length ? { Scope: { ComplianceResourceTypes: [...scope] } } : {}),
        },
      };
    }
  }
  if (Object.values(resources).every((r) => r.Condition !== undefined)) {
    // A stack needs one resource it creates; in the security account the forwarding rule is
    // conditioned out. A wait-condition handle creates nothing.
    resources.Placeholder = {
      Type: 'AWS::CloudFormation::WaitConditionHandle',
      Properties: {},
    };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `${config.prefix}: regional forwarding of automated incident response`,
    Parameters: { [SECURITY_ACCOUNT_PARAMETER]: SECURITY_ACCOUNT },
    ...(Object.keys(ruleRegions).length > 0
      ? { Mappings: { [CONFIG_RULE_REGIONS]: ruleRegions } }
      : {}),
    Conditions: {
      [IS_MEMBER_CONDITION]: {
        'Fn::Not': [{ 'Fn::Equals': [ref('AWS::AccountId'), ref(SECURITY_ACCOUNT_PARAMETER)] }],
      },
      ...conditions,
    },
    Resources: resources,
  };
}
