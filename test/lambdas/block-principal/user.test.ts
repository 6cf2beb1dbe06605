import { ArchiveFindingsCommand } from '@aws-sdk/client-guardduty';
import {
  AttachUserPolicyCommand,
  type AttachUserPolicyCommandInput,
  GetRoleCommand,
  GetUserCommand,
  type GetUserCommandInput,
  PutUserPolicyCommand,
  type PutUserPolicyCommandInput,
  UpdateAccessKeyCommand,
  type UpdateAccessKeyCommandInput,
} from '@aws-sdk/client-iam';
import { ListParentsCommand } from '@aws-sdk/client-organizations';
import { BatchUpdateFindingsCommand } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { handler } from '../../../lambdas/block-principal';
import { inPartition } from '../../../lambdas/block-principal/contain';
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
  stepsOf,
  USER,
  USER_ARN,
  USER_FINDING,
  USER_KEY,
  variant,
} from './support';

const mocks = createMocks();

const CONTAIN_STEPS = [
  `done iam:UpdateAccessKey ${USER_KEY}`,
  `done iam:AttachUserPolicy ${USER_ARN}`,
  `done iam:PutUserPolicy ${USER_ARN}`,
];
const RECORD_STEPS = [
  `done guardduty:ArchiveFindings ${USER_FINDING}`,
  `done securityhub:BatchUpdateFindings ${events.user().detail.arn}`,
  // The new Security Hub's OCSF copy of the same GuardDuty finding.
  `done securityhub:BatchUpdateFindingsV2 ${events.user().detail.arn}`,
];

