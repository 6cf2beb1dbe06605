/**
 * The principal of a Security Hub (ASFF) finding: its `AwsIamAccessKey` resource (`Id`
 * `AWS::IAM::AccessKey:<key id>`, principal in `Details.AwsIamAccessKey`), else its `AwsIamUser` or
 * `AwsIamRole` resource. https://docs.aws.amazon.com/securityhub/latest/userguide/asff-resourcedetails-awsiam.html
 */

import { bounded } from '../shared/bounded';
import { formatPath, InvalidEventError, quote } from '../shared/errors';
import { ACCOUNT_ID, parseWith, type SourceFinding } from '../shared/events';
import type { Ignore } from '../shared/handler';
import { partitionOf } from '../shared/member-clients';
import * as z from '../shared/zod';
import { type FoundPrincipal, foundPrincipal, type Home } from './principal';

type SecurityHub = Extract<SourceFinding, { kind: 'securityhub' }>;
type AsffResource = SecurityHub['finding']['Resources'][number];

/** Resource types handled, most specific first. */
const HANDLED = ['AwsIamAccessKey', 'AwsIamUser', 'AwsIamRole'] as const;

const KeyIdSchema = z.lazySchema(() =>
  z
    .string()
    .check(
      z.regex(
        /^(AKIA|ASIA)[A-Z0-9]{12,124}$|^GeneratedFindingAccessKeyId$/,
        'must be an access key id (AKIA... or ASIA...)',
      ),
    ),
);

const text256 = () => z.string().check(z.maxLength(256));

/** `Details.AwsIamAccessKey` (UserName is the deprecated form of PrincipalName). */
const AccessKeyDetailsSchema = z.lazySchema(() =>
  z.object({
    AccessKeyId: z.optional(KeyIdSchema()),
    AccountId: z.optional(
      z.string().check(z.regex(ACCOUNT_ID, 'must be a 12-digit AWS account id')),
    ),
    PrincipalId: z.optional(text256()),
    PrincipalName: z.optional(text256()),
    UserName: z.optional(text256()),
    PrincipalType: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  }),
);

const EntityDetailsSchema = z.lazySchema(() =>
  z.object({
    UserName: z.optional(text256()),
    RoleName: z.optional(text256()),
  }),
);

const KEY_RESOURCE_ID = /^AWS::IAM::AccessKey:(.*)$/;
const ENTITY_ARN =
  /^arn:(aws[a-z-]{0,8}):iam::(\d{12}):(user|role)\/(?:[\w+=,.@/-]{0,512}\/)?([^/]{1,128})$/;

/** The principal of an ASFF finding, or why it is not handled. Throws InvalidEventError. */
export function fromSecurityHub(source: SecurityHub): FoundPrincipal | Ignore {
  const resources = source.finding.Resources;
  const type = HANDLED.find((t) => resources.some((r) => r.Type === t));
  const index = resources.findIndex((r) => r.Type === type);
  const resource = resources[index];
  if (!resource) {
    const types = resources.map((r) => r.Type).join(', ');
    return {
      ignore: `the finding has no ${HANDLED.join(', ')} resource (resources: ${bounded(types, 200)})`,
      resource: bounded(resources[0]?.Id ?? '-'),
    };
  }
  const at = [...segments(source.path), 'Resources', index];
  const home = { accountId: source.accountId, partition: partitionOf(source.region) };
  return resource.Type === 'AwsIamAccessKey'
    ? fromAccessKey(resource, at, home)
    : fromEntity(resource, at, home);
}

