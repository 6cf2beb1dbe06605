/**
 * An organization of enterprise size, every option on: 17 regions, 50 target OUs, response modes
 * for 5,000 accounts and 1,000 OUs, 51 GuardDuty finding types, 13 Config rules deployed as
 * managed rules, operators, the tag guard. The three stacks are synthesized once, validated with
 * Terraform, and every AWS size limit of modules/shared/aws-limits.ts is asserted on the output,
 * as AWS would measure it on `terraform apply`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
// The matchers' types (test/setup.ts installs them at run time).
import type {} from 'cdktf/lib/testing/adapters/jest';
import { RESPONSE_CONFIG_FILE } from '../../lambdas/shared/defaults';
import { parseConfig } from '../../modules/config/load';
import { AWS_LIMITS, type AwsLimitName, sizeFor } from '../../modules/shared/aws-limits';
import { bundleWithResponseConfig } from '../../modules/shared/bundle';
import { responseConfigDocument } from '../../modules/shared/responder-env';
import { MasterStack } from '../../stacks/master';
import { ServiceStack } from '../../stacks/service';
import { TagGuardStack } from '../../stacks/tag-guard';
import { fromTerraformString } from '../support/cfn';
import { enterpriseInput } from './enterprise-config';

type Tf = { resource: Record<string, Record<string, Record<string, unknown>>> };

/**
 * Terraform references as AWS will see them after apply: the partition as its longest name, any
 * other attribute (an ARN, an id) as 128 characters, longer than any ARN the stacks reference.
 */
function resolved(text: string): string {
  return text
    .replace(/\$\{data\.aws_partition\.[^}]+\}/g, 'aws-iso-b')
    .replace(/\$\{[a-z_]+\.[^}]+\}/g, 'x'.repeat(128));
}

const config = parseConfig(enterpriseInput());
const app = Testing.app();
const master = new MasterStack(app, 'master', { config });
const service = new ServiceStack(app, 'service', { config });
const tagGuard = new TagGuardStack(app, 'tag-guard', { config });
const tf = {
  master: JSON.parse(Testing.synth(master)) as Tf,
  service: JSON.parse(Testing.synth(service)) as Tf,
  tagGuard: JSON.parse(Testing.synth(tagGuard)) as Tf,
};
const resources = (stack: Tf, type: string) => Object.values(stack.resource[type] ?? {});

interface CfnRole {
  Type: string;
  Properties: {
    RoleName: unknown;
    AssumeRolePolicyDocument: unknown;
    Policies?: { PolicyDocument: unknown }[];
  };
}
interface CfnTemplateJson {
  Resources: Record<string, CfnRole & { Properties: { EventPattern?: unknown } }>;
}

/** Every template body CloudFormation receives, as it receives it. */
const templateBodies = [
  ...resources(tf.master, 'aws_cloudformation_stack_set'),
  ...resources(tf.service, 'aws_cloudformation_stack'),
].map((r) => ({ name: String(r.name), body: fromTerraformString(String(r.template_body)) }));
const templates = templateBodies.map((t) => JSON.parse(t.body) as CfnTemplateJson);
const templateResources = templates.flatMap((t) => Object.values(t.Resources));

/** One measured size: what, how big, and which limit. */
interface Measured {
  readonly limit: AwsLimitName;
  readonly subject: string;
  readonly size: number;
}

