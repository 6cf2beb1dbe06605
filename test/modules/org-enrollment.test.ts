import { CloudformationStackSet } from '@cdktf/provider-aws/lib/cloudformation-stack-set';
import { CloudformationStackSetInstance } from '@cdktf/provider-aws/lib/cloudformation-stack-set-instance';
import { Testing } from 'cdktf';
// The matchers' types (test/setup.ts installs them at run time).
import type {} from 'cdktf/lib/testing/adapters/jest';
import { parseConfig } from '../../modules/config/load';
import { globalMemberTemplate, regionalMemberTemplate } from '../../modules/member-templates';
import {
  OrgEnrollment,
  type OrgEnrollmentProps,
  stackSetTimeoutMinutes,
} from '../../modules/org-enrollment';
import { templateBody } from '../../modules/shared/cfn';
import { fromTerraformString } from '../support/cfn';

interface Synthesized {
  readonly resource: Readonly<
    Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>
  >;
}

/** Small stand-in templates: the construct deploys whatever bodies it is given. */
const GLOBAL_BODY = JSON.stringify({ Resources: { Role: { Type: 'AWS::IAM::Role' } } });
const REGIONAL_BODY = JSON.stringify({ Resources: { Rule: { Type: 'AWS::Events::Rule' } } });

const DEFAULT_PROPS: OrgEnrollmentProps = {
  namePrefix: 'security-ir',
  globalTemplateBody: GLOBAL_BODY,
  regionalTemplateBody: REGIONAL_BODY,
  homeRegion: 'us-east-1',
  regions: ['us-east-1'],
  targetOuIds: [],
  rootId: 'r-ab12',
  accountCount: 100,
  callAs: 'DELEGATED_ADMIN',
  securityAccountId: '111122223333',
};

function synth(overrides: Partial<OrgEnrollmentProps> = {}) {
  const json = Testing.synthScope((scope) => {
    new OrgEnrollment(scope, 'enrollment', { ...DEFAULT_PROPS, ...overrides });
  });
  return { json, parsed: JSON.parse(json) as Synthesized };
}

const instancesOf = (parsed: Synthesized) =>
  Object.values(parsed.resource.aws_cloudformation_stack_set_instance);
const setsOf = (parsed: Synthesized) => parsed.resource.aws_cloudformation_stack_set;

