import { handler } from '../../../lambdas/block-principal';
import configFixture from '../../fixtures/config/sg-restricted-ssh.json';
import { createMocks, sentActions } from '../../support/aws';
import { arrange, events, variant } from './support';

const mocks = createMocks();

type UserEvent = ReturnType<typeof events.user>;
type HubEvent = ReturnType<typeof events.accessKeys>;

/** Changes the access key details of the GuardDuty user finding. */
function details(change: (d: Record<string, unknown>) => void): () => UserEvent {
  return () =>
    variant(events.user(), (e) =>
      change(e.detail.resource.accessKeyDetails as Record<string, unknown>),
    );
}

/** Changes `Details.AwsIamAccessKey` (or the resource) of the first Security Hub finding. */
function hub(change: (resource: Record<string, unknown>, d: Record<string, unknown>) => void) {
  return (): HubEvent =>
    variant(events.accessKeys(), (e) => {
      const resource = e.detail.findings[0]?.Resources[0] as unknown as Record<string, unknown>;
      const d = (resource.Details as Record<string, Record<string, unknown>>).AwsIamAccessKey;
      change(resource, d ?? {});
    });
}

const AT = 'detail.resource.accessKeyDetails';
const HUB_AT = 'detail.findings[0].Resources[0]';

describe('block-principal: bad input', () => {
  beforeEach(() => arrange(mocks));

  it.each<[string, () => unknown, string]>([
    ['an empty object', () => ({}), 'detail-type'],
    ['a Config event', () => structuredClone(configFixture), 'source / detail-type'],
    [
      'a wrong detail-type',
      () =>
        variant(events.user(), (e) => Object.assign(e, { 'detail-type': 'EC2 Instance State' })),
      'source / detail-type',
    ],
    [
      'missing access key details',
      () =>
        variant(events.user(), (e) =>
          Object.assign(e.detail.resource, { accessKeyDetails: undefined }),
        ),
      AT,
    ],
    ['a missing user name', details((d) => delete d.userName), `${AT}.userName`],
    ['a numeric userType', details((d) => Object.assign(d, { userType: 7 })), `${AT}.userType`],
    [
      'an unknown userType',
      details((d) => Object.assign(d, { userType: 'Admin' })),
      `${AT}.userType`,
    ],
    [
      'a 65-character user name',
      details((d) => Object.assign(d, { userName: 'u'.repeat(65) })),
      `${AT}.userName`,
    ],
    [
      'a 5000-character user name',
      details((d) => Object.assign(d, { userName: 'u'.repeat(5000) })),
      `${AT}.userName`,
    ],
    [
      'a shell-like user name',
      details((d) => Object.assign(d, { userName: 'ci; rm -rf / #' })),
      `${AT}.userName`,
    ],
    [
      'a shell-like role name',
      details((d) =>
        Object.assign(d, { userType: 'AssumedRole', userName: '$(curl evil.example)' }),
      ),
      `${AT}.userName`,
    ],
    [
      'a role name with a path',
      details((d) => Object.assign(d, { userType: 'AssumedRole', userName: 'team/app-role' })),
      `${AT}.userName`,
    ],
    [
      'a shell-like access key id',
      details((d) => Object.assign(d, { accessKeyId: 'AKIA`reboot`' })),
      `${AT}.accessKeyId`,
    ],
    [
      'a Security Hub key resource Id that is not an access key',
      hub((r) => Object.assign(r, { Id: 'AWS::IAM::AccessKey:not-a-key' })),
      `${HUB_AT}.Id`,
    ],
    [
      'a Security Hub key resource Id of another form and no AccessKeyId',
      hub((r) => Object.assign(r, { Id: 'arn:aws:iam::222222222222:user/ci-deployer' })),
      `${HUB_AT}.Id`,
    ],
    [
      'a Security Hub key of another account',
      hub((_r, d) => Object.assign(d, { AccountId: '999999999999' })),
      `${HUB_AT}.Details.AwsIamAccessKey.AccountId`,
    ],
    [
      'a Security Hub key with no principal type',
      hub((_r, d) => {
        delete d.PrincipalType;
        delete d.PrincipalId;
      }),
      `${HUB_AT}.Details.AwsIamAccessKey.PrincipalType`,
    ],
    [
      'a Security Hub principal name with a path traversal',
      hub((_r, d) => Object.assign(d, { PrincipalName: '../../etc/passwd' })),
      `${HUB_AT}.Details.AwsIamAccessKey.PrincipalName`,
    ],
    [
      'a Security Hub principal name of the wrong type',
      hub((_r, d) => Object.assign(d, { PrincipalName: ['ci-deployer'] })),
      `${HUB_AT}.Details.AwsIamAccessKey.PrincipalName`,
    ],
    [
      'a Security Hub user ARN of another account',
      () =>
        variant(events.iamUser(), (e) => {
          const resource = e.detail.findings[0]?.Resources[0];
          if (resource) resource.Id = 'arn:aws:iam::999999999999:user/contractors/legacy-admin';
        }),
      `${HUB_AT}.Id`,
    ],
  ])('rejects %s, naming the field, before any AWS call', async (_case, make, path) => {
    // Act
    const run = handler(make());

    // Assert
    await expect(run).rejects.toMatchObject({ name: 'InvalidEventError', path });
    await expect(handler(make())).rejects.toThrow(path);
    expect(sentActions(mocks)).toEqual([]);
  });

  it('rejects the whole event when its second finding is bad, before any AWS call', async () => {
    // Arrange
    const event = variant(events.accessKeys(), (e) => {
      const resource = e.detail.findings[1]?.Resources[0];
      if (resource) resource.Id = 'AWS::IAM::AccessKey:$(id)';
    });

    // Act
    const run = handler(event);

    // Assert
    await expect(run).rejects.toMatchObject({
      name: 'InvalidEventError',
      path: 'detail.findings[1].Resources[0].Id',
    });
    expect(sentActions(mocks)).toEqual([]);
  });
});
