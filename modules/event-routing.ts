/**
 * Event routing into the home region: the default bus admits events from accounts of the
 * organization (member accounts forward their Config compliance changes) through one additive
 * permission statement, never by replacing the bus policy other tools may have written; every other
 * enrolled region of the security account forwards its GuardDuty findings, Config compliance
 * changes and Security Hub custom actions, raw, to the home region's bus.
 */
import { CloudwatchEventPermission } from '@cdktf/provider-aws/lib/cloudwatch-event-permission';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { policy, policyJson } from './shared/policy';
import type { EventPattern } from './shared/rule-patterns';

/** Props of {@link EventRouting}. */
export interface EventRoutingProps {
  readonly prefix: string;
  readonly partition: string;
  readonly accountId: string;
  readonly organizationId: string;
  readonly homeRegion: string;
  /** Providers of the enrolled regions other than home, keyed by region. */
  readonly remoteProviders: ReadonlyMap<string, TerraformProvider>;
  /** What each remote region forwards, keyed by rule id; the function gets the region. */
  readonly forwarded: Readonly<Record<string, (region: string) => EventPattern | undefined>>;
}

/** The bus policy and the cross-region forwarding rules. */
export class EventRouting extends Construct {
  readonly homeBusArn: string;

  constructor(scope: Construct, id: string, props: EventRoutingProps) {
    super(scope, id);
    this.homeBusArn = `arn:${props.partition}:events:${props.homeRegion}:${props.accountId}:event-bus/default`;

    // One statement added to the bus policy (events:PutPermission), identified by its Sid:
    // aws_cloudwatch_event_bus_policy would replace the whole policy and erase the statements of
    // other tools on this shared default bus. Destroying it removes this statement only.
    // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html
    new CloudwatchEventPermission(this, 'org-put-events', {
      eventBusName: 'default',
      statementId: `${props.prefix}-organization-put-events`,
      principal: '*',
      action: 'events:PutEvents',
      condition: { key: 'aws:PrincipalOrgID', type: 'StringEquals', value: props.organizationId },
    });

    if (props.remoteProviders.size === 0) return;
    const role = new IamRole(this, 'forwarder', {
      name: `${props.prefix}-region-forwarder`,
      description: 'Lets EventBridge rules of the other regions forward findings to the home bus',
      assumeRolePolicy: policyJson(
        policy({
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
        }),
      ),
    });
    const rolePolicy = new IamRolePolicy(this, 'forwarder-policy', {
      name: 'put-events-home',
      role: role.id,
      policy: policyJson(
        policy({ Effect: 'Allow', Action: 'events:PutEvents', Resource: this.homeBusArn }),
      ),
    });

    for (const [region, provider] of props.remoteProviders) {
      for (const [ruleId, patternFor] of Object.entries(props.forwarded)) {
        const pattern = patternFor(region);
        if (!pattern) continue;
        const rule = new CloudwatchEventRule(this, `${ruleId}-${region}`, {
          provider,
          name: `${props.prefix}-forward-${ruleId}`,
          description: `Forwards ${ruleId} events of ${region} to ${props.homeRegion}`,
          eventPattern: JSON.stringify(pattern),
        });
        new CloudwatchEventTarget(this, `${ruleId}-${region}-target`, {
          provider,
          rule: rule.name,
          arn: this.homeBusArn,
          roleArn: role.arn,
          // No delivery before the role may put events on the home bus.
          dependsOn: [rolePolicy],
        });
      }
    }
  }
}
