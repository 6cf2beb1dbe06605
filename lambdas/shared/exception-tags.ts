/**
 * What `security-ir grant`, `revoke` and `audit` need of a resource kind that carries the exception
 * tag, and what they share. Each kind's definition lives with the responder that owns it
 * (`lambdas/<owner>/exception-tags.ts`, `export const exceptionTags`), keyed by the kind the
 * registry entry declares (`kinds.<kind>.exceptionTag`); the operator tool loads it by name.
 */
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { describeCause } from './errors';
import { findException, type TagsInput } from './exception';

/** One resource whose tags were changed. */
export interface TaggedResource {
  readonly id: string;
  /** e.g. `instance`, `network interface`, `volume`, `bucket`. */
  readonly type: string;
}

/** What a grant or revoke changed; `resources` is empty when nothing needed changing. */
export interface TagChange {
  readonly resources: readonly TaggedResource[];
  /** The exact tag keys written or removed (a revoke removes every letter-case variant). */
  readonly keys: readonly string[];
  /** The value the exception had before, when it was read. */
  readonly previous?: string;
  /** Extra facts for the operator, e.g. that bucket ABAC was enabled. */
  readonly notes?: readonly string[];
}

/** The keys among `tags` equal to `key` in any letter case, as IAM compares them. */
export function keyVariants(
  tags: readonly { readonly Key?: string; readonly Value?: string }[] | undefined,
  key: string,
): { keys: string[]; value?: string } {
  const wanted = key.toLowerCase();
  const hits = (tags ?? []).filter((t) => t.Key?.toLowerCase() === wanted);
  const value = hits[0]?.Value;
  return { keys: hits.map((t) => t.Key as string), ...(value !== undefined ? { value } : {}) };
}

/** Where `grant` or `revoke` works: the region and account of the operator's credentials. */
export interface TagWhere {
  readonly region: string;
  readonly account: string;
  readonly partition: string;
}

/** Why an audit row needs attention (`untagged-<part>`: a part IAM evaluates lacks the tag). */
export type AuditFlag = 'expired' | 'malformed' | 'error' | `untagged-${string}`;

/** One resource carrying the exception tag, or one part of an account that could not be read. */
export interface AuditRow {
  readonly resource: string;
  /** The kind's `exceptionTag.type` (e.g. `instance`), or `error`. */
  readonly type: string;
  readonly account: string;
  /** The resource's region; `global` for IAM. */
  readonly region: string;
  readonly key?: string;
  readonly value?: string;
  readonly ticket?: string;
  readonly expires?: string;
  readonly flags: readonly AuditFlag[];
  readonly error?: string;
}

/** One member account, reached through the member role (read-only: the audit's reads). */
export interface ScanContext {
  readonly account: string;
  readonly credentials: AwsCredentialIdentity;
  readonly tagKey: string;
  readonly now: Date;
}

/** Parallel reads per account (tag reads of IAM, S3, Lambda are one call per resource). */
export const PER_ACCOUNT = 4;

/** A row for a part of an account that could not be read. */
export function errorRow(account: string, region: string, what: string, error: unknown): AuditRow {
  return {
    resource: what,
    type: 'error',
    account,
    region,
    flags: ['error'],
    error: describeCause(error),
  };
}

/** The audit row of a resource when its tags carry the exception, else undefined. */
export function exceptionRow(
  ctx: ScanContext,
  where: { resource: string; type: string; region: string },
  tags: TagsInput | undefined,
  extra: readonly AuditFlag[] = [],
): AuditRow | undefined {
  const ex = findException(tags, ctx.tagKey, ctx.now);
  if (!ex) return undefined;
  const flags: AuditFlag[] = [];
  if (ex.expired) flags.push('expired');
  if (ex.malformed) flags.push('malformed');
  return {
    ...where,
    account: ctx.account,
    key: ex.key,
    value: ex.value,
    ticket: ex.ticket,
    ...(ex.expires !== undefined ? { expires: ex.expires } : {}),
    flags: [...flags, ...extra],
  };
}

/**
 * One resource kind's exception tag, as the operator tool handles it. `Ref` is the kind's own
 * parsed `--resource`.
 */
export interface ExceptionTagKind<Ref> {
  /** The resource named by `input` (an id or ARN), or undefined when it is not of this kind. */
  readonly parse: (input: string) => Ref | undefined;
  /** How the resource is printed: its id, name or ARN. */
  readonly label: (ref: Ref) => string;
  /** The region the input names (an ARN's), if any: `--region` must agree. */
  readonly regionOf?: (ref: Ref) => string | undefined;
  /** The account the input names (an ARN's), if any: the credentials must be of it. */
  readonly accountOf?: (ref: Ref) => string | undefined;
  /** Adds the tag (and on the `alsoOn` kinds IAM evaluates with it), with the operator's credentials. */
  readonly grant: (ref: Ref, where: TagWhere, key: string, value: string) => Promise<TagChange>;
  /** Removes every letter-case variant of the tag from wherever `grant` put it. */
  readonly revoke: (ref: Ref, where: TagWhere, key: string) => Promise<TagChange>;
  /**
   * The resources of one account carrying the tag, through the member role: in `region` for a kind
   * that `lives` in one region, else once (from the home region). Never throws: a failure is an
   * {@link errorRow} and the other reads go on.
   */
  readonly audit: (ctx: ScanContext, region: string) => Promise<AuditRow[]>;
}

/** A kind's definition with its reference type erased, as the operator tool holds it. */
export type AnyExceptionTagKind = ExceptionTagKind<unknown>;

/** Declares one kind's definition (checks `Ref` across its functions, then erases it). */
export function exceptionTagKind<Ref>(definition: ExceptionTagKind<Ref>): AnyExceptionTagKind {
  return definition as unknown as AnyExceptionTagKind;
}

/** What `lambdas/<owner>/exception-tags.ts` exports: a definition per kind it owns. */
export type ExceptionTagKinds = Readonly<Record<string, AnyExceptionTagKind>>;

/** An AWS region inside an ARN pattern (`eu-west-1`, `us-gov-west-1`). */
export const REGION_PATTERN = '[a-z]{2}(?:-[a-z]+)+-\\d{1,2}';

/** A partition inside an ARN pattern (`aws`, `aws-cn`, `aws-us-gov`). */
export const PARTITION_PATTERN = 'aws[\\w-]*';

/** One listed resource as an audit reads it: where it is and its tags. */
export interface ListedResource {
  readonly resource: string | undefined;
  readonly tags: TagsInput | undefined;
}

/**
 * The audit rows of one listing of a region: a row per listed resource that carries the exception
 * tag, or one error row naming `what` (e.g. `(EBS snapshots)`) when the listing fails part-way.
 */
export async function auditListing(
  ctx: ScanContext,
  region: string,
  type: string,
  what: string,
  pages: AsyncIterable<readonly ListedResource[]>,
): Promise<AuditRow[]> {
  const rows: AuditRow[] = [];
  try {
    for await (const page of pages) {
      for (const r of page) {
        const row = exceptionRow(ctx, { resource: r.resource ?? '', type, region }, r.tags);
        if (row) rows.push(row);
      }
    }
    return rows;
  } catch (error) {
    return [errorRow(ctx.account, region, what, error)];
  }
}
