/**
 * The exception tag on Lambda functions, for `security-ir grant`, `revoke` and `audit`: IAM
 * evaluates `aws:ResourceTag` of the function for `lambda:PutFunctionConcurrency`
 * (test/iam/member-role.test.ts), and the responder reads the same tags with `GetFunction`. Tags
 * belong to the function, never to a version or alias.
 */
import {
  LambdaClient,
  ListTagsCommand,
  paginateListFunctions,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-lambda';
import { isAwsError } from '../shared/errors';
import {
  type AuditRow,
  type ExceptionTagKinds,
  errorRow,
  exceptionRow,
  exceptionTagKind,
  keyVariants,
  PARTITION_PATTERN,
  PER_ACCOUNT,
  REGION_PATTERN,
  type ScanContext,
  type TagChange,
} from '../shared/exception-tags';
import { RETRY } from '../shared/member-clients';
import { mapLimit } from '../shared/pool';

/** A function by its unqualified ARN (tags belong to the function, not a version). */
interface FunctionRef {
  readonly arn: string;
  readonly region: string;
  readonly accountId: string;
}

const ARN = new RegExp(
  `^arn:(${PARTITION_PATTERN}):lambda:(${REGION_PATTERN}):(\\d{12}):function:([a-zA-Z0-9_-]{1,64})(?::[\\w$-]{1,128})?$`,
);

/** Tags the function (by its unqualified ARN). */
async function grantFunction(
  lambda: LambdaClient,
  arn: string,
  key: string,
  value: string,
): Promise<TagChange> {
  await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { [key]: value } }));
  return { resources: [{ id: arn, type: 'function' }], keys: [key] };
}

/** Removes the tag (every letter-case variant) from the function; nothing if it has none. */
async function revokeFunction(lambda: LambdaClient, arn: string, key: string): Promise<TagChange> {
  const tags = (await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags ?? {};
  const found = keyVariants(
    Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    key,
  );
  if (found.keys.length === 0) return { resources: [], keys: [] };
  await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: found.keys }));
  return {
    resources: [{ id: arn, type: 'function' }],
    keys: found.keys,
    ...(found.value !== undefined ? { previous: found.value } : {}),
  };
}

/**
 * Functions of one region carrying the tag (ListFunctions returns no tags: one ListTags per
 * function).
 */
async function auditFunctions(ctx: ScanContext, region: string): Promise<AuditRow[]> {
  const lambda = new LambdaClient({ region, credentials: ctx.credentials, ...RETRY });
  const functions: string[] = [];
  try {
    for await (const page of paginateListFunctions({ client: lambda }, {})) {
      for (const f of page.Functions ?? []) if (f.FunctionArn) functions.push(f.FunctionArn);
    }
  } catch (error) {
    return [errorRow(ctx.account, region, '(Lambda functions)', error)];
  }
  const rows = await mapLimit(functions, PER_ACCOUNT, async (arn) => {
    try {
      const tags = (await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags;
      return exceptionRow(ctx, { resource: arn, type: 'function', region }, tags);
    } catch (error) {
      // Deleted since the listing: nothing to report.
      if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
      return errorRow(ctx.account, region, arn, error);
    }
  });
  return rows.filter((r): r is AuditRow => r !== undefined);
}

/** The kinds this responder owns that carry the exception tag. */
export const exceptionTags: ExceptionTagKinds = {
  'lambda:function': exceptionTagKind<FunctionRef>({
    parse: (input) => {
      const m = ARN.exec(input);
      if (!m) return undefined;
      const [, partition, region, accountId, name] = m as unknown as [
        string,
        string,
        string,
        string,
        string,
      ];
      return {
        arn: `arn:${partition}:lambda:${region}:${accountId}:function:${name}`,
        region,
        accountId,
      };
    },
    label: (ref) => ref.arn,
    regionOf: (ref) => ref.region,
    accountOf: (ref) => ref.accountId,
    grant: (ref, where, key, value) =>
      grantFunction(new LambdaClient({ region: where.region, ...RETRY }), ref.arn, key, value),
    revoke: (ref, where, key) =>
      revokeFunction(new LambdaClient({ region: where.region, ...RETRY }), ref.arn, key),
    audit: auditFunctions,
  }),
};
