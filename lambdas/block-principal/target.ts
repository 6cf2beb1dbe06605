/**
 * Which principal a finding asks to block: GuardDuty `resource.accessKeyDetails` of an `AccessKey`
 * finding (or of an `S3Bucket` finding, which names the key that made the calls), or the IAM resource of a Security Hub finding sent by an analyst. Validates, and decides
 * the escalations the finding alone settles, before any AWS call.
 */
import { responderEnv } from '../shared/config';
import { quote } from '../shared/errors';
import { parseWith, type SourceFinding, upTo } from '../shared/events';
import type { Ignore } from '../shared/handler';
import { partitionOf } from '../shared/member-clients';
import * as z from '../shared/zod';
import { fromSecurityHub } from './asff';
import { escalateEarly } from './escalate';
import { type FoundPrincipal, foundPrincipal, type PrincipalTarget } from './principal';

/** The `resource.accessKeyDetails` of a GuardDuty `AccessKey` finding: what the block acts on. */
export const GuardDutyAccessKeySchema = z.lazySchema(() =>
  z.object({
    accessKeyId: z.optional(
      z
        .string()
        .check(
          z.regex(
            /^(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,124}$|^GeneratedFindingAccessKeyId$/,
            'must be an access key id',
          ),
        ),
    ),
    userType: z.enum([
      'IAMUser',
      'AssumedRole',
      'Root',
      'FederatedUser',
      'Role',
      'AWSService',
      'AWSAccount',
    ]),
    userName: z.optional(upTo(256)),
  }),
);

const ACCESS_KEY_DETAILS = ['detail', 'resource', 'accessKeyDetails'] as const;

/**
 * The user or role of a finding; or, as an `escalated` Ignore, a principal that no policy may or
 * can block (root, federated users, the responders' own roles, service-linked roles by name), so
 * that the member account is not even entered; or why the finding is not handled.
 * Throws InvalidEventError.
 */
export function toPrincipalTarget(
  source: Extract<SourceFinding, { kind: 'guardduty' | 'securityhub' }>,
): PrincipalTarget | Ignore {
  const found = findPrincipal(source);
  return 'ignore' in found ? found : escalateEarly(found, responderEnv());
}

function findPrincipal(
  source: Extract<SourceFinding, { kind: 'guardduty' | 'securityhub' }>,
): FoundPrincipal | Ignore {
  return source.kind === 'guardduty' ? fromGuardDuty(source) : fromSecurityHub(source);
}

function fromGuardDuty(source: Extract<SourceFinding, { kind: 'guardduty' }>) {
  const { resourceType, accessKeyDetails } = source.finding.resource;
  // S3 Protection findings are about a bucket but name the access key that made the calls.
  const namesKey = resourceType === 'S3Bucket' && accessKeyDetails !== undefined;
  if (resourceType !== 'AccessKey' && !namesKey) {
    return {
      ignore: `the finding is about a ${quote(resourceType)} resource, not an IAM access key`,
      resource: resourceType.slice(0, 64),
    };
  }
  const details = parseWith(
    GuardDutyAccessKeySchema,
    source.finding.resource.accessKeyDetails,
    ACCESS_KEY_DETAILS,
  );
  return foundPrincipal(
    { type: details.userType, name: details.userName, accessKeyId: details.accessKeyId },
    { accountId: source.accountId, partition: partitionOf(source.region) },
    [...ACCESS_KEY_DETAILS, 'userName'],
  );
}
