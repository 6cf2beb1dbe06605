/**
 * Every synthesized stack, in the default and the enterprise configuration, goes through
 * `terraform test` with a mocked AWS provider: plan, then apply (test/stacks/terraform-apply.ts).
 * The stacks are synthesized and applied in parallel, one terraform process each.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TerraformStack, Testing } from 'cdktf';
import { parseConfig } from '../../modules/config/load';
import { MasterStack } from '../../stacks/master';
import { ServiceStack } from '../../stacks/service';
import { TagGuardStack } from '../../stacks/tag-guard';
import { enterpriseInput } from './enterprise-config';
import { TEST_IDS } from './support';
import { type ApplyResult, applyWithMocks } from './terraform-apply';

function stacksOf(name: string, input: Parameters<typeof parseConfig>[0]) {
  const config = parseConfig(input);
  const app = Testing.app();
  const stacks: TerraformStack[] = [
    new MasterStack(app, 'master', { config }),
    new ServiceStack(app, 'service', { config }),
    ...(config.tagGuard.enabled ? [new TagGuardStack(app, 'tag-guard', { config })] : []),
  ];
  return stacks.map((stack) => ({
    label: `${name} ${stack.node.id}`,
    dir: join(Testing.fullSynth(stack), 'stacks', stack.node.id),
  }));
}

const STACKS = [
  ...stacksOf('default', { ...TEST_IDS }),
  ...stacksOf('enterprise', enterpriseInput()),
];
const results = new Map<string, ApplyResult>();

beforeAll(async () => {
  const done = await Promise.all(STACKS.map((s) => applyWithMocks(s.dir)));
  for (const [i, s] of STACKS.entries()) results.set(s.label, done[i] as ApplyResult);
  if (process.env.APPLY_TIMES)
    for (const [k, r] of results) process.stderr.write(`${k}: ${r.ms} ms\n`);
}, 600_000);

describe('terraform test: plan and apply every stack against a mocked AWS provider', () => {
  it('covers the default stacks and the enterprise stacks with the tag guard', () => {
    expect(STACKS.map((s) => s.label)).toEqual([
      'default master',
      'default service',
      'enterprise master',
      'enterprise service',
      'enterprise tag-guard',
    ]);
  });

  it.each(STACKS.map((s) => s.label))('%s plans and applies', (label) => {
    const result = results.get(label);
    expect(result?.ok ? 'applied' : result?.output).toBe('applied');
    expect(result?.output).toMatch(/run "apply"\.\.\. pass/);
  });
});

describe('terraform test: an apply-time graph error', () => {
  it('fails a stack whose for_each keys are known only after apply, which validate accepts', async () => {
    // Arrange: a queue per ARN of another queue: the keys are unknown until that queue exists.
    const dir = mkdtempSync(join(process.env.TMPDIR ?? '/tmp', 'tf-broken-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'cdk.tf.json'),
      JSON.stringify({
        terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
        provider: { aws: [{ region: 'us-east-1' }] },
        resource: {
          aws_sqs_queue: {
            first: { name: 'first' },
            copies: {
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a JS template
              for_each: '${toset([aws_sqs_queue.first.arn])}',
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a JS template
              name: '${each.key}-copy',
            },
          },
        },
      }),
    );

    // Act
    const result = await applyWithMocks(dir);

    // Assert
    expect(result.ok).toBe(false);
    expect(result.output).toContain('Invalid for_each argument');
  });
});
