import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { Op, TerraformVariable, Testing } from 'cdktf';
// The matchers' types (test/setup.ts installs them at run time).
import type {} from 'cdktf/lib/testing/adapters/jest';
import type { PolicyDocument } from '../../modules/shared/policy';
import { tagGuardPolicy } from '../../modules/shared/tag-guard-policy';
import { TagGuard, type TagGuardProps } from '../../modules/tag-guard';

type Resource = Readonly<Record<string, unknown>>;
interface Synthesized {
  readonly resource: Readonly<Record<string, Readonly<Record<string, Resource>>>>;
}

const ADMINS = ['arn:aws:iam::*:role/ExceptionAdmin', 'arn:aws:iam::*:role/SecOps*'];

const DEFAULT_PROPS: TagGuardProps = {
  prefix: 'acme-ir',
  exceptionTagKey: 'ApprovedDeviation',
  adminPrincipalArns: ADMINS,
  targetIds: ['r-ab12'],
};

function synth(overrides: Partial<TagGuardProps> = {}) {
  const json = Testing.synthScope((scope) => {
    new TagGuard(scope, 'guard', { ...DEFAULT_PROPS, ...overrides });
  });
  return { json, parsed: JSON.parse(json) as Synthesized };
}

const policies = (parsed: Synthesized): Resource[] =>
  Object.values(parsed.resource.aws_organizations_policy ?? {});
const attachments = (parsed: Synthesized): Resource[] =>
  Object.values(parsed.resource.aws_organizations_policy_attachment ?? {});

describe('tag guard construct: the SCP', () => {
  const { json, parsed } = synth();
  const [scp] = policies(parsed);
  const content = JSON.parse(String(scp?.content)) as PolicyDocument;

  it('is one service control policy named after the prefix', () => {
    // Assert
    expect(policies(parsed)).toHaveLength(1);
    expect(json).toHaveResourceWithProperties(OrganizationsPolicy, {
      name: 'acme-ir-exception-tag-guard',
      type: 'SERVICE_CONTROL_POLICY',
      description: 'Only exception admins may add, change or remove the ApprovedDeviation tag',
    });
  });

  it('carries the tag-guard document for the given key and admins, unchanged', () => {
    // Assert
    expect(content).toEqual(
      tagGuardPolicy({ exceptionTagKey: 'ApprovedDeviation', adminPrincipalArns: ADMINS }),
    );
  });

  it('denies changes of the exception key, in any letter case, to everyone but the admins', () => {
    // Assert
    const tagChanges = content.Statement.find((s) => s.Sid === 'DenyExceptionTagChanges');
    expect(tagChanges).toEqual({
      Sid: 'DenyExceptionTagChanges',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: {
        'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': ['ApprovedDeviation'] },
        ArnNotLike: { 'aws:PrincipalArn': ADMINS },
      },
    });
  });

  it('only denies, and exempts the admins from every statement', () => {
    // Assert
    expect(content.Statement.map((s) => s.Effect)).toEqual(['Deny', 'Deny']);
    for (const statement of content.Statement) {
      expect(statement.Condition?.ArnNotLike).toEqual({ 'aws:PrincipalArn': ADMINS });
    }
  });

  it('has no lifecycle when no precondition is given', () => {
    // Assert
    expect(scp?.lifecycle).toBeUndefined();
    expect(policies(synth({ precondition: [] }).parsed)[0]?.lifecycle).toBeUndefined();
  });

  it('passes the preconditions through to the policy, checked before it is created', () => {
    // Arrange: a plan-time check on a variable, as the stack compares the caller's account.
    const json = Testing.synthScope((scope) => {
      const caller = new TerraformVariable(scope, 'caller', { type: 'string' });
      // Act
      new TagGuard(scope, 'guard', {
        ...DEFAULT_PROPS,
        precondition: [
          {
            condition: Op.eq(caller.stringValue, '111111111111'),
            errorMessage: 'run from the management account',
          },
        ],
      });
    });

    // Assert
    const [scp] = policies(JSON.parse(json) as Synthesized);
    expect(scp?.lifecycle).toEqual({
      precondition: [
        {
          condition: expect.stringMatching(/^\$\{\(var\.caller == "111111111111"\)\}$/),
          error_message: 'run from the management account',
        },
      ],
    });
  });
});

describe('tag guard construct: attachments', () => {
  it('attaches the policy once to each given target', () => {
    // Arrange
    const targetIds = ['ou-ab12-11111111', 'ou-ab12-22222222', 'ou-ab12-33333333'];

    // Act
    const { json, parsed } = synth({ targetIds });

    // Assert
    expect(attachments(parsed).map((a) => a.target_id)).toEqual(targetIds);
    expect(json).toHaveResourceWithProperties(OrganizationsPolicyAttachment, {
      target_id: 'ou-ab12-22222222',
    });
    for (const attachment of attachments(parsed)) {
      expect(attachment.policy_id).toMatch(
        /^\$\{aws_organizations_policy\.guard_policy_[A-Z0-9]+\.id\}$/,
      );
    }
  });

  it('creates the policy without attachments when no target is given', () => {
    // Act
    const { parsed } = synth({ targetIds: [] });

    // Assert
    expect(policies(parsed)).toHaveLength(1);
    expect(attachments(parsed)).toEqual([]);
  });
});
