/**
 * The `tag-guard` stack: the SCP that protects the exception tag, with its attachments. Only the
 * management account, or a delegated administrator of Organizations policies, may create and
 * attach SCPs, so it is a stack of its own, deployed with those credentials, and `cdktf deploy
 * master` from the security account never depends on it. Synthesized only when
 * `tagGuard.enabled` is true. Composition only.
 */
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { Op, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { type ProviderOverrides, pinnedTo, regionProviders } from '../modules/aws-providers';
import type { Config } from '../modules/config/schema';
import { TagGuard } from '../modules/tag-guard';

/** Props of {@link TagGuardStack}. */
export interface TagGuardStackProps {
  readonly config: Config;
  /** Extra provider options, e.g. for an offline plan. */
  readonly providerOverrides?: ProviderOverrides;
}

/** The exception-tag guard SCP, deployed from the management account (or a policy delegate). */
export class TagGuardStack extends TerraformStack {
  readonly policyId: string;

  constructor(scope: Construct, id: string, props: TagGuardStackProps) {
    super(scope, id);
    const { config } = props;
    // Organizations is global: the home region's provider only.
    const pinned = config.tagGuard.delegatedPolicyAdmin ? undefined : config.managementAccountId;
    regionProviders(
      this,
      { ...config, regions: [config.homeRegion] },
      pinnedTo(pinned, props.providerOverrides),
    );
    const org = new DataAwsOrganizationsOrganization(this, 'organization');
    const targetIds =
      config.tagGuard.targetIds.length > 0
        ? config.tagGuard.targetIds
        : [config.organization.rootId ?? org.roots.get(0).id];

    const precondition = config.tagGuard.delegatedPolicyAdmin
      ? []
      : [
          {
            // Checked at plan: a clear message instead of AccessDenied half-way through apply.
            condition: Op.eq(
              new DataAwsCallerIdentity(this, 'caller').accountId,
              org.masterAccountId,
            ),
            errorMessage:
              'The tag-guard stack creates an SCP: deploy it with credentials of the management ' +
              'account, or set tagGuard.delegatedPolicyAdmin to true when this account is a ' +
              'delegated administrator of Organizations policies.',
          },
        ];
    const guard = new TagGuard(this, 'tag-guard', {
      prefix: config.prefix,
      exceptionTagKey: config.exceptionTagKey,
      adminPrincipalArns: config.tagGuard.adminPrincipalArns,
      targetIds,
      precondition,
    });
    this.policyId = guard.policyId;
    new TerraformOutput(this, 'tag_guard_policy_id', { value: guard.policyId });
  }
}
