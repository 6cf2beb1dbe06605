import { PutRolePolicyCommand, type PutRolePolicyCommandInput } from '@aws-sdk/client-iam';
import {
  GetFunctionCommand,
  type GetFunctionCommandOutput,
  PutFunctionConcurrencyCommand,
  type PutFunctionConcurrencyCommandInput,
} from '@aws-sdk/client-lambda';
import { handler } from '../../../lambdas/contain-lambda-function';
import { ResponseFailedError } from '../../../lambdas/shared/errors';
import { listResponses } from '../../../lambdas/shared/ledger';
import asffFixture from '../../fixtures/securityhub/iam-user.json';
import { awsError, createMocks, inputsOf, undeclaredActions } from '../../support/aws';
import { forgetLedger, type LedgerServer, startLedger } from '../../support/ledger';
import {
  ACCOUNT,
  ARN,
  arrange as arrangeFunction,
  event,
  type LiveFunctionSpec,
  NAME,
  ROLE,
  ROLE_ARN,
} from './support';

const mocks = createMocks();
const arrange = (live: LiveFunctionSpec = {}, env: Record<string, string> = {}) =>
  arrangeFunction(mocks, live, env);

describe('contain-lambda-function: GuardDuty Lambda Protection finding', () => {
  it('sets reserved concurrency 0 and revokes the role’s older sessions, calling only declared actions', async () => {
    // Arrange
    arrange({ reserved: 25 });
    const before = Date.now();

    // Act
    const { outcomes } = await handler(event());

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'contained', resource: NAME });
    expect(
      inputsOf<PutFunctionConcurrencyCommandInput>(mocks.lambda, PutFunctionConcurrencyCommand),
    ).toEqual([{ FunctionName: NAME, ReservedConcurrentExecutions: 0 }]);
    const [put] = inputsOf<PutRolePolicyCommandInput>(mocks.iam, PutRolePolicyCommand);
    expect(put).toMatchObject({ RoleName: ROLE, PolicyName: 'AWSRevokeOlderSessions' });
    const cut = JSON.parse(put?.PolicyDocument ?? '{}').Statement[0].Condition.DateLessThan[
      'aws:TokenIssueTime'
    ];
    expect(Date.parse(cut)).toBeGreaterThanOrEqual(before - 1000);
    expect(outcomes[0]?.steps.slice(0, 2)).toEqual([
      expect.objectContaining({
        action: 'lambda:PutFunctionConcurrency',
        target: ARN,
        status: 'done',
      }),
      expect.objectContaining({ action: 'iam:PutRolePolicy', target: ROLE_ARN, status: 'done' }),
    ]);
    expect(undeclaredActions(mocks, 'contain-lambda-function')).toEqual([]);
  });

  it('ignores a GuardDuty finding about another resource type, with no member call', async () => {
    // Arrange
    arrange();
    const other = event() as { detail: { resource: Record<string, unknown> } };
    other.detail.resource = { resourceType: 'S3Bucket', s3BucketDetails: [{ name: 'b' }] };

    // Act
    const { outcomes } = await handler(other);

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'ignored', resource: 'S3Bucket' });
    expect(mocks.lambda.calls()).toHaveLength(0);
  });
});

