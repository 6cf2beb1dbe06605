/**
 * Shared arrangement of the block-principal tests: fixtures, the live user and role IAM returns,
 * the published outcomes, and a tracker that counts sequential round trips to the member account.
 */
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  GetRoleCommand,
  GetUserCommand,
  PutRolePolicyCommand,
  type PutRolePolicyCommandInput,
  PutUserPolicyCommand,
  type PutUserPolicyCommandInput,
  type Tag,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { Outcome } from '../../../lambdas/shared/outcome';
import roleFixture from '../../fixtures/guardduty/iam-role-credential-exfiltration.json';
import rootFixture from '../../fixtures/guardduty/iam-root-credential-usage.json';
import userFixture from '../../fixtures/guardduty/iam-user-malicious-ip.json';
import accessKeysFixture from '../../fixtures/securityhub/iam-access-keys.json';
import iamUserFixture from '../../fixtures/securityhub/iam-user.json';
import { type Mocks, resetAll, sentActions } from '../../support/aws';

export const ACCOUNT = '222222222222';
export const USER = 'ci-deployer';
export const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/${USER}`;
export const USER_KEY = 'AKIAEXAMPLEKEY7Q3ZRT';
export const ROLE = 'app-server-role';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
export const DENY_ALL = 'arn:aws:iam::aws:policy/AWSDenyAll';
export const USER_FINDING = 'b4e8d2c6a0f94b1e8d7c6b5a4f3e2d1c';

/** Fresh copies of the fixtures. */
export const events = {
  user: () => structuredClone(userFixture),
  role: () => structuredClone(roleFixture),
  root: () => structuredClone(rootFixture),
  accessKeys: () => structuredClone(accessKeysFixture),
  iamUser: () => structuredClone(iamUserFixture),
};

/** A fresh copy of `fixture` with one change applied. */
export function variant<T>(fixture: T, change: (event: T) => void): T {
  const event = structuredClone(fixture);
  change(event);
  return event;
}

/**
 * Counts sequential round trips: each answered call waits a timer tick, and its depth is one more
 * than the deepest call that had completed when it started. Calls sent together share a depth.
 */
export class RoundTrips {
  readonly calls: { action: string; depth: number }[] = [];
  private completed = 0;

  /**
   * Wraps an answer so that the call is counted. A member-account call first resolves its client's
   * credentials, as SDK signing does (the mock replaces `send`, signing included): that is where
   * the member role is assumed.
   */
  wrap<O>(action: string, answer: () => O) {
    return async (_input: unknown, getClient?: () => { config: unknown }): Promise<O> => {
      const config = getClient?.().config as { credentials?: () => Promise<unknown> } | undefined;
      if (action.startsWith('iam:')) await config?.credentials?.();
      const entry = { action, depth: this.completed + 1 };
      this.calls.push(entry);
      await new Promise((r) => setTimeout(r, 1));
      this.completed = Math.max(this.completed, entry.depth);
      return answer();
    };
  }

  /** The calls of each depth, `depth: action, action`. */
  get chain(): string[] {
    const max = Math.max(0, ...this.calls.map((c) => c.depth));
    return Array.from({ length: max }, (_, i) =>
      this.calls
        .filter((c) => c.depth === i + 1)
        .map((c) => c.action)
        .sort()
        .join(' || '),
    );
  }
}

/** The live principal IAM returns. */
export interface LiveSpec {
  readonly name?: string;
  readonly tags?: Tag[];
  readonly path?: string;
}

/**
 * Resets every mock and cache with `env`, and answers the member account as a healthy one: the
 * user and role exist with `live`, every IAM write succeeds. Returns the round-trip tracker of
 * the member-account calls (AssumeRole included).
 */
export function arrange(
  mocks: Mocks,
  options: { env?: Record<string, string>; user?: LiveSpec; role?: LiveSpec } = {},
): RoundTrips {
  resetAll(mocks, options.env);
  const trips = new RoundTrips();
  mocks.sts.on(AssumeRoleCommand).callsFake(
    trips.wrap('sts:AssumeRole', () => ({
      Credentials: {
        AccessKeyId: 'ASIAFAKEMEMBERKEY001',
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date(Date.now() + 3600_000),
      },
    })),
  );
  mocks.iam.onAnyCommand().callsFake(trips.wrap('iam:other', () => ({})));
  const ok = (action: string) => trips.wrap(`iam:${action}`, () => ({}));
  mocks.iam.on(UpdateAccessKeyCommand).callsFake(ok('UpdateAccessKey'));
  mocks.iam.on(AttachUserPolicyCommand).callsFake(ok('AttachUserPolicy'));
  mocks.iam.on(PutUserPolicyCommand).callsFake(ok('PutUserPolicy'));
  mocks.iam.on(AttachRolePolicyCommand).callsFake(ok('AttachRolePolicy'));
  mocks.iam.on(PutRolePolicyCommand).callsFake(ok('PutRolePolicy'));
  const user = options.user ?? {};
  const userName = user.name ?? USER;
  const userPath = user.path ?? '/';
  mocks.iam.on(GetUserCommand).callsFake(
    trips.wrap('iam:GetUser', () => ({
      User: {
        UserName: userName,
        UserId: 'AIDAEXAMPLEUSER4XVW2',
        Path: userPath,
        Arn: `arn:aws:iam::${ACCOUNT}:user${userPath}${userName}`,
        CreateDate: new Date('2024-01-10T08:00:00Z'),
        Tags: user.tags ?? [{ Key: 'team', Value: 'platform' }],
      },
    })),
  );
  const role = options.role ?? {};
  const roleName = role.name ?? ROLE;
  const rolePath = role.path ?? '/';
  mocks.iam.on(GetRoleCommand).callsFake(
    trips.wrap('iam:GetRole', () => ({
      Role: {
        RoleName: roleName,
        RoleId: 'AROAEXAMPLEROLE3MN7P',
        Path: rolePath,
        Arn: `arn:aws:iam::${ACCOUNT}:role${rolePath}${roleName}`,
        CreateDate: new Date('2024-01-10T08:00:00Z'),
        Tags: role.tags ?? [{ Key: 'team', Value: 'platform' }],
      },
    })),
  );
  return trips;
}

/** A published SNS message: the outcome and its message attributes. */
export interface Published {
  readonly outcome: Outcome;
  readonly attributes: Record<string, string | undefined>;
}

/** The messages published to SNS, in publish order (also when the handler rejected). */
export function published(mocks: Mocks): Published[] {
  return mocks.sns.calls().map((c) => {
    const input = (
      c.args[0] as {
        input: { Message: string; MessageAttributes: Record<string, { StringValue?: string }> };
      }
    ).input;
    const attributes = Object.fromEntries(
      Object.entries(input.MessageAttributes).map(([k, v]) => [k, v.StringValue]),
    );
    const outcome = JSON.parse(input.Message.slice(input.Message.indexOf('\n\n') + 2)) as Outcome;
    return { outcome, attributes };
  });
}

/** The only published outcome (fails the test when there is not exactly one). */
export function onlyOutcome(mocks: Mocks): Outcome {
  const all = published(mocks);
  expect(all).toHaveLength(1);
  return (all[0] as Published).outcome;
}

/** `status action target` of each step, for compact assertions. */
export function stepsOf(outcome: Outcome | undefined): string[] {
  return (outcome?.steps ?? []).map((s) => `${s.status} ${s.action} ${s.target}`);
}

/** IAM calls that change something (anything but Get*), as IAM actions. */
export function iamWrites(mocks: Mocks): string[] {
  return sentActions(mocks).filter((a) => a.startsWith('iam:') && !a.startsWith('iam:Get'));
}

/** Member-account calls (STS and IAM), as IAM actions. */
export function memberCalls(mocks: Mocks): string[] {
  return sentActions(mocks).filter((a) => a.startsWith('iam:') || a.startsWith('sts:'));
}

/** The revoke-sessions document of a PutUserPolicy / PutRolePolicy input, parsed. */
export function policyOf(input: PutUserPolicyCommandInput | PutRolePolicyCommandInput | undefined) {
  return JSON.parse(input?.PolicyDocument ?? 'null') as {
    Version: string;
    Statement: {
      Effect: string;
      Action: string[];
      Resource: string[];
      Condition: { DateLessThan: { 'aws:TokenIssueTime': string } };
    }[];
  };
}

/** The instant a revoke-sessions document cuts at, in ms since the epoch. */
export function cutOf(input: PutUserPolicyCommandInput | PutRolePolicyCommandInput | undefined) {
  return Date.parse(
    policyOf(input).Statement[0]?.Condition.DateLessThan['aws:TokenIssueTime'] ?? '',
  );
}

export { awsError } from '../../support/aws';
