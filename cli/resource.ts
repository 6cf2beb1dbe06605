/** The resource an exception is granted on or revoked from, parsed from an id or ARN. */
import { UsageError } from './errors';

/** A resource that can carry the exception tag. */
export type ResourceRef =
  | {
      readonly kind: 'instance' | 'security-group' | 'snapshot';
      readonly id: string;
      /** From an ARN; otherwise the region of the credentials or `--region`. */
      readonly region?: string;
      readonly accountId?: string;
    }
  | { readonly kind: 'bucket'; readonly name: string }
  | {
      readonly kind: 'function';
      readonly name: string;
      /** The unqualified function ARN (tags belong to the function, not a version). */
      readonly arn: string;
      readonly region: string;
      readonly accountId: string;
    }
  | {
      readonly kind: 'user' | 'role';
      readonly name: string;
      readonly arn: string;
      readonly accountId: string;
    };

/** The kinds of {@link ResourceRef}. */
export type ResourceKind = ResourceRef['kind'];

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
const GROUP_ID = /^sg-[0-9a-f]{8,17}$/;
const SNAPSHOT_ID = /^snap-[0-9a-f]{8,17}$/;
// A snapshot ARN names no account: `arn:aws:ec2:<region>::snapshot/snap-…`.
const SNAPSHOT_ARN =
  /^arn:aws[\w-]*:ec2:([a-z]{2}(?:-[a-z]+)+-\d{1,2})::snapshot\/(snap-[0-9a-f]{8,17})$/;
const EC2_ARN =
  /^arn:aws[\w-]*:ec2:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):(instance|security-group)\/((?:i|sg)-[0-9a-f]{8,17})$/;
const BUCKET = '([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])';
const BUCKET_ARN = new RegExp(`^arn:aws[\\w-]*:s3:::${BUCKET}$`);
const BUCKET_URL = new RegExp(`^s3://${BUCKET}/?$`);
const FUNCTION_ARN =
  /^arn:(aws[\w-]*):lambda:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):function:([a-zA-Z0-9_-]{1,64})(?::[\w$-]{1,128})?$/;
const IAM_ARN = /^arn:aws[\w-]*:iam::(\d{12}):(user|role)\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,128})$/;

/** What the operator may pass as `--resource`. */
export const RESOURCE_FORMS =
  'i-…, sg-…, snap-…, an EC2 instance, security-group or snapshot ARN, arn:aws:s3:::<bucket>, s3://<bucket>, a Lambda function ARN, or an IAM user or role ARN';

/** Parses `--resource`; throws {@link UsageError} naming the accepted forms. */
export function parseResource(input: string): ResourceRef {
  const value = input.trim();
  if (INSTANCE_ID.test(value)) return { kind: 'instance', id: value };
  if (GROUP_ID.test(value)) return { kind: 'security-group', id: value };
  if (SNAPSHOT_ID.test(value)) return { kind: 'snapshot', id: value };
  const snapshot = SNAPSHOT_ARN.exec(value);
  if (snapshot?.[1] && snapshot[2])
    return { kind: 'snapshot', id: snapshot[2], region: snapshot[1] };
  const ec2 = EC2_ARN.exec(value);
  if (ec2) {
    const [, region, accountId, type, id] = ec2 as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    const kind = type === 'instance' ? 'instance' : 'security-group';
    if ((kind === 'instance') !== id.startsWith('i-')) {
      throw new UsageError(
        `--resource ${JSON.stringify(value)}: the id does not match the ARN's type`,
      );
    }
    return { kind, id, region, accountId };
  }
  const bucket = BUCKET_ARN.exec(value) ?? BUCKET_URL.exec(value);
  if (bucket?.[1]) return { kind: 'bucket', name: bucket[1] };
  const fn = FUNCTION_ARN.exec(value);
  if (fn) {
    const [, partition, region, accountId, name] = fn as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    const arn = `arn:${partition}:lambda:${region}:${accountId}:function:${name}`;
    return { kind: 'function', name, arn, region, accountId };
  }
  const iam = IAM_ARN.exec(value);
  if (iam) {
    const [, accountId, type, name] = iam as unknown as [string, string, 'user' | 'role', string];
    return { kind: type, name, arn: value, accountId };
  }
  throw new UsageError(
    `--resource ${JSON.stringify(value.slice(0, 200))} is not a resource that can carry an exception; use ${RESOURCE_FORMS}`,
  );
}

/** How a resource is printed: its id, bucket name or ARN. */
export function resourceLabel(ref: ResourceRef): string {
  switch (ref.kind) {
    case 'instance':
    case 'security-group':
    case 'snapshot':
      return ref.id;
    case 'bucket':
      return ref.name;
    case 'user':
    case 'role':
    case 'function':
      return ref.arn;
  }
}

/**
 * The registry's resource kind of each resource `grant` can tag: a responder whose exception is
 * read on another kind (`exception.on`) has it granted by hand (test/meta/registry.test.ts lists
 * the kinds no command covers).
 */
export const GRANTABLE_KINDS = {
  'ec2:instance': 'instance',
  'ec2:security-group': 'security-group',
  'ec2:snapshot': 'snapshot',
  's3:bucket': 'bucket',
  'lambda:function': 'function',
  'iam:user': 'user',
  'iam:role': 'role',
} as const satisfies Readonly<Record<string, ResourceKind>>;