describe('contain-lambda-function: exception tag', () => {
  it('skips the function when it carries the exception tag, any letter case, and changes nothing', async () => {
    // Arrange
    arrange({ tags: { securityexception: 'CHG-1234;expires=2099-01-01' } });

    // Act
    const { outcomes } = await handler(event());

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'skipped',
      exception: { ticket: 'CHG-1234', expires: '2099-01-01' },
    });
    expect(mocks.lambda.commandCalls(PutFunctionConcurrencyCommand)).toHaveLength(0);
    expect(mocks.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(0);
  });

  it('throttles but does not revoke when only the execution role carries the exception', async () => {
    // Arrange
    arrange({ roleTags: [{ Key: 'SecurityException', Value: 'CHG-9' }] });

    // Act
    const { outcomes } = await handler(event());

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(outcomes[0]?.reason).toMatch(/its sessions are not revoked/);
    expect(mocks.lambda.commandCalls(PutFunctionConcurrencyCommand)).toHaveLength(1);
    expect(mocks.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(0);
  });

  it('does not act when Lambda cannot return the tags (TagsError): fails closed', async () => {
    // Arrange
    arrange();
    mocks.lambda.on(GetFunctionCommand).resolves({
      Configuration: { FunctionName: NAME, FunctionArn: ARN, Role: ROLE_ARN },
      TagsError: { ErrorCode: 'AccessDeniedException', Message: 'no lambda:ListTags' },
    } as GetFunctionCommandOutput);

    // Act
    const act = handler(event());

    // Assert
    await expect(act).rejects.toBeInstanceOf(ResponseFailedError);
    expect(mocks.lambda.commandCalls(PutFunctionConcurrencyCommand)).toHaveLength(0);
    expect(mocks.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(0);
  });
});

describe('contain-lambda-function: a write that fails', () => {
  it('still revokes the sessions when the throttle is refused, and fails naming the refused write', async () => {
    // Arrange
    arrange();
    mocks.lambda.on(PutFunctionConcurrencyCommand).rejects(awsError('TooManyRequestsException'));

    // Act
    const act = handler(event());

    // Assert
    await expect(act).rejects.toBeInstanceOf(ResponseFailedError);
    const error = (await act.catch((e: unknown) => e)) as ResponseFailedError;
    const outcome = error.outcomes[0];
    expect(outcome?.status).toBe('failed');
    expect(outcome?.reason).toMatch(/incomplete: TooManyRequestsException/);
    expect(outcome?.steps.map((st) => `${st.status} ${st.action}`).sort()).toEqual([
      'done iam:PutRolePolicy',
      'failed lambda:PutFunctionConcurrency',
    ]);
    expect(mocks.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(1);
  });
});

describe('contain-lambda-function: dry-run and repeated findings', () => {
  it('plans both changes in dry-run and makes none', async () => {
    // Arrange
    arrange({}, { DRY_RUN: 'true' });

    // Act
    const { outcomes } = await handler(event());

    // Assert
    expect(outcomes[0]?.status).toBe('dry-run');
    expect(outcomes[0]?.steps.filter((s) => s.status === 'planned').map((s) => s.action)).toEqual([
      'lambda:PutFunctionConcurrency',
      'iam:PutRolePolicy',
    ]);
    expect(mocks.lambda.commandCalls(PutFunctionConcurrencyCommand)).toHaveLength(0);
    expect(mocks.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(0);
  });

  it('leaves an already throttled function alone and only revokes again', async () => {
    // Arrange
    arrange({ reserved: 0 });

    // Act
    const { outcomes } = await handler(event());

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(outcomes[0]?.reason).toMatch(/reserved concurrency was already 0/);
    expect(mocks.lambda.commandCalls(PutFunctionConcurrencyCommand)).toHaveLength(0);
    expect(mocks.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(1);
  });
});

describe('contain-lambda-function: bad input and AWS errors', () => {
  it('rejects a function ARN of another account, naming the field, before any AWS call', async () => {
    // Arrange
    arrange();
    const bad = event();
    bad.detail.resource.lambdaDetails.functionArn =
      'arn:aws:lambda:us-east-1:999999999999:function:x';

    // Act
    const act = handler(bad);

    // Assert
    await expect(act).rejects.toThrow(
      /detail\.resource\.lambdaDetails\.functionArn: names a function in aws\/999999999999/,
    );
    expect(mocks.lambda.calls()).toHaveLength(0);
  });

  it('fails the finding with a clear reason when the function no longer exists', async () => {
    // Arrange
    arrange();
    mocks.lambda.on(GetFunctionCommand).rejects(awsError('ResourceNotFoundException'));

    // Act
    const act = handler(event());

    // Assert
    await expect(act).rejects.toThrow(/does not exist in 222222222222\/us-east-1/);
  });

  it('takes the function from the AwsLambdaFunction resource of a Security Hub custom action', async () => {
    // Arrange
    arrange();
    const hub = structuredClone(asffFixture) as unknown as {
      detail: {
        findings: {
          Resources: { Type: string; Id: string }[];
          AwsAccountId: string;
          Region?: string;
        }[];
      };
    };
    const finding = hub.detail.findings[0] as (typeof hub.detail.findings)[number];
    finding.AwsAccountId = ACCOUNT;
    finding.Region = 'us-east-1';
    finding.Resources = [{ Type: 'AwsLambdaFunction', Id: `${ARN}:$LATEST` }];

    // Act
    const { outcomes } = await handler(hub);

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'contained', resource: NAME });
  });
});

describe('contain-lambda-function: ledger before-state', () => {
  let ledger: LedgerServer;
  beforeEach(async () => {
    ledger = await startLedger();
  });
  afterEach(async () => {
    await ledger.stop();
    forgetLedger();
  });

  it('records the reserved concurrency and the role before the change', async () => {
    // Arrange
    arrange({ reserved: 25 }, { LEDGER_TABLE_NAME: ledger.table.tableName });

    // Act
    await handler(event());

    // Assert
    const [item] = await listResponses(ledger.table, { resource: NAME });
    expect(item?.before).toEqual({
      kind: 'contain-lambda-function',
      functionName: NAME,
      functionArn: ARN,
      reservedConcurrency: 25,
      alreadyThrottled: false,
      roleName: ROLE,
      revokePolicyName: 'AWSRevokeOlderSessions',
    });
  });
});
