import { ArchiveFindingsCommand } from '@aws-sdk/client-guardduty';
import { ListParentsCommand } from '@aws-sdk/client-organizations';
import {
  BatchUpdateFindingsCommand,
  type BatchUpdateFindingsCommandInput,
} from '@aws-sdk/client-securityhub';
import { handler } from '../../../lambdas/block-principal';
import { createMocks, inputsOf, undeclaredActions } from '../../support/aws';
import { arrange, events, memberCalls, published, variant } from './support';

const mocks = createMocks();

const ROOT_ACCOUNT = '333333333333';

/** The user finding with another principal type and name. */
function principal(userType: string, userName: string) {
  return variant(events.user(), (e) => {
    e.detail.resource.accessKeyDetails.userType = userType;
    e.detail.resource.accessKeyDetails.userName = userName;
    e.detail.resource.accessKeyDetails.accessKeyId = 'ASIAEXAMPLEFEDSESS4T';
  });
}

describe('block-principal: root credentials', () => {
  beforeEach(() => arrange(mocks));

  it('escalates with why and what to do, before any member-account call', async () => {
    // Act
    const { outcomes } = await handler(events.root());

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'escalated',
      accountId: ROOT_ACCOUNT,
      resource: `arn:aws:iam::${ROOT_ACCOUNT}:root`,
      findingType: 'Policy:IAMUser/RootCredentialUsage',
    });
    expect(outcomes[0]?.reason).toContain(
      'the root user cannot be blocked by attaching IAM policies',
    );
    expect(outcomes[0]?.reason).toContain('no change was made');
    expect(memberCalls(mocks)).toEqual([]);
    expect(undeclaredActions(mocks, 'block-principal')).toEqual([]);
  });

  it('publishes the escalation with priority high and notes it on the finding, unarchived', async () => {
    // Act
    await handler(events.root());

    // Assert
    const [message] = published(mocks);
    expect(message?.attributes).toMatchObject({
      status: 'escalated',
      priority: 'high',
      responder: 'block-principal',
    });
    expect(mocks.guardduty.commandCalls(ArchiveFindingsCommand)).toHaveLength(0);
    const [update] = inputsOf<BatchUpdateFindingsCommandInput>(
      mocks.securityhub,
      BatchUpdateFindingsCommand,
    );
    expect(update).toMatchObject({
      FindingIdentifiers: [{ Id: events.root().detail.arn }],
      Workflow: { Status: 'NOTIFIED' },
    });
  });

  it('escalates in dry-run too: a person must act either way', async () => {
    // Arrange
    arrange(mocks, { env: { DRY_RUN: 'true' } });

    // Act
    const { outcomes } = await handler(events.root());

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'escalated', mode: 'dry-run' });
    expect(memberCalls(mocks)).toEqual([]);
    expect(published(mocks)[0]?.attributes.priority).toBe('high');
    expect(mocks.securityhub.calls()).toHaveLength(0);
  });

  it('assumes no member role even when the mode comes from an OU', async () => {
    // Arrange
    arrange(mocks, {
      env: {
        RESPONSE_MODES: JSON.stringify({
          default: 'off',
          accounts: {},
          organizationalUnits: { 'r-ab12': 'contain' },
        }),
      },
    });
    mocks.organizations
      .on(ListParentsCommand)
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });

    // Act
    const { outcomes } = await handler(events.root());

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'escalated', mode: 'contain' });
    expect(memberCalls(mocks)).toEqual([]);
  });

  it('ignores root usage in an account whose mode is off', async () => {
    // Arrange
    arrange(mocks, {
      env: {
        RESPONSE_MODES: JSON.stringify({
          default: 'contain',
          accounts: { [ROOT_ACCOUNT]: 'off' },
          organizationalUnits: {},
        }),
      },
    });

    // Act
    const { outcomes } = await handler(events.root());

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'ignored', mode: 'off' });
    expect(memberCalls(mocks)).toEqual([]);
  });
});

describe('block-principal: federated users and other principal types', () => {
  beforeEach(() => arrange(mocks));

  it('escalates a federated user session: revoke at the identity provider', async () => {
    // Act
    const { outcomes } = await handler(principal('FederatedUser', 'alice@example.com'));

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'escalated',
      resource: 'arn:aws:sts::222222222222:federated-user/alice@example.com',
    });
    expect(outcomes[0]?.reason).toContain('revoke it at the identity provider');
    expect(memberCalls(mocks)).toEqual([]);
    expect(published(mocks)[0]?.attributes.priority).toBe('high');
  });

  it.each(['AWSService', 'AWSAccount', 'Role'])(
    'escalates principal type %s, which has no IAM identity to put a policy on',
    async (userType) => {
      // Act
      const { outcomes } = await handler(principal(userType, 'anything'));

      // Assert
      expect(outcomes[0]?.status).toBe('escalated');
      expect(outcomes[0]?.reason).toContain(`principal type ${userType} is not an IAM user`);
      expect(memberCalls(mocks)).toEqual([]);
    },
  );
});

describe('block-principal: findings it does not handle', () => {
  beforeEach(() => arrange(mocks));

  it('ignores a GuardDuty finding about another resource type, with no member-account call', async () => {
    // Arrange
    const event = variant(events.user(), (e) => {
      e.detail.resource.resourceType = 'Instance';
    });

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'ignored', resource: 'Instance' });
    expect(outcomes[0]?.reason).toContain('not an IAM access key');
    expect(memberCalls(mocks)).toEqual([]);
  });

  it('ignores an archived GuardDuty finding', async () => {
    // Arrange
    const event = variant(events.user(), (e) => {
      e.detail.service.archived = true;
    });

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'ignored',
      reason: 'the GuardDuty finding is archived',
    });
    expect(memberCalls(mocks)).toEqual([]);
  });
});