function fromAccessKey(resource: AsffResource, at: PropertyKey[], home: Home): FoundPrincipal {
  const detailsAt = [...at, 'Details', 'AwsIamAccessKey'];
  const details = parseWith(
    AccessKeyDetailsSchema,
    resource.Details?.AwsIamAccessKey ?? {},
    detailsAt,
  );
  // The member clients point at the finding's account: a key of another account is unreachable.
  if (details.AccountId && details.AccountId !== home.accountId) {
    throw new InvalidEventError(
      formatPath([...detailsAt, 'AccountId']),
      `names account ${details.AccountId}, but the finding is of ${home.accountId}`,
    );
  }
  const idPath = formatPath([...at, 'Id']);
  const inId = KEY_RESOURCE_ID.exec(resource.Id)?.[1];
  const fromId = inId === undefined ? undefined : parseWith(KeyIdSchema, inId, [...at, 'Id']);
  if (!fromId && !details.AccessKeyId) {
    throw new InvalidEventError(
      idPath,
      `must be AWS::IAM::AccessKey:<access key id> (got ${quote(resource.Id)})`,
    );
  }
  if (fromId && details.AccessKeyId && fromId !== details.AccessKeyId) {
    throw new InvalidEventError(
      idPath,
      `names ${fromId}, but Details.AwsIamAccessKey.AccessKeyId is ${details.AccessKeyId}`,
    );
  }
  const type = details.PrincipalType ?? typeOfPrincipalId(details.PrincipalId);
  if (!type) {
    throw new InvalidEventError(
      formatPath([...detailsAt, 'PrincipalType']),
      'must be set (or PrincipalId must start with AIDA for a user or AROA for a role)',
    );
  }
  const nameField =
    details.PrincipalName === undefined && details.UserName !== undefined
      ? 'UserName'
      : 'PrincipalName';
  return foundPrincipal(
    {
      type,
      name: details.PrincipalName ?? details.UserName,
      accessKeyId: fromId ?? details.AccessKeyId,
    },
    home,
    [...detailsAt, nameField],
  );
}

/** `AIDA...` is a user's unique id, `AROA...:session` a role session's. */
function typeOfPrincipalId(principalId: string | undefined): string | undefined {
  if (principalId?.startsWith('AIDA')) return 'IAMUser';
  if (principalId?.startsWith('AROA')) return 'AssumedRole';
  return undefined;
}

function fromEntity(resource: AsffResource, at: PropertyKey[], home: Home): FoundPrincipal {
  const kind = resource.Type === 'AwsIamUser' ? 'user' : 'role';
  const type = kind === 'user' ? 'IAMUser' : 'AssumedRole';
  const nameKey = kind === 'user' ? 'UserName' : 'RoleName';
  const detailsAt = [...at, 'Details', resource.Type];
  const details = parseWith(
    EntityDetailsSchema,
    resource.Details?.[resource.Type] ?? {},
    detailsAt,
  );
  const fromDetails = details[nameKey];
  const idPath = formatPath([...at, 'Id']);
  const arn = ENTITY_ARN.exec(resource.Id);
  if (!arn) {
    if (fromDetails)
      return foundPrincipal({ type, name: fromDetails }, home, [...detailsAt, nameKey]);
    throw new InvalidEventError(
      idPath,
      `must be an IAM ${kind} ARN (arn:aws:iam::<account>:${kind}/<name>), or ` +
        `Details.${resource.Type}.${nameKey} must be set (got ${quote(resource.Id)})`,
    );
  }
  const [, partition, account, arnKind, name] = arn as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (partition !== home.partition) {
    throw new InvalidEventError(
      idPath,
      `is in partition ${partition}, but the finding's region is in ${home.partition}`,
    );
  }
  if (arnKind !== kind) {
    throw new InvalidEventError(
      idPath,
      `is an IAM ${arnKind} ARN, but the type is ${resource.Type}`,
    );
  }
  if (account !== home.accountId) {
    throw new InvalidEventError(
      idPath,
      `names account ${account}, but the finding is of ${home.accountId}`,
    );
  }
  if (fromDetails && fromDetails !== name) {
    throw new InvalidEventError(
      idPath,
      `names ${quote(name)}, but Details.${resource.Type}.${nameKey} is ${quote(fromDetails)}`,
    );
  }
  return foundPrincipal({ type, name }, home, [...at, 'Id']);
}

/** `detail.findings[2]` as path segments. */
function segments(path: string): (string | number)[] {
  return path
    .split(/\.|\[(\d+)\]/)
    .filter((s) => s !== undefined && s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
