/**
 * Cross-account access: assumes the member role in the finding's account with an explicit
 * `AssumeRoleCommand`, caches the credentials per account until shortly before they expire, and
 * builds SDK clients for the finding's own region. Callers pass the client class, so each bundle
 * holds only the SDK clients its responder uses. The STS client (and with it the SDK core every
 * client shares) is not loaded at Lambda init: the handler starts loading it as an invocation
 * begins ({@link loadSts}), while the event is parsed, so the init loads no SDK at all.
 */
import type { AssumeRoleCommandOutput, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { responderEnv } from './config';
import { MemberAccessError } from './errors';
import { lazyModule } from './lazy';
import { limitSends } from './limiter';

/**
 * The STS client module, loaded once on first use. The handler starts the load as each invocation
 * begins (a no-op once loaded), so it runs beside the parse, not at init.
 */
export const loadSts = lazyModule(() => import('./sts-client'));

/** Retry settings for every SDK client: adaptive mode backs off on throttling. */
export const RETRY = { maxAttempts: 6, retryMode: 'adaptive' } as const;

/** Credentials are refreshed this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** The partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

let sts: STSClient | undefined;
const credentials = new Map<string, Promise<AwsCredentialIdentity>>();
const clients = new Map<string, unknown>();

/** Session name and source identity: `ir-` and the tail of the finding id (which ends with the id). */
export function sessionNameFor(findingId: string): string {
  const safe = findingId.replace(/[^\w+=,.@-]/g, '-');
  return `ir-${safe.slice(-60)}`;
}

/** The ARN of role `roleName` in an account, in the partition of `region`. */
export function roleArnIn(accountId: string, region: string, roleName: string): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:role/${roleName}`;
}

/** The ARN of the member role in an account. */
export function memberRoleArn(accountId: string, region: string): string {
  return roleArnIn(accountId, region, responderEnv().MEMBER_ROLE_NAME);
}

async function assume(
  accountId: string,
  region: string,
  findingId: string,
): Promise<AwsCredentialIdentity> {
  const roleArn = memberRoleArn(accountId, region);
  const name = sessionNameFor(findingId);
  try {
    // Inside the try: a failed load fails this finding as MemberAccessError, like a failed call.
    const { AssumeRoleCommand, STSClient } = await loadSts();
    sts ??= new STSClient({ ...RETRY });
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: name,
        SourceIdentity: name,
        DurationSeconds: 3600,
      }),
    );
    return credentialsOf(out.Credentials);
  } catch (cause) {
    throw new MemberAccessError(accountId, roleArn, { cause });
  }
}

/** SDK credentials from an AssumeRole answer; throws when the answer holds none. */
export function credentialsOf(c: AssumeRoleCommandOutput['Credentials']): AwsCredentialIdentity {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
    throw new Error('AssumeRole returned no credentials');
  }
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration,
  };
}

function isFresh(c: AwsCredentialIdentity): boolean {
  return !c.expiration || c.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS;
}

/**
 * Credentials of the member role in `accountId`, shared by concurrent callers. The session that
 * opens the cache entry carries its finding id in CloudTrail; later findings reuse it until expiry.
 */
export async function memberCredentials(
  accountId: string,
  region: string,
  findingId: string,
): Promise<AwsCredentialIdentity> {
  const pending = credentials.get(accountId);
  if (pending) {
    try {
      const c = await pending;
      if (isFresh(c)) return c;
    } catch {
      // A failed attempt is not cached: try again below.
    }
    if (credentials.get(accountId) !== pending)
      return memberCredentials(accountId, region, findingId);
  }
  const next = assume(accountId, region, findingId);
  credentials.set(accountId, next);
  next.catch(() => {
    if (credentials.get(accountId) === next) credentials.delete(accountId);
  });
  return next;
}

/** A constructor of an SDK v3 client. */
export type ClientClass<C> = new (config: {
  region: string;
  credentials: () => Promise<AwsCredentialIdentity>;
  maxAttempts: number;
  retryMode: string;
}) => C;

/** Where a finding's member-account clients point. */
export interface MemberTarget {
  readonly accountId: string;
  readonly region: string;
  readonly findingId: string;
}

/**
 * An SDK client of the member account and region of `target`, cached per container, with at most
 * a few calls in flight (limiter.ts).
 */
export function memberClient<C>(Client: ClientClass<C>, target: MemberTarget): C {
  const key = `${Client.name}/${target.accountId}/${target.region}`;
  const existing = clients.get(key) as C | undefined;
  if (existing) return existing;
  const client = limitSends(
    new Client({
      region: target.region,
      credentials: () => memberCredentials(target.accountId, target.region, target.findingId),
      ...RETRY,
    }) as C & object,
  );
  clients.set(key, client);
  return client;
}

/** Forgets cached credentials and clients (tests, and the benchmark's cold container). */
export function resetMemberClients(): void {
  credentials.clear();
  clients.clear();
  sts = undefined;
}
