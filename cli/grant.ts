/**
 * `grant` and `revoke`: add or remove the exception tag with the operator's own credentials in the
 * member account (only the exception admins may touch the tag: member role Deny and optional SCP).
 * Every input is checked before the first AWS call; the credentials' account is checked against
 * the resource's ARN before the first change.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { partitionOf, RETRY } from '../lambdas/shared/member-clients';
import { AWS_REGIONS } from '../modules/config/regions';
import { grantBucket, revokeBucket } from './bucket-tags';
import {
  grantInstance,
  grantSecurityGroup,
  grantSnapshot,
  revokeInstance,
  revokeSecurityGroup,
  revokeSnapshot,
} from './ec2-tags';
import { type Output, UsageError } from './errors';
import { checkTagKey, exceptionTagValue } from './exception-value';
import { grantPrincipal, revokePrincipal } from './iam-tags';
import { grantFunction, revokeFunction } from './lambda-tags';
import { parseResource, type ResourceRef, resourceLabel } from './resource';
import { formatTable } from './table';
import type { TagChange } from './tag-change';

/** Options of `revoke`, shared by `grant`. */
export interface RevokeOptions {
  /** Instance, security-group or snapshot id or ARN, bucket ARN or `s3://` URL, Lambda function ARN, IAM user or role ARN. */
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

interface Where {
  readonly region: string;
  readonly account: string;
}

/** The region the command works in: the ARN's, else `--region`, else the SDK's default chain. */
async function regionOf(ref: ResourceRef, option: string | undefined): Promise<string> {
  const fromArn = 'region' in ref ? ref.region : undefined;
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
async function locate(ref: ResourceRef, option: string | undefined): Promise<Where> {
  const region = await regionOf(ref, option);
  const sts = new STSClient({ region, ...RETRY });
  const account = (await sts.send(new GetCallerIdentityCommand({}))).Account ?? '';
  const expected = 'accountId' in ref ? ref.accountId : undefined;
  if (expected && expected !== account) {
    throw new UsageError(
      `${resourceLabel(ref)} is in account ${expected}, but the credentials are of account ${account}: ` +
        'use the exception admin credentials of that member account',
    );
  }
  return { region, account };
}

async function apply(
  ref: ResourceRef,
  where: Where,
  key: string,
  value: string | undefined,
): Promise<TagChange> {
  const clientConfig = { region: where.region, ...RETRY };
  switch (ref.kind) {
    case 'instance': {
      const ec2 = new EC2Client(clientConfig);
      return value === undefined
        ? revokeInstance(ec2, ref.id, key)
        : grantInstance(ec2, ref.id, key, value);
    }
    case 'security-group': {
      const ec2 = new EC2Client(clientConfig);
      return value === undefined
        ? revokeSecurityGroup(ec2, ref.id, key)
        : grantSecurityGroup(ec2, ref.id, key, value);
    }
    case 'snapshot': {
      const ec2 = new EC2Client(clientConfig);
      return value === undefined
        ? revokeSnapshot(ec2, ref.id, key)
        : grantSnapshot(ec2, ref.id, key, value);
    }
    case 'bucket': {
      // S3 calls are redirected to the bucket's own region; S3 Control is created there.
      const clients = {
        s3: new S3Client({ ...clientConfig, followRegionRedirects: true }),
        controlIn: (region: string) => new S3ControlClient({ region, ...RETRY }),
      };
      const target = {
        bucket: ref.name,
        owner: where.account,
        partition: partitionOf(where.region),
      };
      return value === undefined
        ? revokeBucket(clients, target, key)
        : grantBucket(clients, target, key, value);
    }
    case 'function': {
      const lambda = new LambdaClient(clientConfig);
      return value === undefined
        ? revokeFunction(lambda, ref.arn, key)
        : grantFunction(lambda, ref.arn, key, value);
    }
    case 'user':
    case 'role': {
      const iam = new IAMClient(clientConfig);
      return value === undefined
        ? revokePrincipal(iam, ref, key)
        : grantPrincipal(iam, ref, key, value);
    }
  }
}

/**
 * Where the resource lives, as printed: its region for EC2; IAM is global; S3 follows the bucket to
 * its own region whatever `--region` says (it only picks the first endpoint).
 */
function locationOf(ref: ResourceRef, where: Where): string {
  if (ref.kind === 'user' || ref.kind === 'role') return `account ${where.account} (IAM, global)`;
  if (ref.kind === 'bucket') return `account ${where.account} (S3, the bucket's own region)`;
  return `account ${where.account}, ${where.region}`;
}

/** The JSON form of a grant or revoke. */
export interface TagChangeReport extends TagChange {
  readonly action: 'grant' | 'revoke';
  readonly resource: string;
  readonly account: string;
  /** The region of an EC2 resource; `global` for IAM; `bucket` for S3 (its own region). */
  readonly region: string;
  readonly key: string;
  readonly value?: string;
}

function report(
  action: 'grant' | 'revoke',
  ref: ResourceRef,
  where: Where,
  key: string,
  value: string | undefined,
  change: TagChange,
): TagChangeReport {
  const region =
    ref.kind === 'user' || ref.kind === 'role'
      ? 'global'
      : ref.kind === 'bucket'
        ? 'bucket'
        : where.region;
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
  const ref = parseResource(options.resource);
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
  const ref = parseResource(options.resource);
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
