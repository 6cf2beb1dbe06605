/**
 * The exception tag on security groups, for `security-ir grant`, `revoke` and `audit`. IAM
 * evaluates the group's own tag on the `Revoke*` / `Authorize*` calls (FACTS.md).
 */
import {
  DescribeSecurityGroupsCommand,
  EC2Client,
  paginateDescribeSecurityGroups,
} from '@aws-sdk/client-ec2';
import { grantEc2Tag, revokeEc2Tag } from '../shared/ec2-exception-tags';
import {
  type AuditRow,
  auditListing,
  type ExceptionTagKinds,
  exceptionTagKind,
  PARTITION_PATTERN,
  REGION_PATTERN,
  type ScanContext,
  type TagChange,
} from '../shared/exception-tags';
import { RETRY } from '../shared/member-clients';

/** A security group named by id or ARN. */
interface GroupRef {
  readonly id: string;
  readonly region?: string;
  readonly accountId?: string;
}

const ID = /^sg-[0-9a-f]{8,17}$/;
const ARN = new RegExp(
  `^arn:${PARTITION_PATTERN}:ec2:(${REGION_PATTERN}):(\\d{12}):security-group/(sg-[0-9a-f]{8,17})$`,
);
const TYPE = 'security group';

async function describeGroup(ec2: EC2Client, groupId: string) {
  const out = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
  const group = out.SecurityGroups?.find((g) => g.GroupId === groupId);
  if (!group) throw new Error(`security group ${groupId} was not found in this account and region`);
  return group;
}

/** Tags a security group, keeping the spelling of a key it already carries. */
async function grantGroup(
  ec2: EC2Client,
  groupId: string,
  key: string,
  value: string,
): Promise<TagChange> {
  const group = await describeGroup(ec2, groupId);
  return grantEc2Tag(ec2, [{ id: groupId, type: TYPE }], group.Tags, key, value);
}

/** Removes the tag (every letter-case variant) from a security group; nothing if it has none. */
async function revokeGroup(ec2: EC2Client, groupId: string, key: string): Promise<TagChange> {
  const group = await describeGroup(ec2, groupId);
  return revokeEc2Tag(ec2, [{ id: groupId, type: TYPE }], group.Tags, key);
}

/** Security groups of one region carrying the tag. */
function auditGroups(ctx: ScanContext, region: string): Promise<AuditRow[]> {
  const ec2 = new EC2Client({ region, credentials: ctx.credentials, ...RETRY });
  async function* pages() {
    for await (const page of paginateDescribeSecurityGroups({ client: ec2 }, {})) {
      yield (page.SecurityGroups ?? []).map((g) => ({ resource: g.GroupId, tags: g.Tags }));
    }
  }
  return auditListing(ctx, region, 'security-group', '(EC2 security groups)', pages());
}

/** The kinds this responder owns that carry the exception tag. */
export const exceptionTags: ExceptionTagKinds = {
  'ec2:security-group': exceptionTagKind<GroupRef>({
    parse: (input) => {
      if (ID.test(input)) return { id: input };
      const arn = ARN.exec(input);
      return arn ? { region: arn[1], accountId: arn[2], id: arn[3] as string } : undefined;
    },
    label: (ref) => ref.id,
    regionOf: (ref) => ref.region,
    accountOf: (ref) => ref.accountId,
    grant: (ref, where, key, value) =>
      grantGroup(new EC2Client({ region: where.region, ...RETRY }), ref.id, key, value),
    revoke: (ref, where, key) =>
      revokeGroup(new EC2Client({ region: where.region, ...RETRY }), ref.id, key),
    audit: auditGroups,
  }),
};
