/**
 * `grant` and `revoke`: add or remove the exception tag with the operator's own credentials in the
 * member account (only the exception admins may touch the tag: member role Deny and optional SCP).
 * Every input is checked before the first AWS call; the credentials' account is checked against
 * the resource's ARN before the first change.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { TagChange, TagWhere } from '../lambdas/shared/exception-tags';
import { partitionOf, RETRY } from '../lambdas/shared/member-clients';
import { AWS_REGIONS } from '../modules/config/regions';
import { type Output, UsageError } from './errors';
import { checkTagKey, exceptionTagValue } from './exception-value';
import { loadTaggableKinds, parseResource, type ResourceRef, resourceLabel } from './resource';
import { formatTable } from './table';

/** Options of `revoke`, shared by `grant`. */
export interface RevokeOptions {
  /** An id or ARN of a kind carrying the exception tag (`RESOURCE_FORMS`). */
  readonly resource: string;
  /** Region of an EC2 resource given by id. @default the credentials' region */
  readonly region?: string;
  /** The exception tag key. @default the configured `exceptionTagKey` */
  readonly tagKey?: string;
  /** Print the change as one JSON object instead of text. */
  readonly json?: boolean;
}

/** Options of `grant`. */
export interface GrantOptions extends RevokeOptions {
  readonly ticket: string;
  /** `YYYY-MM-DD`, a future date. */
  readonly expires?: string;
  /** @default new Date() */
  readonly now?: Date;
}

/** The configuration `grant` and `revoke` read. */
export interface TagConfig {
  readonly exceptionTagKey: string;
}

/** The region the command works in: the ARN's, else `--region`, else the SDK's default chain. */
async function regionOf(ref: ResourceRef, option: string | undefined): Promise<string> {
  const fromArn = ref.kind.code.regionOf?.(ref.ref);
  if (option && !(AWS_REGIONS as readonly string[]).includes(option)) {
    throw new UsageError(`--region ${JSON.stringify(option.slice(0, 40))} is not an AWS region`);
  }
  if (fromArn && option && fromArn !== option) {
    throw new UsageError(
      `--region ${option} differs from the region ${fromArn} in the resource ARN`,
    );
  }
  const given = fromArn ?? option;
  if (given) return given;
  try {
    return await new STSClient({}).config.region();
  } catch {
    throw new UsageError('no AWS region: pass --region or set AWS_REGION');
  }
}

/** Checks the credentials' account against the ARN before any change. */
async function locate(ref: ResourceRef, option: string | undefined): Promise<TagWhere> {
  const region = await regionOf(ref, option);
  const sts = new STSClient({ region, ...RETRY });
  const account = (await sts.send(new GetCallerIdentityCommand({}))).Account ?? '';
  const expected = ref.kind.code.accountOf?.(ref.ref);
  if (expected && expected !== account) {
    throw new UsageError(
      `${resourceLabel(ref)} is in account ${expected}, but the credentials are of account ${account}: ` +
        'use the exception admin credentials of that member account',
    );
  }
  return { region, account, partition: partitionOf(region) };
}

function apply(
  r: ResourceRef,
  where: TagWhere,
  key: string,
  value: string | undefined,
): Promise<TagChange> {
  return value === undefined
    ? r.kind.code.revoke(r.ref, where, key)
    : r.kind.code.grant(r.ref, where, key, value);
}

/**
 * Where the resource lives, as printed: its region (EC2, Lambda); `global` (IAM); or its own
 * region whatever `--region` says (S3 follows the bucket there; `--region` only picks the first
 * endpoint).
 */
function locationOf(r: ResourceRef, where: TagWhere): string {
  const { lives, service } = r.kind.tag;
  if (lives === 'global') return `account ${where.account} (${service}, global)`;
  if (lives === 'own-region') {
    return `account ${where.account} (${service}, the ${r.kind.tag.type}'s own region)`;
  }
  return `account ${where.account}, ${where.region}`;
}

/** The JSON form of a grant or revoke. */
export interface TagChangeReport extends TagChange {
  readonly action: 'grant' | 'revoke';
  readonly resource: string;
  readonly account: string;
  /**
   * The region of a regional resource; `global` for IAM; the kind's type for one reached in its
   * own region (`bucket` for S3).
   */
  readonly region: string;
  readonly key: string;
  readonly value?: string;
}

function report(
  action: 'grant' | 'revoke',
  ref: ResourceRef,
  where: TagWhere,
  key: string,
  value: string | undefined,
  change: TagChange,
): TagChangeReport {
  const { lives, type } = ref.kind.tag;
  const region = lives === 'global' ? 'global' : lives === 'own-region' ? type : where.region;
  return {
    action,
    resource: resourceLabel(ref),
    account: where.account,
    region,
    key,
    ...(value !== undefined ? { value } : {}),
    ...change,
  };
}

function print(out: Output, headline: string, change: TagChange): void {
  const rows = change.resources.map((r) => [r.id, r.type]);
  const lines = [
    headline,
    ...formatTable(['RESOURCE', 'TYPE'], rows)
      .split('\n')
      .map((l) => `  ${l}`),
    ...(change.notes ?? []).map((n) => `Note: ${n}`),
  ];
  out.write(`${lines.join('\n')}\n`);
}

/** Grants an exception: validates, then tags the resource (and what IAM evaluates with it). */
export async function grantException(
  options: GrantOptions,
  config: TagConfig,
  out: Output,
): Promise<TagChange> {
  const key = checkTagKey(options.tagKey ?? config.exceptionTagKey);
  const value = exceptionTagValue(key, options.ticket, options.expires, options.now);
  const ref = parseResource(options.resource, await loadTaggableKinds());
  const where = await locate(ref, options.region);
  const change = await apply(ref, where, key, value);
  const was =
    change.previous === undefined ? '' : ` (replacing ${JSON.stringify(change.previous)})`;
  const tagKey = change.keys[0] ?? key;
  if (options.json) {
    out.write(`${JSON.stringify(report('grant', ref, where, tagKey, value, change), null, 2)}\n`);
  } else {
    print(out, `Granted ${tagKey}=${value}${was} in ${locationOf(ref, where)}:`, change);
  }
  return change;
}

/** Revokes an exception: removes every letter-case variant of the tag the grant wrote. */
export async function revokeException(
  options: RevokeOptions,
  config: TagConfig,
  out: Output,
): Promise<TagChange> {
  const key = checkTagKey(options.tagKey ?? config.exceptionTagKey);
  const ref = parseResource(options.resource, await loadTaggableKinds());
  const where = await locate(ref, options.region);
  const change = await apply(ref, where, key, undefined);
  if (options.json) {
    out.write(`${JSON.stringify(report('revoke', ref, where, key, undefined, change), null, 2)}\n`);
    return change;
  }
  if (change.resources.length === 0) {
    out.write(`${resourceLabel(ref)} carries no ${key} tag; nothing changed\n`);
    return change;
  }
  const was = change.previous === undefined ? '' : ` (was ${JSON.stringify(change.previous)})`;
  print(out, `Revoked ${change.keys.join(', ')}${was} in ${locationOf(ref, where)}:`, change);
  return change;
}
