import { runSimulation } from '@cloud-copilot/iam-simulate';
import { tagGuardPolicy } from '../../modules/shared/tag-guard-policy';

// Arrange (shared): the SCP attached at the root above a member account with admin rights.
const MEMBER = '444455556666';
const ADMIN = `arn:aws:iam::${MEMBER}:role/ExceptionAdmin`;
const DEVELOPER = `arn:aws:iam::${MEMBER}:role/Developer`;
const INSTANCE = `arn:aws:ec2:eu-west-1:${MEMBER}:instance/i-0123456789abcdef0`;
const BUCKET = 'arn:aws:s3:::evidence-bucket';
const scp = tagGuardPolicy({
  exceptionTagKey: 'SecurityException',
  adminPrincipalArns: ['arn:aws:iam::*:role/ExceptionAdmin'],
});
const allowAll = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

async function request(
  principalArn: string,
  action: string,
  resource: string,
  context: Record<string, string | string[]> = {},
): Promise<string> {
  const result = await runSimulation(
    {
      identityPolicies: [{ name: 'administrator', policy: allowAll }],
      serviceControlPolicies: [
        {
          orgIdentifier: 'r-ab12',
          policies: [
            { name: 'FullAWSAccess', policy: allowAll },
            { name: 'exception-tag-guard', policy: scp },
          ],
        },
      ],
      resourceControlPolicies: [],
      request: {
        principal: principalArn
          .replace(':iam::', ':sts::')
          .replace(':role/', ':assumed-role/')
          .concat('/s'),
        action,
        resource: { resource, accountId: MEMBER },
        contextVariables: { 'aws:PrincipalArn': principalArn, ...context },
      },
    },
    {},
  );
  return result.resultType === 'error' ? `error: ${result.errors.message}` : result.overallResult;
}

describe('tag guard SCP: a developer principal', () => {
  it.each([
    ['adds the key', 'ec2:CreateTags', ['SecurityException']],
    ['adds the key in another letter case', 'ec2:CreateTags', ['securityexception']],
    ['changes the key (CreateTags overwrites)', 'ec2:CreateTags', ['Owner', 'SecurityException']],
    ['removes the key', 'ec2:DeleteTags', ['SecurityException']],
    ['launches an instance already carrying the key', 'ec2:RunInstances', ['SecurityException']],
  ])('cannot do it when it %s', async (_what, action, keys) => {
    expect(await request(DEVELOPER, action, INSTANCE, { 'aws:TagKeys': keys })).toBe(
      'ExplicitlyDenied',
    );
  });

  it('can still add and remove other tag keys', async () => {
    expect(await request(DEVELOPER, 'ec2:CreateTags', INSTANCE, { 'aws:TagKeys': ['Owner'] })).toBe(
      'Allowed',
    );
    expect(await request(DEVELOPER, 'ec2:DeleteTags', INSTANCE, { 'aws:TagKeys': ['Owner'] })).toBe(
      'Allowed',
    );
  });

  it('cannot replace a bucket tag set or switch bucket ABAC, which expose no keys', async () => {
    expect(await request(DEVELOPER, 's3:PutBucketTagging', BUCKET)).toBe('ExplicitlyDenied');
    expect(await request(DEVELOPER, 's3:PutBucketAbac', BUCKET)).toBe('ExplicitlyDenied');
  });

  it('cannot tag IAM users and roles with the key', async () => {
    const role = `arn:aws:iam::${MEMBER}:role/app`;
    expect(
      await request(DEVELOPER, 'iam:TagRole', role, { 'aws:TagKeys': ['SecurityException'] }),
    ).toBe('ExplicitlyDenied');
    expect(
      await request(DEVELOPER, 'iam:UntagRole', role, { 'aws:TagKeys': ['SecurityException'] }),
    ).toBe('ExplicitlyDenied');
  });
});

describe('tag guard SCP: an exception admin', () => {
  it('adds, changes and removes the key', async () => {
    expect(
      await request(ADMIN, 'ec2:CreateTags', INSTANCE, { 'aws:TagKeys': ['SecurityException'] }),
    ).toBe('Allowed');
    expect(
      await request(ADMIN, 'ec2:DeleteTags', INSTANCE, { 'aws:TagKeys': ['SecurityException'] }),
    ).toBe('Allowed');
  });

  it('tags buckets and enables bucket ABAC', async () => {
    expect(await request(ADMIN, 's3:PutBucketTagging', BUCKET)).toBe('Allowed');
    expect(await request(ADMIN, 's3:PutBucketAbac', BUCKET)).toBe('Allowed');
  });
});
