import { CloudformationStack } from '@cdktf/provider-aws/lib/cloudformation-stack';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing } from 'cdktf';
// The matchers' types (test/setup.ts installs them at run time).
import type {} from 'cdktf/lib/testing/adapters/jest';
import { OFFLINE_PROVIDER } from '../../modules/aws-providers';
import { parseConfig } from '../../modules/config/load';
import type { ConfigInput } from '../../modules/config/schema';
import { globalMemberTemplate, regionalMemberTemplate } from '../../modules/member-templates';
import { ServiceStack } from '../../stacks/service';
import { fromTerraformString } from '../support/cfn';

interface Synthesized {
  readonly resource: {
    readonly aws_cloudformation_stack: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  };
  readonly variable?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly provider: { readonly aws: readonly Readonly<Record<string, unknown>>[] };
}

function build(input: ConfigInput = {}, securityAccountId?: string) {
  const config = parseConfig(input);
  const app = Testing.app();
  const stack = new ServiceStack(app, 'service', {
    config,
    securityAccountId,
    providerOverrides: OFFLINE_PROVIDER,
  });
  const json = Testing.synth(stack);
  return { config, stack, json, parsed: JSON.parse(json) as Synthesized };
}

describe('service stack: resources', () => {
  const { config, json, parsed } = build(
    { homeRegion: 'eu-west-1', regions: ['eu-west-1', 'us-east-1'] },
    '111122223333',
  );
  const stacks = Object.values(parsed.resource.aws_cloudformation_stack);

  it('deploys the global template once, in the home region, with named IAM capability', () => {
    expect(json).toHaveResourceWithProperties(CloudformationStack, {
      name: 'security-ir-member-global',
      capabilities: ['CAPABILITY_NAMED_IAM'],
      parameters: { SecurityAccountId: '111122223333' },
    });
    const global = stacks.filter((s) => s.name === 'security-ir-member-global');
    expect(global).toHaveLength(1);
    expect(global[0].provider).toBe('aws');
    expect(JSON.parse(fromTerraformString(String(global[0].template_body)))).toEqual(
      globalMemberTemplate(config),
    );
  });

  it('deploys the regional template in every enrolled region, independent of the global stack', () => {
    const regional = stacks.filter((s) => s.name === 'security-ir-member-regional');
    expect(regional.map((s) => s.provider)).toEqual(['aws', 'aws.us-east-1']);
    for (const s of regional) {
      expect(JSON.parse(fromTerraformString(String(s.template_body)))).toEqual(
        regionalMemberTemplate(config),
      );
      expect(s.parameters).toEqual({ SecurityAccountId: '111122223333' });
      // The regional template has its own forwarding role: no order between the stacks.
      expect(s.depends_on).toBeUndefined();
    }
  });

  it('has one provider per enrolled region, the home one without alias', () => {
    expect(json).toHaveProviderWithProperties(AwsProvider, { region: 'eu-west-1' });
    expect(parsed.provider.aws.map((p) => [p.region, p.alias])).toEqual([
      ['eu-west-1', undefined],
      ['us-east-1', 'us-east-1'],
    ]);
  });
});

describe('service stack: security account', () => {
  it('takes the security account from the configuration', () => {
    const { parsed } = build({ securityAccountId: '222233334444' });
    expect(
      Object.values(parsed.resource.aws_cloudformation_stack).map((s) => s.parameters),
    ).toEqual([{ SecurityAccountId: '222233334444' }, { SecurityAccountId: '222233334444' }]);
    expect(parsed.variable).toBeUndefined();
  });

  it('asks for it as a validated variable when it is not configured', () => {
    const { parsed } = build();
    expect(parsed.variable?.security_account_id).toMatchObject({ type: 'string' });
    expect(Object.values(parsed.resource.aws_cloudformation_stack)[0].parameters).toEqual({
      SecurityAccountId: `\${var.security_account_id}`,
    });
  });
});

describe('service stack: Terraform', () => {
  // terraform runs offline against the provider mirror: see FACTS.md (use-mirror).
  it('is valid Terraform with a configured security account', () => {
    const { stack } = build({ regions: ['us-east-1', 'eu-west-1'] }, '111122223333');
    expect(Testing.fullSynth(stack)).toBeValidTerraform();
  });

  it('is valid Terraform with the security account as a variable', () => {
    const { stack } = build();
    expect(Testing.fullSynth(stack)).toBeValidTerraform();
  });
});
