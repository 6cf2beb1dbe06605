import {
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListUserPoliciesCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { handler } from '../../../lambdas/block-principal';
import { createMocks, inputsOf } from '../../support/aws';
import { forgetLedger, type LedgerServer, startLedger } from '../../support/ledger';
import { cli, stored } from '../../support/release';
import { arrange, DENY_ALL, events, USER, USER_ARN, USER_FINDING, USER_KEY } from './support';

const mocks = createMocks();
let ledger: LedgerServer;

/** Answers the policy and key reads with the state after the block. */
function blocked(keyStatus = 'Inactive', attached = [DENY_ALL]): void {
  mocks.iam.on(ListAttachedUserPoliciesCommand).resolves({
    AttachedPolicies: attached.map((PolicyArn) => ({ PolicyArn, PolicyName: 'x' })),
    IsTruncated: false,
  });
  mocks.iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: ['AWSRevokeOlderSessions'] });
  mocks.iam.on(ListAccessKeysCommand).resolves({
    AccessKeyMetadata: [{ AccessKeyId: USER_KEY, Status: keyStatus as 'Inactive', UserName: USER }],
  });
}

beforeEach(async () => {
  ledger = await startLedger();
  arrange(mocks, { env: { LEDGER_TABLE_NAME: ledger.table.tableName } });
  // Before the block: one policy of its own, no inline policy, the key active.
  mocks.iam.on(ListAttachedUserPoliciesCommand).resolves({
    AttachedPolicies: [
      { PolicyArn: 'arn:aws:iam::222222222222:policy/deploy', PolicyName: 'deploy' },
    ],
    IsTruncated: false,
  });
  mocks.iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
  mocks.iam.on(ListAccessKeysCommand).resolves({
    AccessKeyMetadata: [{ AccessKeyId: USER_KEY, Status: 'Active', UserName: USER }],
  });
  await handler(events.user());
  mocks.iam.resetHistory();
  blocked();
});
afterEach(async () => {
  await ledger.stop();
  forgetLedger();
});

describe('release block-principal: the ledger item of the block', () => {
  it('holds the policies attached, the inline policies and the key status before', async () => {
    const item = await stored(ledger, USER_FINDING, 'block-principal');
    expect(item?.status).toBe('contained');
    expect(item?.before).toEqual({
      kind: 'block-principal',
      principal: 'user',
      name: USER,
      arn: USER_ARN,
      principalId: 'AIDAEXAMPLEUSER4XVW2',
      accessKey: { id: USER_KEY, status: 'Active' },
      attachedPolicies: ['arn:aws:iam::222222222222:policy/deploy'],
      inlinePolicies: [],
      denyPolicyArn: DENY_ALL,
      revokePolicyName: 'AWSRevokeOlderSessions',
    });
  });
});

describe('release block-principal: --apply', () => {
  it('detaches the deny policy, deletes the revoke policy and reactivates the key', async () => {
    // Act
    const { code, err } = await cli(mocks, ledger, ['release', USER_FINDING, '--apply']);
    // Assert
    expect([code, err]).toEqual([0, '']);
    expect(inputsOf(mocks.iam, DetachUserPolicyCommand)).toEqual([
      { UserName: USER, PolicyArn: DENY_ALL },
    ]);
    expect(inputsOf(mocks.iam, DeleteUserPolicyCommand)).toEqual([
      { UserName: USER, PolicyName: 'AWSRevokeOlderSessions' },
    ]);
    expect(inputsOf(mocks.iam, UpdateAccessKeyCommand)).toEqual([
      { UserName: USER, AccessKeyId: USER_KEY, Status: 'Active' },
    ]);
    expect((await stored(ledger, USER_FINDING, 'block-principal'))?.status).toBe('released');
  });

  it('keeps a deny policy that was attached before the block', async () => {
    // Arrange: a second finding of a user who already had AWSDenyAll
    await ledger.stop();
    forgetLedger();
    ledger = await startLedger();
    arrange(mocks, { env: { LEDGER_TABLE_NAME: ledger.table.tableName } });
    blocked('Active', [DENY_ALL]);
    mocks.iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [] });
    await handler(events.user());
    mocks.iam.resetHistory();
    blocked();
    // Act
    const { code, out } = await cli(mocks, ledger, ['release', USER_ARN, '--apply']);
    // Assert
    expect(code).toBe(0);
    expect(mocks.iam.commandCalls(DetachUserPolicyCommand)).toHaveLength(0);
    expect(out).toContain(`note: ${DENY_ALL} was attached before the block: it stays attached`);
  });
});

describe('release block-principal: someone reactivated the key already', () => {
  it('refuses and changes nothing', async () => {
    // Arrange
    blocked('Active');
    // Act
    const { code, out } = await cli(mocks, ledger, ['release', USER_FINDING, '--apply']);
    // Assert
    expect(code).toBe(1);
    expect(out).toContain(`access key ${USER_KEY} is Active, not Inactive`);
    expect(mocks.iam.commandCalls(DetachUserPolicyCommand)).toHaveLength(0);
    expect(mocks.iam.commandCalls(UpdateAccessKeyCommand)).toHaveLength(0);
  });
});
