/**
 * The exception tag on IAM users and roles, for `security-ir grant`, `revoke` and `audit`: IAM
 * evaluates it for every user and role action.
 */
import {
  IAMClient,
  ListRoleTagsCommand,
  ListUserTagsCommand,
  paginateListRoles,
  paginateListUsers,
  TagRoleCommand,
  TagUserCommand,
  UntagRoleCommand,
  UntagUserCommand,
} from '@aws-sdk/client-iam';
import {
  type AuditRow,
  type ExceptionTagKinds,
  errorRow,
  exceptionRow,
  exceptionTagKind,
  keyVariants,
  PARTITION_PATTERN,
  PER_ACCOUNT,
  type ScanContext,
  type TagChange,
  type TagWhere,
} from '../shared/exception-tags';
import { RETRY } from '../shared/member-clients';
import { mapLimit } from '../shared/pool';

/** An IAM user or role, by name. */
interface Principal {
  readonly kind: 'user' | 'role';
  readonly name: string;
  readonly arn: string;
  readonly accountId: string;
}

const iamIn = (where: TagWhere) => new IAMClient({ region: where.region, ...RETRY });

/** Tags the user or role. */
async function grantPrincipal(
  iam: IAMClient,
  p: Principal,
  key: string,
  value: string,
): Promise<TagChange> {
  const Tags = [{ Key: key, Value: value }];
  if (p.kind === 'user') await iam.send(new TagUserCommand({ UserName: p.name, Tags }));
  else await iam.send(new TagRoleCommand({ RoleName: p.name, Tags }));
  return { resources: [{ id: p.arn, type: p.kind }], keys: [key] };
}

/** The tags of a user or role. */
async function principalTags(
  iam: IAMClient,
  p: Pick<Principal, 'kind' | 'name'>,
): Promise<{ Key?: string; Value?: string }[]> {
  const out =
    p.kind === 'user'
      ? await iam.send(new ListUserTagsCommand({ UserName: p.name }))
      : await iam.send(new ListRoleTagsCommand({ RoleName: p.name }));
  return out.Tags ?? [];
}

/** Removes the tag (every letter-case variant) from the user or role; nothing if it has none. */
async function revokePrincipal(iam: IAMClient, p: Principal, key: string): Promise<TagChange> {
  const found = keyVariants(await principalTags(iam, p), key);
  if (found.keys.length === 0) return { resources: [], keys: [] };
  if (p.kind === 'user') {
    await iam.send(new UntagUserCommand({ UserName: p.name, TagKeys: found.keys }));
  } else {
    await iam.send(new UntagRoleCommand({ RoleName: p.name, TagKeys: found.keys }));
  }
  return {
    resources: [{ id: p.arn, type: p.kind }],
    keys: found.keys,
    ...(found.value !== undefined ? { previous: found.value } : {}),
  };
}

/** The users or roles carrying the tag (IAM lists no tags: one read per principal). */
async function auditPrincipals(
  kind: 'user' | 'role',
  ctx: ScanContext,
  homeRegion: string,
): Promise<AuditRow[]> {
  try {
    const iam = new IAMClient({ region: homeRegion, credentials: ctx.credentials, ...RETRY });
    const principals: { kind: 'user' | 'role'; name: string; arn: string }[] = [];
    if (kind === 'user') {
      for await (const page of paginateListUsers({ client: iam }, {})) {
        for (const u of page.Users ?? []) {
          if (u.UserName && u.Arn) principals.push({ kind, name: u.UserName, arn: u.Arn });
        }
      }
    } else {
      for await (const page of paginateListRoles({ client: iam }, {})) {
        for (const r of page.Roles ?? []) {
          if (r.RoleName && r.Arn) principals.push({ kind, name: r.RoleName, arn: r.Arn });
        }
      }
    }
    const rows = await mapLimit(principals, PER_ACCOUNT, async (p) =>
      exceptionRow(
        ctx,
        { resource: p.arn, type: p.kind, region: 'global' },
        await principalTags(iam, p),
      ),
    );
    return rows.filter((r): r is AuditRow => r !== undefined);
  } catch (error) {
    return [errorRow(ctx.account, 'global', `(IAM ${kind}s)`, error)];
  }
}

function principalKind(kind: 'user' | 'role') {
  const arn = new RegExp(
    `^arn:${PARTITION_PATTERN}:iam::(\\d{12}):${kind}/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]{1,128})$`,
  );
  return exceptionTagKind<Principal>({
    parse: (input) => {
      const m = arn.exec(input);
      return m ? { kind, accountId: m[1] as string, name: m[2] as string, arn: input } : undefined;
    },
    label: (p) => p.arn,
    accountOf: (p) => p.accountId,
    grant: (p, where, key, value) => grantPrincipal(iamIn(where), p, key, value),
    revoke: (p, where, key) => revokePrincipal(iamIn(where), p, key),
    audit: (ctx, homeRegion) => auditPrincipals(kind, ctx, homeRegion),
  });
}

/** The kinds this responder owns that carry the exception tag. */
export const exceptionTags: ExceptionTagKinds = {
  'iam:user': principalKind('user'),
  'iam:role': principalKind('role'),
};
