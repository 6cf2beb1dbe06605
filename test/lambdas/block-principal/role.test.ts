import {
  AttachRolePolicyCommand,
  type AttachRolePolicyCommandInput,
  GetRoleCommand,
  type GetRoleCommandInput,
  GetUserCommand,
  PutRolePolicyCommand,
  type PutRolePolicyCommandInput,
} from '@aws-sdk/client-iam';
import { handler } from '../../../lambdas/block-principal';
import { createMocks, inputsOf, undeclaredActions } from '../../support/aws';
import {
  ACCOUNT,
  arrange,
  awsError,
  cutOf,
  DENY_ALL,
  events,
  iamWrites,
  memberCalls,
  onlyOutcome,
  policyOf,
  published,
  ROLE,
  ROLE_ARN,
  stepsOf,
  variant,
} from './support';

const mocks = createMocks();

const ROLE_FINDING = events.role().detail.id;
const USER_APIS = [
  'iam:GetUser',
  'iam:UpdateAccessKey',
  'iam:AttachUserPolicy',
  'iam:PutUserPolicy',
];

/** The role finding with another role name. */
function roleNamed(name: string) {
  return variant(events.role(), (e) => {
    e.detail.resource.accessKeyDetails.userName = name;
  });
}

describe('block-principal: assumed role, DENY_POLICY_ON_ROLES off (default)', () => {
  beforeEach(() => arrange(mocks));

  it('revokes the sessions issued before now with the inline policy only, then records', async () => {
    // Arrange
    const before = Date.now();

    // Act
    const { outcomes } = await handler(events.role());

    // Assert
    const after = Date.now();
    expect(outcomes[0]).toMatchObject({
      status: 'contained',
      resource: ROLE_ARN,
      findingId: ROLE_FINDING,
      findingType: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
    });
    expect(stepsOf(outcomes[0])).toEqual([
      `done iam:PutRolePolicy ${ROLE_ARN}`,
      `done guardduty:ArchiveFindings ${ROLE_FINDING}`,
      `done securityhub:BatchUpdateFindings ${events.role().detail.arn}`,
      `done securityhub:BatchUpdateFindingsV2 ${events.role().detail.arn}`,
    ]);
    expect(inputsOf<GetRoleCommandInput>(mocks.iam, GetRoleCommand)).toEqual([{ RoleName: ROLE }]);
    const puts = inputsOf<PutRolePolicyCommandInput>(mocks.iam, PutRolePolicyCommand);
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({ RoleName: ROLE, PolicyName: 'AWSRevokeOlderSessions' });
    const cut = policyOf(puts[0]).Statement[0]?.Condition.DateLessThan['aws:TokenIssueTime'];
    expect(policyOf(puts[0])).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: ['*'],
          Resource: ['*'],
          Condition: { DateLessThan: { 'aws:TokenIssueTime': cut } },
        },
      ],
    });
    expect(cutOf(puts[0])).toBeGreaterThanOrEqual(before);
    expect(cutOf(puts[0])).toBeLessThanOrEqual(after);
    expect(mocks.iam.commandCalls(AttachRolePolicyCommand)).toHaveLength(0);
    expect(outcomes[0]?.reason).toContain(
      'new sessions of the role still work (DENY_POLICY_ON_ROLES is off)',
    );
    expect(undeclaredActions(mocks, 'block-principal')).toEqual([]);
  });

  it('never calls a user API with the role name', async () => {
    // Act
    await handler(events.role());

    // Assert
    expect(memberCalls(mocks).filter((a) => USER_APIS.includes(a))).toEqual([]);
    expect(mocks.iam.commandCalls(GetUserCommand)).toHaveLength(0);
  });

  it('takes 3 sequential round trips on a cold container: AssumeRole, GetRole, the write', async () => {
    // Arrange
    const trips = arrange(mocks);

    // Act
    await handler(events.role());

    // Assert
    expect(trips.chain).toEqual(['sts:AssumeRole', 'iam:GetRole', 'iam:PutRolePolicy']);
  });
});

