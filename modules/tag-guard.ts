/**
 * The opt-in tag protection SCP, attached to the configured OUs or the root. Deploying it needs the
 * management account or a delegated policy administrator, hence off by default.
 */
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import type { Precondition } from 'cdktf';
import { Construct } from 'constructs';
import { policyJson } from './shared/policy';
import { tagGuardPolicy } from './shared/tag-guard-policy';

/** Props of {@link TagGuard}. */
export interface TagGuardProps {
  readonly prefix: string;
  readonly exceptionTagKey: string;
  readonly adminPrincipalArns: readonly string[];
  /** OU or root ids to attach to. */
  readonly targetIds: readonly string[];
  /** Checked before the policy is created, e.g. that the caller may manage SCPs. @default none */
  readonly precondition?: readonly Precondition[];
}

/** The SCP and its attachments. */
export class TagGuard extends Construct {
  readonly policyId: string;

  constructor(scope: Construct, id: string, props: TagGuardProps) {
    super(scope, id);
    const scp = new OrganizationsPolicy(this, 'policy', {
      name: `${props.prefix}-exception-tag-guard`,
      description: `Only exception admins may add, change or remove the ${props.exceptionTagKey} tag`,
      type: 'SERVICE_CONTROL_POLICY',
      content: policyJson(tagGuardPolicy(props)),
      ...(props.precondition?.length
        ? { lifecycle: { precondition: [...props.precondition] } }
        : {}),
    });
    for (const target of props.targetIds) {
      new OrganizationsPolicyAttachment(this, `attach-${target}`, {
        policyId: scp.id,
        targetId: target,
      });
    }
    this.policyId = scp.id;
  }
}