describe('block-principal: IAM user', () => {
  beforeEach(() => arrange(mocks));

  it('deactivates the key, attaches the deny policy and revokes older sessions, then records', async () => {
    // Arrange
    const before = Date.now();

    // Act
    const { outcomes } = await handler(events.user());

    // Assert
    const after = Date.now();
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({
      responder: 'block-principal',
      status: 'contained',
      mode: 'contain',
      accountId: ACCOUNT,
      region: 'eu-west-1',
      resource: USER_ARN,
      findingId: USER_FINDING,
      findingType: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
    });
    expect(stepsOf(outcomes[0])).toEqual([...CONTAIN_STEPS, ...RECORD_STEPS]);
    expect(outcomes[0]?.reason).toMatch(
      new RegExp(
        `^blocked IAM user ${USER_ARN}: access key ${USER_KEY} deactivated; ${DENY_ALL} attached; sessions issued before \\S+ revoked \\(AWSRevokeOlderSessions\\)$`,
      ),
    );
    expect(inputsOf<GetUserCommandInput>(mocks.iam, GetUserCommand)).toEqual([{ UserName: USER }]);
    expect(inputsOf<UpdateAccessKeyCommandInput>(mocks.iam, UpdateAccessKeyCommand)).toEqual([
      { UserName: USER, AccessKeyId: USER_KEY, Status: 'Inactive' },
    ]);
    expect(inputsOf<AttachUserPolicyCommandInput>(mocks.iam, AttachUserPolicyCommand)).toEqual([
      { UserName: USER, PolicyArn: DENY_ALL },
    ]);
    const puts = inputsOf<PutUserPolicyCommandInput>(mocks.iam, PutUserPolicyCommand);
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({ UserName: USER, PolicyName: 'AWSRevokeOlderSessions' });
    expect(cutOf(puts[0])).toBeGreaterThanOrEqual(before);
    expect(cutOf(puts[0])).toBeLessThanOrEqual(after);
    expect(undeclaredActions(mocks, 'block-principal')).toEqual([]);
  });

  it('writes the revoke-sessions policy as one Deny of everything issued before now', async () => {
    // Act
    await handler(events.user());

    // Assert
    const [put] = inputsOf<PutUserPolicyCommandInput>(mocks.iam, PutUserPolicyCommand);
    const document = policyOf(put);
    const cut = document.Statement[0]?.Condition.DateLessThan['aws:TokenIssueTime'];
    expect(document).toEqual({
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
    expect(cut).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('never calls a role API for a user', async () => {
    // Act
    await handler(events.user());

    // Assert
    expect(mocks.iam.commandCalls(GetRoleCommand)).toHaveLength(0);
    expect(iamWrites(mocks).filter((a) => /Role/.test(a))).toEqual([]);
  });

  it('takes 3 sequential round trips on a cold container: AssumeRole, GetUser, every write at once', async () => {
    // Arrange
    const trips = arrange(mocks);

    // Act
    await handler(events.user());

    // Assert
    expect(trips.chain).toEqual([
      'sts:AssumeRole',
      'iam:GetUser',
      'iam:AttachUserPolicy || iam:PutUserPolicy || iam:UpdateAccessKey',
    ]);
  });

  it('attaches the configured DENY_POLICY_ARN instead of AWSDenyAll', async () => {
    // Arrange
    const custom = `arn:aws:iam::${ACCOUNT}:policy/security-ir/deny-everything`;
    arrange(mocks, { env: { DENY_POLICY_ARN: custom } });

    // Act
    const { outcomes } = await handler(events.user());

    // Assert
    expect(inputsOf<AttachUserPolicyCommandInput>(mocks.iam, AttachUserPolicyCommand)).toEqual([
      { UserName: USER, PolicyArn: custom },
    ]);
    expect(outcomes[0]?.reason).toContain(`${custom} attached`);
  });
});

describe('block-principal: the access key of an IAM user finding', () => {
  beforeEach(() => arrange(mocks));

  it.each([
    ['a temporary ASIA key', 'ASIAEXAMPLESESSION9Z', 'is a temporary session key'],
    [
      "GuardDuty's generated placeholder",
      'GeneratedFindingAccessKeyId',
      "GuardDuty's placeholder key id",
    ],
  ])('deactivates no key for %s, says why, and still blocks the user', async (_case, key, note) => {
    // Arrange
    const event = variant(events.user(), (e) => {
      e.detail.resource.accessKeyDetails.accessKeyId = key;
    });

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(mocks.iam.commandCalls(UpdateAccessKeyCommand)).toHaveLength(0);
    expect(iamWrites(mocks)).toEqual(['iam:AttachUserPolicy', 'iam:PutUserPolicy']);
    expect(outcomes[0]?.reason).toContain(note);
    expect(stepsOf(outcomes[0]).slice(0, 2)).toEqual([
      `done iam:AttachUserPolicy ${USER_ARN}`,
      `done iam:PutUserPolicy ${USER_ARN}`,
    ]);
  });

  it('blocks the user and says so when the finding names no key', async () => {
    // Arrange
    const event = variant(events.user(), (e) => {
      const { accessKeyId: _dropped, ...rest } = e.detail.resource.accessKeyDetails;
      Object.assign(e.detail.resource, { accessKeyDetails: rest });
    });

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(outcomes[0]?.reason).toContain('the finding names no access key');
    expect(iamWrites(mocks)).toEqual(['iam:AttachUserPolicy', 'iam:PutUserPolicy']);
  });
});

describe('block-principal: exception tag on the user', () => {
  it.each([
    ['the configured key', 'SecurityException', 'SEC-1234;expires=2099-12-31', false],
    ['a letter-case variant of the key', 'securityEXCEPTION', 'SEC-1234', false],
    ['an expired value', 'SecurityException', 'SEC-1234;expires=2020-01-31', true],
  ])('skips the user carrying %s and changes nothing', async (_case, key, value, expired) => {
    // Arrange
    arrange(mocks, { user: { tags: [{ Key: key, Value: value }] } });

    // Act
    const { outcomes } = await handler(events.user());

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'skipped',
      exception: { key, value, ticket: 'SEC-1234', expired },
    });
    expect(outcomes[0]?.reason).toContain(`${USER_ARN} carries the exception tag ${key}=`);
    if (expired) expect(outcomes[0]?.reason).toContain('expired on 2020-01-31');
    expect(iamWrites(mocks)).toEqual([]);
    expect(mocks.guardduty.commandCalls(ArchiveFindingsCommand)).toHaveLength(0);
    expect(undeclaredActions(mocks, 'block-principal')).toEqual([]);
  });
});

describe('block-principal: dry-run', () => {
  it('reads the user, plans every write and changes nothing', async () => {
    // Arrange
    arrange(mocks, { env: { DRY_RUN: 'true' } });

    // Act
    const { outcomes } = await handler(events.user());

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'dry-run', mode: 'dry-run' });
    expect(stepsOf(outcomes[0])).toEqual(CONTAIN_STEPS.map((s) => s.replace('done', 'planned')));
    expect(outcomes[0]?.reason).toMatch(/^would block IAM user .*; nothing changed$/);
    expect(memberCalls(mocks)).toEqual(['iam:GetUser', 'sts:AssumeRole']);
    expect(mocks.guardduty.calls()).toHaveLength(0);
    expect(mocks.securityhub.calls()).toHaveLength(0);
  });

  it('follows an OU configured for dry-run', async () => {
    // Arrange
    arrange(mocks, {
      env: {
        RESPONSE_MODES: JSON.stringify({
          default: 'contain',
          accounts: {},
          organizationalUnits: { 'ou-ab12-cd34ef56': 'dry-run' },
        }),
      },
    });
    mocks.organizations
      .on(ListParentsCommand, { ChildId: ACCOUNT })
      .resolves({ Parents: [{ Id: 'ou-ab12-cd34ef56', Type: 'ORGANIZATIONAL_UNIT' }] });
    mocks.organizations
      .on(ListParentsCommand, { ChildId: 'ou-ab12-cd34ef56' })
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });

    // Act
    const { outcomes } = await handler(events.user());

    // Assert
    expect(outcomes[0]?.status).toBe('dry-run');
    expect(iamWrites(mocks)).toEqual([]);
  });

  it('ignores the finding of an account whose mode is off, with no member-account call', async () => {
    // Arrange
    arrange(mocks, {
      env: {
        RESPONSE_MODES: JSON.stringify({
          default: 'contain',
          accounts: { [ACCOUNT]: 'off' },
          organizationalUnits: {},
        }),
      },
    });

    // Act
    const { outcomes } = await handler(events.user());

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'ignored', mode: 'off' });
    expect(memberCalls(mocks)).toEqual([]);
  });
});

