import {
  ArchiveFindingsCommand,
  type ArchiveFindingsCommandInput,
} from '@aws-sdk/client-guardduty';
import {
  AttachUserPolicyCommand,
  type AttachUserPolicyCommandInput,
  GetRoleCommand,
  type GetRoleCommandInput,
  GetUserCommand,
  type GetUserCommandInput,
  PutRolePolicyCommand,
  type PutRolePolicyCommandInput,
  UpdateAccessKeyCommand,
  type UpdateAccessKeyCommandInput,
} from '@aws-sdk/client-iam';
import {
  BatchUpdateFindingsCommand,
  type BatchUpdateFindingsCommandInput,
} from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { handler } from '../../../lambdas/block-principal';
import { createMocks, inputsOf, undeclaredActions } from '../../support/aws';
import {
  arrange,
  DENY_ALL,
  events,
  iamWrites,
  memberCalls,
  stepsOf,
  USER,
  USER_KEY,
  variant,
} from './support';

const mocks = createMocks();

const OTHER_ACCOUNT = '444444444444';
const ETL_ROLE = 'etl-job-role';
const LEGACY_ARN = 'arn:aws:iam::222222222222:user/contractors/legacy-admin';

/** The first resource of the first finding of an event. */
function firstResource(event: { detail: { findings: { Resources: unknown[] }[] } }) {
  return event.detail.findings[0]?.Resources[0] as {
    Type: string;
    Id: string;
    Details: Record<string, Record<string, unknown>>;
  };
}

describe('block-principal: Security Hub custom action with two findings in two accounts', () => {
  it('blocks the user in one account and the role in the other, each in its own region', async () => {
    // Arrange
    arrange(mocks, { role: { name: ETL_ROLE } });

    // Act
    const { outcomes } = await handler(events.accessKeys());

    // Assert
    expect(outcomes.map((o) => [o.status, o.accountId, o.region, o.resource])).toEqual([
      ['contained', '222222222222', 'eu-west-1', 'arn:aws:iam::222222222222:user/ci-deployer'],
      [
        'contained',
        OTHER_ACCOUNT,
        'eu-central-1',
        `arn:aws:iam::${OTHER_ACCOUNT}:role/${ETL_ROLE}`,
      ],
    ]);
    expect(
      inputsOf<AssumeRoleCommandInput>(mocks.sts, AssumeRoleCommand)
        .map((i) => i.RoleArn)
        .sort(),
    ).toEqual([
      'arn:aws:iam::222222222222:role/Security-IR-Role',
      `arn:aws:iam::${OTHER_ACCOUNT}:role/Security-IR-Role`,
    ]);
    expect(inputsOf<GetUserCommandInput>(mocks.iam, GetUserCommand)).toEqual([{ UserName: USER }]);
    expect(inputsOf<GetRoleCommandInput>(mocks.iam, GetRoleCommand)).toEqual([
      { RoleName: ETL_ROLE },
    ]);
    expect(inputsOf<UpdateAccessKeyCommandInput>(mocks.iam, UpdateAccessKeyCommand)).toEqual([
      { UserName: USER, AccessKeyId: USER_KEY, Status: 'Inactive' },
    ]);
    expect(inputsOf<AttachUserPolicyCommandInput>(mocks.iam, AttachUserPolicyCommand)).toEqual([
      { UserName: USER, PolicyArn: DENY_ALL },
    ]);
    expect(
      inputsOf<PutRolePolicyCommandInput>(mocks.iam, PutRolePolicyCommand).map((i) => i.RoleName),
    ).toEqual([ETL_ROLE]);
    expect(undeclaredActions(mocks, 'block-principal')).toEqual([]);
  });

  it('archives each GuardDuty finding and resolves it in Security Hub', async () => {
    // Arrange
    arrange(mocks, { role: { name: ETL_ROLE } });
    const [userFinding, roleFinding] = events.accessKeys().detail.findings;

    // Act
    await handler(events.accessKeys());

    // Assert
    expect(
      inputsOf<ArchiveFindingsCommandInput>(mocks.guardduty, ArchiveFindingsCommand)
        .flatMap((i) => i.FindingIds)
        .sort(),
    ).toEqual(['b4e8d2c6a0f94b1e8d7c6b5a4f3e2d1c', 'e9b3d7f1a5c24e6f8b9a0c1d2e3f4a5b']);
    const updates = inputsOf<BatchUpdateFindingsCommandInput>(
      mocks.securityhub,
      BatchUpdateFindingsCommand,
    );
    expect(updates.map((u) => [u.FindingIdentifiers?.[0]?.Id, u.Workflow?.Status]).sort()).toEqual(
      [
        [userFinding?.Id, 'RESOLVED'],
        [roleFinding?.Id, 'RESOLVED'],
      ].sort(),
    );
  });
});

