/**
 * Enrolls one account that the service-managed stack sets cannot reach (the management account,
 * or an account outside the organization) with the same member templates, as plain stacks. Run it
 * with that account's credentials.
 */
import { CloudformationStack } from '@cdktf/provider-aws/lib/cloudformation-stack';
import { Fn, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { type ProviderOverrides, pinnedTo, regionProviders } from '../modules/aws-providers';
import type { Config } from '../modules/config/schema';
import {
  globalMemberTemplate,
  regionalMemberTemplate,
  SECURITY_ACCOUNT_PARAMETER,
} from '../modules/member-templates';
import { templateBody } from '../modules/shared/cfn';

/** Props of {@link ServiceStack}. */
export interface ServiceStackProps {
  readonly config: Config;
  /** @default `config.securityAccountId`, else the Terraform variable `security_account_id` */
  readonly securityAccountId?: string;
  /** Extra provider options, e.g. for an offline plan. */
  readonly providerOverrides?: ProviderOverrides;
}

/** The security account as a variable (the credentials are the target account's, not its). */
function securityAccountVariable(scope: Construct): TerraformVariable {
  const variable = new TerraformVariable(scope, 'security_account_id', {
    type: 'string',
    description: 'The security account whose responders this account admits',
  });
  variable.addValidation({
    condition: Fn.can(Fn.regex('^[0-9]{12}$', variable.stringValue)),
    errorMessage: 'security_account_id must be a 12-digit AWS account id.',
  });
  return variable;
}

/** The member templates as stacks in one account: global in the home region, regional everywhere. */
export class ServiceStack extends TerraformStack {
  readonly securityAccountId: string;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id);
    const { config } = props;
    // Pinned to the management account when it is known: other credentials stop at plan.
    const providers = regionProviders(
      this,
      config,
      pinnedTo(config.managementAccountId, props.providerOverrides),
    );
    // The caller identity would name the target account, not the security account.
    this.securityAccountId =
      props.securityAccountId ??
      config.securityAccountId ??
      securityAccountVariable(this).stringValue;
    const parameters = { [SECURITY_ACCOUNT_PARAMETER]: this.securityAccountId };

    new CloudformationStack(this, 'global', {
      name: `${config.prefix}-member-global`,
      templateBody: templateBody(globalMemberTemplate(config)),
      capabilities: ['CAPABILITY_NAMED_IAM'],
      parameters,
      provider: providers.get(config.homeRegion),
    });

    const regional = templateBody(regionalMemberTemplate(config));
    for (const [region, provider] of providers) {
      new CloudformationStack(this, `regional-${region}`, {
        name: `${config.prefix}-member-regional`,
        templateBody: regional,
        parameters,
        // Each template stands on its own: no order between the stacks.
        provider,
      });
    }
  }
}