describe('block-principal: repeated finding', () => {
  it('re-applies the idempotent writes, with a newer revoke time, and is contained again', async () => {
    // Arrange
    arrange(mocks);
    await handler(events.user());
    await new Promise((r) => setTimeout(r, 5));

    // Act
    const { outcomes } = await handler(events.user());

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(stepsOf(outcomes[0]).slice(0, 3)).toEqual(CONTAIN_STEPS);
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    const attaches = inputsOf<AttachUserPolicyCommandInput>(mocks.iam, AttachUserPolicyCommand);
    expect(attaches).toEqual([
      { UserName: USER, PolicyArn: DENY_ALL },
      { UserName: USER, PolicyArn: DENY_ALL },
    ]);
    const [first, second] = inputsOf<PutUserPolicyCommandInput>(mocks.iam, PutUserPolicyCommand);
    expect(second?.PolicyName).toBe(first?.PolicyName);
    expect(cutOf(second)).toBeGreaterThan(cutOf(first));
    expect(mocks.iam.commandCalls(UpdateAccessKeyCommand)).toHaveLength(2);
  });
});

describe('block-principal: AWS errors on a user', () => {
  it.each([
    ['AccessDenied', 'AccessDeniedException'],
    ['throttling after retries', 'ThrottlingException'],
  ])('fails closed when GetUser fails (%s): no write, reported failed', async (_case, name) => {
    // Arrange
    arrange(mocks);
    mocks.iam.on(GetUserCommand).rejects(awsError(name));

    // Act
    const run = handler(events.user());

    // Assert
    await expect(run).rejects.toMatchObject({ name: 'ResponseFailedError' });
    const outcome = onlyOutcome(mocks);
    expect(outcome).toMatchObject({ status: 'failed', resource: USER_ARN, steps: [] });
    expect(outcome.reason).toContain(`cannot read the tags of ${USER_ARN}: ${name}`);
    expect(outcome.reason).toContain('not acting');
    expect(iamWrites(mocks)).toEqual([]);
    expect(published(mocks)[0]?.attributes.priority).toBe('high');
  });

  it('fails with a clear reason when the user no longer exists', async () => {
    // Arrange
    arrange(mocks);
    mocks.iam.on(GetUserCommand).rejects(awsError('NoSuchEntityException'));

    // Act
    const run = handler(events.user());

    // Assert
    await expect(run).rejects.toMatchObject({ name: 'ResponseFailedError' });
    const outcome = onlyOutcome(mocks);
    expect(outcome.status).toBe('failed');
    expect(outcome.reason).toBe(
      `IAM user ${USER} does not exist in account ${ACCOUNT} (deleted or renamed since the ` +
        'finding?); nothing was blocked: check CloudTrail for the user',
    );
    expect(iamWrites(mocks)).toEqual([]);
  });

  it('fails when a write is throttled, keeping the writes that succeeded', async () => {
    // Arrange
    arrange(mocks);
    mocks.iam.on(AttachUserPolicyCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));

    // Act
    const run = handler(events.user());

    // Assert
    await expect(run).rejects.toMatchObject({ name: 'ResponseFailedError' });
    const outcome = onlyOutcome(mocks);
    expect(outcome.status).toBe('failed');
    expect(stepsOf(outcome)).toEqual([
      `done iam:UpdateAccessKey ${USER_KEY}`,
      `failed iam:AttachUserPolicy ${USER_ARN}`,
      `done iam:PutUserPolicy ${USER_ARN}`,
    ]);
    expect(outcome.reason).toContain(
      `blocking ${USER_ARN} is incomplete: iam:AttachUserPolicy failed (ThrottlingException: Rate exceeded)`,
    );
    expect(mocks.guardduty.commandCalls(ArchiveFindingsCommand)).toHaveLength(0);
    expect(mocks.securityhub.commandCalls(BatchUpdateFindingsCommand)).toHaveLength(0);
  });

  it('fails when the member role cannot be assumed, writing nothing', async () => {
    // Arrange
    arrange(mocks);
    mocks.sts.on(AssumeRoleCommand).rejects(awsError('AccessDenied'));

    // Act
    const run = handler(events.user());

    // Assert
    await expect(run).rejects.toMatchObject({ name: 'ResponseFailedError' });
    expect(onlyOutcome(mocks).reason).toContain(`cannot assume arn:aws:iam::${ACCOUNT}:role/`);
    expect(iamWrites(mocks)).toEqual([]);
  });
});

describe('block-principal: partitions', () => {
  it('names the AWS-managed deny policy in the partition of the finding region', () => {
    expect(inPartition('arn:aws:iam::aws:policy/AWSDenyAll', 'cn-north-1')).toBe(
      'arn:aws-cn:iam::aws:policy/AWSDenyAll',
    );
    expect(inPartition('arn:aws:iam::aws:policy/AWSDenyAll', 'us-gov-west-1')).toBe(
      'arn:aws-us-gov:iam::aws:policy/AWSDenyAll',
    );
    expect(inPartition('arn:aws:iam::aws:policy/AWSDenyAll', 'eu-west-1')).toBe(
      'arn:aws:iam::aws:policy/AWSDenyAll',
    );
    expect(inPartition('arn:aws:iam::123456789012:policy/OurDeny', 'cn-north-1')).toBe(
      'arn:aws:iam::123456789012:policy/OurDeny',
    );
  });
});
