import { DeleteRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  DeleteFunctionConcurrencyCommand,
  GetFunctionConcurrencyCommand,
  PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import { handler } from '../../../lambdas/contain-lambda-function';
import { createMocks, inputsOf } from '../../support/aws';
import { type LedgerServer, useLedger } from '../../support/ledger';
import { cli, stored } from '../../support/release';
import { arrange, event, FINDING, NAME, ROLE } from './support';

const mocks = createMocks();
let ledger: LedgerServer;

async function contain(reserved?: number): Promise<void> {
  arrange(mocks, reserved === undefined ? {} : { reserved }, {
    LEDGER_TABLE_NAME: ledger.table.tableName,
  });
  await handler(event());
  mocks.lambda.resetHistory();
  mocks.iam.resetHistory();
  mocks.lambda.on(GetFunctionConcurrencyCommand).resolves({ ReservedConcurrentExecutions: 0 });
  mocks.lambda.on(DeleteFunctionConcurrencyCommand).resolves({});
  mocks.iam.on(DeleteRolePolicyCommand).resolves({});
}

useLedger((l) => {
  ledger = l;
});

describe('release contain-lambda-function: --apply', () => {
  it('restores the reserved concurrency from before and deletes the revoke policy', async () => {
    // Arrange
    await contain(25);

    // Act
    const { code, err } = await cli(mocks, ledger, ['release', FINDING, '--apply']);

    // Assert
    expect([code, err]).toEqual([0, '']);
    expect(inputsOf(mocks.lambda, PutFunctionConcurrencyCommand)).toEqual([
      { FunctionName: NAME, ReservedConcurrentExecutions: 25 },
    ]);
    expect(inputsOf(mocks.iam, DeleteRolePolicyCommand)).toEqual([
      { RoleName: ROLE, PolicyName: 'AWSRevokeOlderSessions' },
    ]);
    expect((await stored(ledger, FINDING, 'contain-lambda-function'))?.status).toBe('released');
  });

  it('deletes the reservation when the function had none before', async () => {
    // Arrange
    await contain();

    // Act
    const { code } = await cli(mocks, ledger, ['release', NAME, '--apply']);

    // Assert
    expect(code).toBe(0);
    expect(inputsOf(mocks.lambda, DeleteFunctionConcurrencyCommand)).toEqual([
      { FunctionName: NAME },
    ]);
    expect(mocks.lambda.commandCalls(PutFunctionConcurrencyCommand)).toHaveLength(0);
  });
});

describe('release contain-lambda-function: someone changed the concurrency already', () => {
  it('refuses without --force and changes nothing', async () => {
    // Arrange
    await contain(25);
    mocks.lambda.on(GetFunctionConcurrencyCommand).resolves({ ReservedConcurrentExecutions: 5 });

    // Act
    const { code, out } = await cli(mocks, ledger, ['release', FINDING, '--apply']);

    // Assert
    expect(code).toBe(1);
    expect(out).toContain('reserved concurrency is 5, not 0 as the containment left it');
    expect(mocks.lambda.commandCalls(PutFunctionConcurrencyCommand)).toHaveLength(0);
    expect(mocks.iam.commandCalls(DeleteRolePolicyCommand)).toHaveLength(0);
  });
});
