/**
 * Security Hub custom actions, in every enrolled region: an analyst picks findings in the console
 * and sends them to a responder (or only to the alerts topic). Events of the other regions reach
 * the home region through the forwarding rules.
 */
import { SecurityhubActionTarget } from '@cdktf/provider-aws/lib/securityhub-action-target';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { CUSTOM_ACTIONS, type CustomAction, identifiersFor } from './shared/custom-actions';

export { CUSTOM_ACTIONS, type CustomAction, identifiersFor } from './shared/custom-actions';

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