function measureAll(): Measured[] {
  const out: Measured[] = [];
  const add = (limit: AwsLimitName, subject: string, value: unknown) =>
    out.push({ limit, subject, size: sizeFor(limit, value) });

  for (const f of resources(tf.master, 'aws_lambda_function')) {
    const vars = (f.environment as { variables: Record<string, string> }).variables;
    add('lambdaEnvironment', String(f.function_name), JSON.parse(resolved(JSON.stringify(vars))));
  }
  for (const t of templateBodies) add('cloudFormationTemplateBody', t.name, t.body);
  for (const r of templateResources.filter((x) => x.Type === 'AWS::IAM::ManagedPolicy')) {
    const props = r.Properties as { ManagedPolicyName?: unknown; PolicyDocument?: unknown };
    add('iamManagedPolicy', JSON.stringify(props.ManagedPolicyName), props.PolicyDocument);
  }
  for (const r of templateResources.filter((x) => x.Type === 'AWS::IAM::Role')) {
    const name = JSON.stringify(r.Properties.RoleName);
    add('iamTrustPolicy', name, r.Properties.AssumeRolePolicyDocument);
    add(
      'iamRoleInlinePolicies',
      name,
      (r.Properties.Policies ?? []).map((p) => JSON.stringify(p.PolicyDocument)).join(''),
    );
  }
  for (const r of resources(tf.master, 'aws_iam_role')) {
    add('iamTrustPolicy', String(r.name), resolved(String(r.assume_role_policy)));
  }
  const inlineByRole = new Map<string, string>();
  for (const p of resources(tf.master, 'aws_iam_role_policy')) {
    const role = String(p.role);
    inlineByRole.set(role, (inlineByRole.get(role) ?? '') + resolved(String(p.policy)));
  }
  for (const [role, text] of inlineByRole) add('iamRoleInlinePolicies', role, text);
  for (const r of resources(tf.master, 'aws_cloudwatch_event_rule')) {
    add('eventPattern', String(r.name), resolved(String(r.event_pattern)));
  }
  for (const r of templateResources.filter((x) => x.Type === 'AWS::Events::Rule')) {
    add('eventPattern', 'member forwarding rule', r.Properties.EventPattern);
  }
  for (const p of resources(tf.tagGuard, 'aws_organizations_policy')) {
    add('serviceControlPolicy', String(p.name), String(p.content));
  }
  for (const p of resources(tf.master, 'aws_sqs_queue_policy')) {
    add('sqsQueuePolicy', String(p.queue_url), resolved(String(p.policy)));
  }
  for (const d of resources(tf.master, 'aws_cloudwatch_dashboard')) {
    const body = JSON.parse(resolved(String(d.dashboard_body))) as {
      widgets: { properties: { title: string; metrics: unknown[] } }[];
    };
    for (const w of body.widgets) {
      add(
        'dashboardWidgetMetrics',
        `${d.dashboard_name}: ${w.properties.title}`,
        w.properties.metrics,
      );
    }
    add(
      'dashboardMetrics',
      String(d.dashboard_name),
      body.widgets.flatMap((w) => w.properties.metrics),
    );
  }
  for (const a of resources(tf.master, 'aws_cloudwatch_metric_alarm')) {
    const queries = (a.metric_query ?? []) as { metric?: unknown }[];
    add(
      'metricMathAlarmMetrics',
      String(a.alarm_name),
      queries.filter((q) => q.metric),
    );
  }
  return out;
}

const measured = measureAll();

describe('enterprise organization: what is deployed', () => {
  it('holds 17 regions, 50 OUs, 5,000 accounts and 1,000 OUs with modes, 65 types and 13 rules', () => {
    const types = config.findingTypes['isolate-ec2'].length;
    const all = types + config.findingTypes['block-principal'].length;

    expect([config.regions.length, config.organization.targetOuIds.length]).toEqual([17, 50]);
    expect(Object.keys(config.responseModes.accounts)).toHaveLength(5000);
    expect(Object.keys(config.responseModes.organizationalUnits)).toHaveLength(1000);
    expect([all, config.configRules.length]).toEqual([65, 13]);
  });

  it('ships the response modes and rule map inside the bundle, not in the environment', () => {
    const dir = bundleWithResponseConfig(responseConfigDocument(config));
    const doc = JSON.parse(readFileSync(join(dir, RESPONSE_CONFIG_FILE), 'utf8'));

    expect(Object.keys(doc.responseModes.accounts)).toHaveLength(5000);
    expect(Object.keys(doc.responseModes.organizationalUnits)).toHaveLength(1000);
    expect(Object.keys(doc.configRules)).toHaveLength(13);
    for (const f of resources(tf.master, 'aws_lambda_function')) {
      expect(Object.keys((f.environment as { variables: object }).variables)).not.toContain(
        'RESPONSE_MODES',
      );
    }
  });

  it('enrolls every OU in every region with its own stack-set instance', () => {
    expect(resources(tf.master, 'aws_cloudformation_stack_set_instance')).toHaveLength(50 * 18);
  });

  it('keeps the SCP out of master and puts it in the tag-guard stack', () => {
    expect(resources(tf.master, 'aws_organizations_policy')).toEqual([]);
    expect(resources(tf.tagGuard, 'aws_organizations_policy')).toHaveLength(1);
  });
});

describe('enterprise organization: every AWS size limit holds on the output', () => {
  it.each(Object.keys(AWS_LIMITS) as AwsLimitName[])(
    '%s: measured and within the limit',
    (name) => {
      // Arrange
      const mine = measured.filter((m) => m.limit === name);
      // Act
      const over = mine.filter((m) => m.size > AWS_LIMITS[name].max);
      // Assert: measured at least once, and nothing over.
      expect(mine.length).toBeGreaterThan(0);
      expect(over).toEqual([]);
    },
  );

  it('writes every limit down with the AWS document it comes from', () => {
    for (const limit of Object.values(AWS_LIMITS)) {
      expect(limit.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });
});

describe('enterprise organization: Terraform', () => {
  it.each([
    ['master', master],
    ['service', service],
    ['tag-guard', tagGuard],
  ])('%s is valid Terraform', (_, stack) => {
    expect(Testing.fullSynth(stack)).toBeValidTerraform();
  });
});