describe('block-principal: Security Hub AwsIamAccessKey details', () => {
  beforeEach(() => arrange(mocks));

  it('infers the principal type from an AIDA PrincipalId when PrincipalType is absent', async () => {
    // Arrange
    const event = variant(events.accessKeys(), (e) => {
      e.detail.findings = e.detail.findings.slice(0, 1);
      delete firstResource(e).Details.AwsIamAccessKey?.PrincipalType;
    });

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes.map((o) => o.status)).toEqual(['contained']);
    expect(inputsOf<GetUserCommandInput>(mocks.iam, GetUserCommand)).toEqual([{ UserName: USER }]);
  });

  it('reads the deprecated UserName when PrincipalName is absent', async () => {
    // Arrange
    const event = variant(events.accessKeys(), (e) => {
      e.detail.findings = e.detail.findings.slice(0, 1);
      const details = firstResource(e).Details.AwsIamAccessKey ?? {};
      delete details.PrincipalName;
      details.UserName = USER;
    });

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes.map((o) => o.status)).toEqual(['contained']);
    expect(inputsOf<GetUserCommandInput>(mocks.iam, GetUserCommand)).toEqual([{ UserName: USER }]);
  });
});

describe('block-principal: Security Hub AwsIamUser and AwsIamRole resources', () => {
  it('blocks the user of an AwsIamUser resource, named by its ARN with a path', async () => {
    // Arrange
    arrange(mocks, { user: { name: 'legacy-admin', path: '/contractors/' } });

    // Act
    const { outcomes } = await handler(events.iamUser());

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'contained',
      resource: 'arn:aws:iam::222222222222:user/legacy-admin',
    });
    expect(inputsOf<GetUserCommandInput>(mocks.iam, GetUserCommand)).toEqual([
      { UserName: 'legacy-admin' },
    ]);
    expect(stepsOf(outcomes[0]).slice(0, 2)).toEqual([
      `done iam:AttachUserPolicy ${LEGACY_ARN}`,
      `done iam:PutUserPolicy ${LEGACY_ARN}`,
    ]);
    expect(outcomes[0]?.reason).toContain('the finding names no access key');
    expect(mocks.iam.commandCalls(UpdateAccessKeyCommand)).toHaveLength(0);
  });

  it('blocks the role of an AwsIamRole resource', async () => {
    // Arrange
    arrange(mocks, { role: { name: 'batch-runner' } });
    const event = variant(events.iamUser(), (e) => {
      const resource = firstResource(e);
      resource.Type = 'AwsIamRole';
      resource.Id = 'arn:aws:iam::222222222222:role/service/batch-runner';
      resource.Details = { AwsIamRole: { RoleName: 'batch-runner', Path: '/service/' } };
    });

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(memberCalls(mocks).filter((a) => a.startsWith('iam:'))).toEqual([
      'iam:GetRole',
      'iam:PutRolePolicy',
    ]);
  });

  it('ignores a finding with no IAM resource, with no member-account call', async () => {
    // Arrange
    arrange(mocks);
    const event = variant(events.iamUser(), (e) => {
      const resource = firstResource(e);
      resource.Type = 'AwsS3Bucket';
      resource.Id = 'arn:aws:s3:::example-bucket';
      resource.Details = {};
    });

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'ignored',
      resource: 'arn:aws:s3:::example-bucket',
    });
    expect(outcomes[0]?.reason).toContain(
      'has no AwsIamAccessKey, AwsIamUser, AwsIamRole resource',
    );
    expect(memberCalls(mocks)).toEqual([]);
    expect(iamWrites(mocks)).toEqual([]);
  });
});
