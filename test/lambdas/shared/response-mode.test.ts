import {
  ListParentsCommand,
  type ListParentsCommandInput,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { ResponderError } from '../../../lambdas/shared/errors';
import type { ResponseMode } from '../../../lambdas/shared/outcome';
import {
  modeNeedsLookup,
  resetResponseModes,
  responseModeFor,
} from '../../../lambdas/shared/response-mode';
import { createMocks, inputsOf, resetAll } from '../../support/aws';

const mocks = createMocks();

const ACCOUNT = '222222222222';
const TEAM_OU = 'ou-ab12-11111111';
const WORKLOADS_OU = 'ou-ab12-22222222';
const ROOT = 'r-ab12';

/** Sets RESPONSE_MODES (and any other variable) for the next case. */
function useModes(
  modes: {
    default?: ResponseMode;
    accounts?: Record<string, ResponseMode>;
    organizationalUnits?: Record<string, ResponseMode>;
  },
  env: Record<string, string> = {},
): void {
  resetAll(mocks, {
    RESPONSE_MODES: JSON.stringify({
      default: modes.default ?? 'contain',
      accounts: modes.accounts ?? {},
      organizationalUnits: modes.organizationalUnits ?? {},
    }),
    ...env,
  });
}

/** ACCOUNT sits in TEAM_OU, which sits in WORKLOADS_OU, under the root. */
function organizationTree(): void {
  mocks.organizations
    .on(ListParentsCommand, { ChildId: ACCOUNT })
    .resolves({ Parents: [{ Id: TEAM_OU, Type: 'ORGANIZATIONAL_UNIT' }] })
    .on(ListParentsCommand, { ChildId: TEAM_OU })
    .resolves({ Parents: [{ Id: WORKLOADS_OU, Type: 'ORGANIZATIONAL_UNIT' }] })
    .on(ListParentsCommand, { ChildId: WORKLOADS_OU })
    .resolves({ Parents: [{ Id: ROOT, Type: 'ROOT' }] });
}

function childIds(): (string | undefined)[] {
  return inputsOf<ListParentsCommandInput>(mocks.organizations, ListParentsCommand).map(
    (i) => i.ChildId,
  );
}

beforeEach(() => resetAll(mocks));

describe('responseModeFor: without OU modes', () => {
  it('returns the default and calls no AWS API', async () => {
    // Arrange
    useModes({ default: 'dry-run' });

    // Act
    const mode = await responseModeFor(ACCOUNT);

    // Assert
    expect(mode).toBe('dry-run');
    expect(modeNeedsLookup(ACCOUNT)).toBe(false);
    expect(mocks.organizations.calls()).toHaveLength(0);
  });

  it('returns contain when RESPONSE_MODES is unset', async () => {
    expect(await responseModeFor(ACCOUNT)).toBe('contain');
  });
});

describe('responseModeFor: DRY_RUN', () => {
  it('forces dry-run over the account entry, the OU entries and the default', async () => {
    // Arrange
    useModes(
      {
        default: 'contain',
        accounts: { [ACCOUNT]: 'contain' },
        organizationalUnits: { [ROOT]: 'off' },
      },
      { DRY_RUN: 'true' },
    );

    // Act
    const mode = await responseModeFor(ACCOUNT);

    // Assert
    expect(mode).toBe('dry-run');
    expect(modeNeedsLookup(ACCOUNT)).toBe(false);
    expect(mocks.organizations.calls()).toHaveLength(0);
  });
});

describe('responseModeFor: account entry', () => {
  it('wins over OU entries without an Organizations call', async () => {
    // Arrange
    useModes({ accounts: { [ACCOUNT]: 'off' }, organizationalUnits: { [TEAM_OU]: 'contain' } });

    // Act
    const mode = await responseModeFor(ACCOUNT);

    // Assert
    expect(mode).toBe('off');
    expect(modeNeedsLookup(ACCOUNT)).toBe(false);
    expect(mocks.organizations.calls()).toHaveLength(0);
  });

  it('applies only to its own account', async () => {
    // Arrange
    useModes({ default: 'dry-run', accounts: { '333333333333': 'off' } });

    // Act / Assert
    expect(await responseModeFor(ACCOUNT)).toBe('dry-run');
  });
});

describe('responseModeFor: OU chain', () => {
  it('takes the nearest configured OU over a farther OU and the root', async () => {
    // Arrange
    useModes({
      default: 'contain',
      organizationalUnits: { [ROOT]: 'off', [WORKLOADS_OU]: 'contain', [TEAM_OU]: 'dry-run' },
    });
    organizationTree();

    // Act
    const mode = await responseModeFor(ACCOUNT);

    // Assert
    expect(mode).toBe('dry-run');
    expect(modeNeedsLookup(ACCOUNT)).toBe(true);
  });

  it('takes a farther OU over the root and stops reading at the root', async () => {
    // Arrange
    useModes({ organizationalUnits: { [ROOT]: 'contain', [WORKLOADS_OU]: 'off' } });
    organizationTree();

    // Act
    const mode = await responseModeFor(ACCOUNT);

    // Assert
    expect(mode).toBe('off');
    expect(childIds()).toEqual([ACCOUNT, TEAM_OU, WORKLOADS_OU]);
  });

  it('takes the root entry when no OU of the chain is configured', async () => {
    // Arrange
    useModes({ default: 'contain', organizationalUnits: { [ROOT]: 'dry-run' } });
    organizationTree();

    // Act / Assert
    expect(await responseModeFor(ACCOUNT)).toBe('dry-run');
  });

  it('falls back to the default when no OU of the chain is configured', async () => {
    // Arrange
    useModes({ default: 'off', organizationalUnits: { 'ou-ab12-99999999': 'contain' } });
    organizationTree();

    // Act / Assert
    expect(await responseModeFor(ACCOUNT)).toBe('off');
  });

  it('calls Organizations in us-east-1', async () => {
    // Arrange
    useModes({ organizationalUnits: { [ROOT]: 'contain' } });
    organizationTree();

    // Act
    await responseModeFor(ACCOUNT);

    // Assert
    const client = mocks.organizations.call(0).thisValue as OrganizationsClient;
    expect(await client.config.region()).toBe('us-east-1');
  });
});

describe('responseModeFor: cache of OU chains', () => {
  it('reads the chain of an account once', async () => {
    // Arrange
    useModes({ organizationalUnits: { [TEAM_OU]: 'dry-run' } });
    organizationTree();
    await responseModeFor(ACCOUNT);

    // Act
    const again = await responseModeFor(ACCOUNT);

    // Assert
    expect(again).toBe('dry-run');
    expect(childIds()).toEqual([ACCOUNT, TEAM_OU, WORKLOADS_OU]);
  });

  it('reads the chain once for concurrent findings of one account', async () => {
    // Arrange
    useModes({ organizationalUnits: { [TEAM_OU]: 'dry-run' } });
    organizationTree();

    // Act
    const modes = await Promise.all([responseModeFor(ACCOUNT), responseModeFor(ACCOUNT)]);

    // Assert
    expect(modes).toEqual(['dry-run', 'dry-run']);
    expect(childIds()).toEqual([ACCOUNT, TEAM_OU, WORKLOADS_OU]);
  });

  it('reads the chain again after resetResponseModes', async () => {
    // Arrange
    useModes({ organizationalUnits: { [TEAM_OU]: 'dry-run' } });
    organizationTree();
    await responseModeFor(ACCOUNT);

    // Act
    resetResponseModes();
    await responseModeFor(ACCOUNT);

    // Assert
    expect(childIds()).toHaveLength(6);
  });
});

describe('responseModeFor: ListParents failure', () => {
  it('throws a ResponderError that names the account and the cause, and says it does not act', async () => {
    // Arrange
    useModes({ organizationalUnits: { [ROOT]: 'contain' } });
    const denied = Object.assign(new Error('You don’t have permissions'), {
      name: 'AccessDeniedException',
      $metadata: {},
    });
    mocks.organizations.on(ListParentsCommand).rejects(denied);

    // Act
    const attempt = responseModeFor(ACCOUNT);

    // Assert
    await expect(attempt).rejects.toThrow(ResponderError);
    await expect(attempt).rejects.toMatchObject({
      cause: denied,
      message:
        `cannot resolve the response mode of account ${ACCOUNT}: organizations:ListParents failed ` +
        '(AccessDeniedException: You don’t have permissions); not acting',
    });
  });

  it('does not cache the failure: the next finding reads the chain again', async () => {
    // Arrange
    useModes({ organizationalUnits: { [TEAM_OU]: 'dry-run' } });
    mocks.organizations
      .on(ListParentsCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    await expect(responseModeFor(ACCOUNT)).rejects.toThrow(ResponderError);
    organizationTree();

    // Act
    const mode = await responseModeFor(ACCOUNT);

    // Assert
    expect(mode).toBe('dry-run');
    expect(childIds()).toEqual([ACCOUNT, ACCOUNT, TEAM_OU, WORKLOADS_OU]);
  });
});
