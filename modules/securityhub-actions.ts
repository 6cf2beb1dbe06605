/**
 * Security Hub custom actions, in every enrolled region: an analyst picks findings in the console
 * and sends them to a responder (or only to the alerts topic). Events of the other regions reach
 * the home region through the forwarding rules.
 */
import { SecurityhubActionTarget } from '@cdktf/provider-aws/lib/securityhub-action-target';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { ResponderName } from '../lambdas/shared/catalogue';

/** A custom action and where its events go. */
export interface CustomAction {
  /** Security Hub identifier (≤ 20 letters and digits). */
  readonly identifier: string;
  /** Console name (≤ 20 characters). */
  readonly name: string;
  readonly description: string;
  readonly target: ResponderName | 'notify';
}

/** The product's custom actions. */
export const CUSTOM_ACTIONS: readonly CustomAction[] = [
  {
    identifier: 'IsolateEC2',
    name: 'Isolate EC2',
    description: 'Isolate the EC2 instance of the finding (quarantine security group, evidence)',
    target: 'isolate-ec2',
  },
  {
    identifier: 'BlockPrincipal',
    name: 'Block IAM principal',
    description: 'Deactivate the access key, deny the IAM principal and revoke its sessions',
    target: 'block-principal',
  },
  {
    identifier: 'ConfineSG',
    name: 'Confine sec. group',
    description: 'Replace ingress open to the world with the allowed ranges',
    target: 'confine-security-group',
  },
  {
    identifier: 'RemediateS3',
    name: 'Remediate S3 bucket',
    description: 'Start the AWS-managed SSM runbook for the bucket (encryption, public access)',
    target: 'start-ssm-automation',
  },
  {
    identifier: 'NotifyTeam',
    name: 'Notify',
    description: 'Send the findings to the security alerts topic, no change',
    target: 'notify',
  },
];

/** Props of {@link SecurityHubActions}. */
export interface SecurityHubActionsProps {
  /** One provider per enrolled region, keyed by region. */
  readonly providers: ReadonlyMap<string, TerraformProvider>;
  readonly partition: string;
  /** The security account. */
  readonly accountId: string;
}

/** The custom action targets of every region. */
export class SecurityHubActions extends Construct {
  /** ARNs of each action's targets across regions, keyed by action identifier. */
  readonly arnsByIdentifier: ReadonlyMap<string, string[]>;

  constructor(scope: Construct, id: string, props: SecurityHubActionsProps) {
    super(scope, id);
    const arns = new Map<string, string[]>();
    for (const [region, provider] of props.providers) {
      for (const action of CUSTOM_ACTIONS) {
        new SecurityhubActionTarget(this, `${action.identifier}-${region}`, {
          provider,
          identifier: action.identifier,
          name: action.name,
          description: action.description,
        });
        // The ARN is known before creation; rules built from it stay readable and testable.
        const arn = `arn:${props.partition}:securityhub:${region}:${props.accountId}:action/custom/${action.identifier}`;
        arns.set(action.identifier, [...(arns.get(action.identifier) ?? []), arn]);
      }
    }
    this.arnsByIdentifier = arns;
  }

  /** Target ARNs of the actions that go to `target`. */
  arnsFor(target: CustomAction['target']): string[] {
    return identifiersFor(target).flatMap((id) => this.arnsByIdentifier.get(id) ?? []);
  }
}

/** Identifiers of the custom actions that go to `target`. */
export function identifiersFor(target: CustomAction['target']): string[] {
  return CUSTOM_ACTIONS.filter((a) => a.target === target).map((a) => a.identifier);
}
