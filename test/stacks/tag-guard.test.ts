import { Testing } from 'cdktf';
// The matchers' types (test/setup.ts installs them at run time).
import type {} from 'cdktf/lib/testing/adapters/jest';
import { parseConfig } from '../../modules/config/load';
import type { ConfigInput } from '../../modules/config/schema';
import { TagGuardStack } from '../../stacks/tag-guard';
import { TEST_IDS } from './support';

const ADMINS = ['arn:aws:iam::*:role/ExceptionAdmin'];

function build(input: ConfigInput = {}) {
  const config = parseConfig({
    ...TEST_IDS,
    tagGuard: { enabled: true, adminPrincipalArns: ADMINS },
    ...input,
  });
  const app = Testing.app();
  const stack = new TagGuardStack(app, 'tag-guard', { config });
  const json = Testing.synth(stack);
  return {
    stack,
    tf: JSON.parse(json) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
      provider: { aws: Record<string, unknown>[] };
    },
  };
}

describe('tag-guard stack', () => {
  const { stack, tf } = build({
    exceptionTagKey: 'ApprovedDeviation',
    regions: ['us-east-1', 'eu-west-1'],
  });
  const policies = Object.values(tf.resource.aws_organizations_policy ?? {});
  const attachments = Object.values(tf.resource.aws_organizations_policy_attachment ?? {});

  it('holds the SCP for the configured tag key, attached to the root by default', () => {
    expect(policies).toHaveLength(1);
    expect(String(policies[0]?.content)).toContain('"aws:TagKeys":["ApprovedDeviation"]');
    expect(attachments.map((a) => a.target_id)).toEqual(['r-ab12']);
  });

  it('uses one provider: Organizations is global', () => {
    expect(tf.provider.aws).toHaveLength(1);
  });

  it('refuses at plan to run from an account other than the management account', () => {
    const lifecycle = policies[0]?.lifecycle as
      | { precondition: Record<string, string>[] }
      | undefined;
    const [precondition] = lifecycle?.precondition ?? [];

    expect(precondition?.condition).toMatch(
      /data\.aws_caller_identity\.caller\.account_id.*==.*data\.aws_organizations_organization\.organization\.master_account_id/,
    );
    expect(precondition?.error_message).toContain('management account');
  });

  it('drops the management-account check for a delegated policy administrator', () => {
    const delegated = build({
      tagGuard: { enabled: true, adminPrincipalArns: ADMINS, delegatedPolicyAdmin: true },
    });

    const [policy] = Object.values(delegated.tf.resource.aws_organizations_policy ?? {});

    expect(policy?.lifecycle).toBeUndefined();
  });

  it('attaches to the configured OUs instead of the root', () => {
    const ous = ['ou-ab12-11111111', 'ou-ab12-22222222'];
    const { tf: withOus } = build({
      tagGuard: { enabled: true, adminPrincipalArns: ADMINS, targetIds: ous },
    });

    expect(
      Object.values(withOus.resource.aws_organizations_policy_attachment ?? {}).map(
        (a) => a.target_id,
      ),
    ).toEqual(ous);
  });

  it('is valid Terraform', () => {
    expect(Testing.fullSynth(stack)).toBeValidTerraform();
  });
});