describe('org enrollment: stack sets', () => {
  const { json, parsed } = synth();

  it.each([
    ['global', 'security-ir-member-global'],
    ['regional', 'security-ir-member-regional'],
  ])('creates the %s stack set as a service-managed, auto-deploying set', (_, name) => {
    expect(json).toHaveResourceWithProperties(CloudformationStackSet, {
      name,
      permission_model: 'SERVICE_MANAGED',
      auto_deployment: { enabled: true, retain_stacks_on_account_removal: false },
      call_as: 'DELEGATED_ADMIN',
      capabilities: ['CAPABILITY_NAMED_IAM'],
      managed_execution: { active: true },
      operation_preferences: {
        failure_tolerance_percentage: 10,
        max_concurrent_percentage: 100,
        region_concurrency_type: 'PARALLEL',
      },
      parameters: { SecurityAccountId: '111122223333' },
      lifecycle: { ignore_changes: ['administration_role_arn'] },
    });
  });

  it('deploys the bodies it is given, each in its own set', () => {
    const sets = Object.values(setsOf(parsed));
    const bodyOf = (name: string) => sets.find((s) => s.name === name)?.template_body;
    expect(bodyOf('security-ir-member-global')).toBe(GLOBAL_BODY);
    expect(bodyOf('security-ir-member-regional')).toBe(REGIONAL_BODY);
  });

  it('carries the real member templates escaped for Terraform and unchanged for CloudFormation', () => {
    // Arrange
    const config = parseConfig({});
    const { parsed: real } = synth({
      globalTemplateBody: templateBody(globalMemberTemplate(config)),
      regionalTemplateBody: templateBody(regionalMemberTemplate(config)),
    });
    const sets = Object.values(setsOf(real));
    const bodyOf = (name: string) => String(sets.find((s) => s.name === name)?.template_body);
    // Act
    const global = JSON.parse(fromTerraformString(bodyOf('security-ir-member-global')));
    const regional = JSON.parse(fromTerraformString(bodyOf('security-ir-member-regional')));
    // Assert
    expect(global).toEqual(globalMemberTemplate(config));
    expect(regional).toEqual(regionalMemberTemplate(config));
    expect(bodyOf('security-ir-member-global')).not.toMatch(/[^$]\$\{AWS::/);
  });

  it('names the sets after the prefix', () => {
    const { json: named } = synth({ namePrefix: 'acme-ir' });
    expect(named).toHaveResourceWithProperties(CloudformationStackSet, {
      name: 'acme-ir-member-global',
    });
    expect(named).toHaveResourceWithProperties(CloudformationStackSet, {
      name: 'acme-ir-member-regional',
    });
  });

  it('uses the configured call_as', () => {
    const { json: self } = synth({ callAs: 'SELF' });
    expect(self).toHaveResourceWithProperties(CloudformationStackSet, { call_as: 'SELF' });
    expect(self).toHaveResourceWithProperties(CloudformationStackSetInstance, { call_as: 'SELF' });
    expect(self).not.toHaveResourceWithProperties(CloudformationStackSet, {
      call_as: 'DELEGATED_ADMIN',
    });
  });
});

describe('org enrollment: instances', () => {
  it('deploys the global set in the home region only and the regional set in every enrolled region', () => {
    // Arrange / Act
    const { parsed } = synth({
      homeRegion: 'eu-west-1',
      regions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
    });
    // Assert
    const instances = instancesOf(parsed);
    const global = instances.filter((i) => String(i.stack_set_name).includes('enrollment_global_'));
    const regional = instances.filter((i) =>
      String(i.stack_set_name).includes('enrollment_regional_'),
    );
    expect(global.map((i) => i.region)).toEqual(['eu-west-1']);
    expect(regional.map((i) => i.region).sort()).toEqual([
      'ap-southeast-2',
      'eu-west-1',
      'us-east-1',
    ]);
  });

  it('targets the root when no OU is configured', () => {
    const { json } = synth();
    expect(json).toHaveResourceWithProperties(CloudformationStackSetInstance, {
      deployment_targets: { organizational_unit_ids: ['r-ab12'] },
      call_as: 'DELEGATED_ADMIN',
      retain_stack: false,
      operation_preferences: {
        concurrency_mode: 'SOFT_FAILURE_TOLERANCE',
        failure_tolerance_percentage: 10,
        max_concurrent_percentage: 100,
        region_concurrency_type: 'PARALLEL',
      },
    });
  });

  it('targets each configured OU with its own instances instead of the root', () => {
    const ous = ['ou-ab12-11111111', 'ou-ab12-22222222'];
    const { parsed } = synth({ targetOuIds: ous });
    expect(
      instancesOf(parsed)
        .map((i) => JSON.stringify(i.deployment_targets))
        .sort(),
    ).toEqual(
      [ous[0], ous[0], ous[1], ous[1]].map((ou) => `{"organizational_unit_ids":["${ou}"]}`),
    );
  });

  it('keeps the instances of the other OUs when an OU is added (no replacement of the rest)', () => {
    // Arrange
    const before = ['ou-ab12-11111111', 'ou-ab12-22222222'];
    const after = [...before, 'ou-ab12-33333333'];
    const idsOf = (ous: string[]) =>
      Object.entries(
        synth({ targetOuIds: ous, regions: ['us-east-1', 'eu-west-1'] }).parsed.resource
          .aws_cloudformation_stack_set_instance,
      ).map(([id, i]) => `${id} ${JSON.stringify(i.deployment_targets)} ${i.region}`);
    // Act
    const [old, next] = [idsOf(before), idsOf(after)];
    // Assert: every old resource is still there with the same arguments; 3 are new.
    expect(next).toEqual(expect.arrayContaining(old));
    expect(next.length - old.length).toBe(3);
  });

  it('orders nothing between the global and the regional instances: each template stands alone', () => {
    const { parsed } = synth({ regions: ['us-east-1', 'eu-west-1'] });
    for (const instance of instancesOf(parsed)) expect(instance.depends_on).toBeUndefined();
  });

  it('sizes the operation timeouts to accounts × regions', () => {
    // Arrange / Act
    const { parsed } = synth({
      accountCount: 5000,
      regions: ['us-east-1', 'eu-west-1', 'eu-central-1'],
    });
    // Assert: 30 minutes plus one per 100 stack instances.
    expect(stackSetTimeoutMinutes(5000, 3)).toBe(180);
    expect(stackSetTimeoutMinutes(1, 1)).toBe(31);
    for (const i of instancesOf(parsed)) {
      expect(i.timeouts).toEqual({ create: '180m', update: '180m', delete: '180m' });
    }
    for (const s of Object.values(setsOf(parsed))) expect(s.timeouts).toEqual({ update: '180m' });
  });
});