describe('block-principal: assumed role, DENY_POLICY_ON_ROLES on', () => {
  it('also attaches the deny policy, in the same round trip as the inline policy', async () => {
    // Arrange
    const trips = arrange(mocks, { env: { DENY_POLICY_ON_ROLES: 'true' } });

    // Act
    const { outcomes } = await handler(events.role());

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(stepsOf(outcomes[0]).slice(0, 2)).toEqual([
      `done iam:AttachRolePolicy ${ROLE_ARN}`,
      `done iam:PutRolePolicy ${ROLE_ARN}`,
    ]);
    expect(inputsOf<AttachRolePolicyCommandInput>(mocks.iam, AttachRolePolicyCommand)).toEqual([
      { RoleName: ROLE, PolicyArn: DENY_ALL },
    ]);
    expect(outcomes[0]?.reason).toContain(`${DENY_ALL} attached`);
    expect(outcomes[0]?.reason).not.toContain('still work');
    expect(trips.chain).toEqual([
      'sts:AssumeRole',
      'iam:GetRole',
      'iam:AttachRolePolicy || iam:PutRolePolicy',
    ]);
  });

  it('attaches the configured DENY_POLICY_ARN', async () => {
    // Arrange
    const custom = `arn:aws:iam::${ACCOUNT}:policy/deny-all-but-logs`;
    arrange(mocks, { env: { DENY_POLICY_ON_ROLES: 'true', DENY_POLICY_ARN: custom } });

    // Act
    await handler(events.role());

    // Assert
    expect(inputsOf<AttachRolePolicyCommandInput>(mocks.iam, AttachRolePolicyCommand)).toEqual([
      { RoleName: ROLE, PolicyArn: custom },
    ]);
  });

  it('plans both writes in dry-run and changes nothing', async () => {
    // Arrange
    arrange(mocks, { env: { DENY_POLICY_ON_ROLES: 'true', DRY_RUN: 'true' } });

    // Act
    const { outcomes } = await handler(events.role());

    // Assert
    expect(outcomes[0]?.status).toBe('dry-run');
    expect(stepsOf(outcomes[0])).toEqual([
      `planned iam:AttachRolePolicy ${ROLE_ARN}`,
      `planned iam:PutRolePolicy ${ROLE_ARN}`,
    ]);
    expect(memberCalls(mocks)).toEqual(['iam:GetRole', 'sts:AssumeRole']);
  });

  it('re-applies both writes on a repeated finding, with a newer revoke time', async () => {
    // Arrange
    arrange(mocks, { env: { DENY_POLICY_ON_ROLES: 'true' } });
    await handler(events.role());
    await new Promise((r) => setTimeout(r, 5));

    // Act
    const { outcomes } = await handler(events.role());

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(mocks.iam.commandCalls(AttachRolePolicyCommand)).toHaveLength(2);
    const [first, second] = inputsOf<PutRolePolicyCommandInput>(mocks.iam, PutRolePolicyCommand);
    expect(cutOf(second)).toBeGreaterThan(cutOf(first));
  });

  it('fails when the inline policy is throttled, keeping the attached deny policy', async () => {
    // Arrange
    arrange(mocks, { env: { DENY_POLICY_ON_ROLES: 'true' } });
    mocks.iam.on(PutRolePolicyCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));

    // Act
    const run = handler(events.role());

    // Assert
    await expect(run).rejects.toMatchObject({ name: 'ResponseFailedError' });
    const outcome = onlyOutcome(mocks);
    expect(outcome.status).toBe('failed');
    expect(stepsOf(outcome)).toEqual([
      `done iam:AttachRolePolicy ${ROLE_ARN}`,
      `failed iam:PutRolePolicy ${ROLE_ARN}`,
    ]);
  });
});

