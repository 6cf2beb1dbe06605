/**
 * The product's Security Hub custom actions as plain data (no cdktf import), shared by the
 * construct that creates them, the rules that route them and the synth-time size checks.
 */
import type { ResponderName } from '../../lambdas/shared/catalogue';

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

/** Identifiers of the custom actions that go to `target`. */
export function identifiersFor(target: CustomAction['target']): string[] {
  return CUSTOM_ACTIONS.filter((a) => a.target === target).map((a) => a.identifier);
}
