/**
 * Live state of the security group: its tags and VPC (DescribeSecurityGroups) and its rules, one
 * per CIDR with their rule ids (DescribeSecurityGroupRules), read in parallel.
 */
import {
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
  type SecurityGroupRule,
  type Tag,
} from '@aws-sdk/client-ec2';
import { describeCause, isAwsError, ResponderError, TagReadError } from '../shared/errors';
import type { MemberTarget } from '../shared/member-clients';

/** What the responder needs to know about the group before deciding. */
export interface GroupState {
  readonly groupId: string;
  readonly vpcId?: string;
  readonly tags: readonly Tag[];
  readonly rules: readonly SecurityGroupRule[];
}

/** Reads the group and its rules. Fails closed: no state, no change. */
export async function readGroup(
  ec2: EC2Client,
  member: MemberTarget,
  groupId: string,
): Promise<GroupState> {
  const [group, rules] = await Promise.allSettled([
    ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] })),
    readRules(ec2, groupId),
  ]);
  if (group.status === 'rejected') {
    const cause: unknown = group.reason;
    if (isAwsError(cause, 'InvalidGroup.NotFound')) {
      throw new ResponderError(
        `security group ${groupId} does not exist in account ${member.accountId} region ` +
          `${member.region} (deleted since the finding?); nothing to confine`,
        { cause },
      );
    }
    throw new TagReadError(groupId, { cause });
  }
  const found = group.value.SecurityGroups?.find((g) => g.GroupId === groupId);
  if (!found) throw new TagReadError(groupId, { cause: new Error('the group was not returned') });
  if (rules.status === 'rejected') {
    throw new ResponderError(
      `cannot read the rules of ${groupId}: ${describeCause(rules.reason)}; not acting`,
      { cause: rules.reason },
    );
  }
  return {
    groupId,
    ...(found.VpcId ? { vpcId: found.VpcId } : {}),
    tags: found.Tags ?? [],
    rules: rules.value,
  };
}

async function readRules(ec2: EC2Client, groupId: string): Promise<SecurityGroupRule[]> {
  const rules: SecurityGroupRule[] = [];
  let token: string | undefined;
  do {
    const out = await ec2.send(
      new DescribeSecurityGroupRulesCommand({
        Filters: [{ Name: 'group-id', Values: [groupId] }],
        MaxResults: 1000,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    rules.push(...(out.SecurityGroupRules ?? []));
    token = out.NextToken;
  } while (token);
  return rules;
}