describe('block-principal: roles that are escalated, not blocked', () => {
  it('escalates a service-linked role named AWSServiceRoleFor* with no member-account call', async () => {
    // Arrange
    arrange(mocks);

    // Act
    const { outcomes } = await handler(roleNamed('AWSServiceRoleForSupport'));

    // Assert
    expect(outcomes[0]?.status).toBe('escalated');
    expect(outcomes[0]?.reason).toContain('is a service-linked role');
    expect(memberCalls(mocks)).toEqual([]);
    expect(published(mocks)[0]?.attributes.priority).toBe('high');
  });

  it('escalates a role whose live path is /aws-service-role/, after reading it only', async () => {
    // Arrange
    arrange(mocks, { role: { path: '/aws-service-role/support.amazonaws.com/' } });

    // Act
    const { outcomes } = await handler(events.role());

    // Assert
    expect(outcomes[0]?.status).toBe('escalated');
    expect(outcomes[0]?.reason).toContain(
      `arn:aws:iam::${ACCOUNT}:role/aws-service-role/support.amazonaws.com/${ROLE} is a service-linked role`,
    );
    expect(iamWrites(mocks)).toEqual([]);
  });

  it.each([
    ['the member role', 'Security-IR-Role'],
    ['the automation role', 'Security-IR-Automation-Role'],
  ])(
    'escalates %s of the incident response itself, with no member-account call',
    async (_c, name) => {
      // Arrange
      arrange(mocks);

      // Act
      const { outcomes } = await handler(roleNamed(name));

      // Assert
      expect(outcomes[0]?.status).toBe('escalated');
      expect(outcomes[0]?.reason).toContain('is a role of the incident response itself');
      expect(memberCalls(mocks)).toEqual([]);
    },
  );
});

describe('block-principal: exception tag on the role', () => {
  it.each([
    ['SecurityException', 'SEC-42'],
    ['SECURITYEXCEPTION', 'SEC-42;expires=2099-01-01'],
  ])('skips the role tagged %s and writes nothing', async (key, value) => {
    // Arrange
    arrange(mocks, {
      env: { DENY_POLICY_ON_ROLES: 'true' },
      role: { tags: [{ Key: key, Value: value }] },
    });

    // Act
    const { outcomes } = await handler(events.role());

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'skipped', exception: { key, ticket: 'SEC-42' } });
    expect(outcomes[0]?.reason).toContain(`${ROLE_ARN} carries the exception tag ${key}=`);
    expect(iamWrites(mocks)).toEqual([]);
  });
});

describe('block-principal: AWS errors on a role', () => {
  it('fails closed when GetRole is denied: no write', async () => {
    // Arrange
    arrange(mocks);
    mocks.iam.on(GetRoleCommand).rejects(awsError('AccessDenied'));

    // Act
    const run = handler(events.role());

    // Assert
    await expect(run).rejects.toMatchObject({ name: 'ResponseFailedError' });
    const outcome = onlyOutcome(mocks);
    expect(outcome).toMatchObject({ status: 'failed', steps: [] });
    expect(outcome.reason).toContain(`cannot read the tags of ${ROLE_ARN}: AccessDenied`);
    expect(iamWrites(mocks)).toEqual([]);
  });

  it('fails with a clear reason when the role does not exist in the account', async () => {
    // Arrange
    arrange(mocks);
    mocks.iam.on(GetRoleCommand).rejects(awsError('NoSuchEntityException'));

    // Act
    const run = handler(events.role());

    // Assert
    await expect(run).rejects.toMatchObject({ name: 'ResponseFailedError' });
    const outcome = onlyOutcome(mocks);
    expect(outcome.reason).toContain(`IAM role ${ROLE} does not exist in account ${ACCOUNT}`);
    expect(outcome.reason).toContain('a role of another account');
    expect(iamWrites(mocks)).toEqual([]);
  });
});
