/**
 * Runs `terraform test` with `mock_provider "aws"` on a synthesized stack: Terraform builds the
 * plan and then the apply graph with a fake AWS that answers every read and write, so what only
 * an apply can find fails here, offline: unknown values in `for_each` / `count`, dependency
 * cycles, references to attributes a resource does not have, provider validation of values known
 * only after apply. `terraform validate` (toBeValidTerraform) sees none of these.
 *
 * The mocks give every resource an `arn` of the ARN shape (the provider validates ARNs it is
 * given, and Terraform's random mock strings are not ARNs) and the data sources the stacks read
 * from AWS the values of the test configuration. Needs the provider mirror of FACTS.md
 * (`eval "$(/work/shared/terraform/use-mirror)"`) like every Terraform test here.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TEST_IDS } from './support';

const run = promisify(execFile);

/** The synthesized Terraform JSON parts the mocks are derived from. */
interface StackJson {
  readonly provider?: { aws?: { alias?: string }[] };
  readonly resource?: Record<string, unknown>;
  readonly data?: Record<string, unknown>;
}

/** Data sources that call AWS, with the values the test configuration stands for. */
const DATA_DEFAULTS: Record<string, string> = {
  aws_caller_identity: `{ account_id = "${TEST_IDS.securityAccountId}", arn = "arn:aws:iam::${TEST_IDS.securityAccountId}:root", user_id = "${TEST_IDS.securityAccountId}" }`,
  aws_organizations_organization: `{
      id = "${TEST_IDS.organization.id}"
      arn = "arn:aws:organizations::${TEST_IDS.securityAccountId}:organization/${TEST_IDS.organization.id}"
      master_account_id = "${TEST_IDS.securityAccountId}"
      roots = [{ id = "${TEST_IDS.organization.rootId}", arn = "arn:aws:organizations::${TEST_IDS.securityAccountId}:root/${TEST_IDS.organization.id}/${TEST_IDS.organization.rootId}", name = "Root", policy_types = [] }]
    }`,
  aws_partition:
    '{ partition = "aws", dns_suffix = "amazonaws.com", reverse_dns_prefix = "com.amazonaws" }',
  aws_region: '{ name = "us-east-1", description = "US East (N. Virginia)" }',
};

/**
 * The `.tftest.hcl` for a stack: one mock per provider configuration, then one `apply` run (which
 * plans first: a separate plan run would double the time and find nothing more).
 */
export function applyTestFile(stack: StackJson): string {
  const mocks = [
    ...Object.keys(stack.resource ?? {})
      .sort()
      .map((type) => {
        const service = type.split('_')[1] ?? 'mock';
        return `  mock_resource "${type}" {\n    defaults = { arn = "arn:aws:${service}:us-east-1:${TEST_IDS.securityAccountId}:mock/${type}" }\n  }`;
      }),
    ...Object.keys(stack.data ?? {})
      .filter((type) => DATA_DEFAULTS[type])
      .sort()
      .map((type) => `  mock_data "${type}" {\n    defaults = ${DATA_DEFAULTS[type]}\n  }`),
  ].join('\n');
  const aliases = (stack.provider?.aws ?? []).map((p) => p.alias);
  const providers = aliases
    .map((alias) => `mock_provider "aws" {\n${alias ? `  alias = "${alias}"\n` : ''}${mocks}\n}`)
    .join('\n\n');
  return `${providers}\n\nrun "apply" {\n  command = apply\n}\n`;
}

/** The result of `terraform test` on one stack. */
export interface ApplyResult {
  readonly ok: boolean;
  readonly output: string;
  readonly ms: number;
}

/**
 * Copies the synthesized stack folder (`cdk.tf.json` and its assets) into a fresh folder under
 * TMPDIR, writes the test file, and runs `terraform init -backend=false` and `terraform test`.
 */
export async function applyWithMocks(stackDir: string): Promise<ApplyResult> {
  const started = Date.now();
  const dir = mkdtempSync(join(process.env.TMPDIR ?? '/tmp', 'tf-apply-'));
  try {
    cpSync(stackDir, dir, { recursive: true });
    const stack = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as StackJson;
    writeFileSync(join(dir, 'apply.tftest.hcl'), applyTestFile(stack));
    const tf = (args: string[]) =>
      run('terraform', args, { cwd: dir, maxBuffer: 64 * 1024 * 1024, env: process.env });
    await tf(['init', '-backend=false', '-input=false', '-no-color']);
    try {
      const { stdout } = await tf(['test', '-no-color']);
      return { ok: true, output: stdout, ms: Date.now() - started };
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${stdout}\n${stderr}`, ms: Date.now() - started };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
