/**
 * The OCSF dialect: findings of the new AWS Security Hub, delivered to EventBridge as
 * `aws.securityhub` / `Findings Imported V2`, one finding in `detail.findings[0]`. Only the
 * finding's own identity is validated here (account, region, product, finding id); resources are
 * validated by the view a responder reads (`ocsf-view.ts`), after samples and closed findings are
 * set aside, because their ids may be placeholders.
 *
 * Event: https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-v2-cwe-event-formats.html
 * Attributes: https://docs.aws.amazon.com/securityhub/latest/userguide/ocsf-findings.html (OCSF 1.6)
 * Identifier triple: https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_OcsfFindingIdentifier.html
 */
import {
  accountIdField,
  GUARDDUTY_ID,
  guardDutyIdOfArn,
  MAX,
  regionField,
  text,
  upTo,
} from './fields';
import * as z from './zod';

/** The `detail-type` of an OCSF finding event (source `aws.securityhub`). */
export const OCSF_DETAIL_TYPE = 'Findings Imported V2';

/** OCSF classes the product reads: Detection (GuardDuty threats) and Compliance (CSPM controls). */
export const OCSF_CLASS = { compliance: 2003, detection: 2004 } as const;

/** OCSF `status_id` values (Finding class). https://schema.ocsf.io/1.6.0/classes/detection_finding */
export const OCSF_STATUS = {
  new: 1,
  inProgress: 2,
  suppressed: 3,
  resolved: 4,
  archived: 5,
} as const;

/** OCSF `activity_id` values of a finding. */
export const OCSF_ACTIVITY = { create: 1, update: 2, close: 3 } as const;

/** `metadata.product.uid` of GuardDuty's findings in Security Hub: `arn:<p>:securityhub:<r>::productv2/aws/guardduty`. */
export const GUARDDUTY_PRODUCT =
  /^arn:aws[a-z-]*:securityhub:[a-z0-9-]+::productv2\/aws\/guardduty$/;

/** `metadata.product.uid` of Security Hub CSPM's control findings. */
export const SECURITY_HUB_PRODUCT =
  /^arn:aws[a-z-]*:securityhub:[a-z0-9-]+::productv2\/aws\/securityhub$/;

/**
 * The OCSF (CloudFormation) resource types of GuardDuty's resource types, as Security Hub writes
 * `resources[].type`: what a GuardDuty `resource.resourceType` is read from, and what a rule
 * matches for a responder's `alsoMatches`.
 */
export const OCSF_GUARDDUTY_RESOURCE_TYPES = {
  Instance: ['AWS::EC2::Instance'],
  ECSCluster: ['AWS::ECS::Task', 'AWS::ECS::Cluster'],
  Lambda: ['AWS::Lambda::Function'],
  S3Bucket: ['AWS::S3::Bucket'],
  EKSCluster: ['AWS::EKS::Cluster'],
  RDSDBInstance: ['AWS::RDS::DBInstance'],
  AccessKey: ['AWS::IAM::AccessKey'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

/** The OCSF types of GuardDuty resource types (unknown ones have none). */
export function ocsfTypesOf(resourceTypes: readonly string[]): string[] {
  const table: Readonly<Record<string, readonly string[]>> = OCSF_GUARDDUTY_RESOURCE_TYPES;
  return resourceTypes.flatMap((t) => (Object.hasOwn(table, t) ? [...(table[t] ?? [])] : []));
}

/** One OCSF finding: its identity strictly, the rest as hints. */
export const OcsfFindingSchema = z.lazySchema(() =>
  z.object({
    class_uid: z.number(),
    activity_id: z.optional(z.number()),
    status_id: z.optional(z.number()),
    status: z.optional(upTo(64)),
    // A user's or a tool's comment; read only to recognise this product's own record (hint).
    comment: z.optional(z.unknown()),
    count: z.optional(z.number()),
    cloud: z.object({
      account: z.object({ uid: accountIdField() }),
      region: regionField(),
    }),
    metadata: z.object({
      product: z.object({ uid: text(MAX), name: z.optional(upTo(128)) }),
      uid: z.optional(upTo(MAX)),
    }),
    finding_info: z.object({
      uid: text(MAX),
      uid_alt: z.optional(upTo(MAX)),
      title: z.optional(upTo(MAX)),
      types: z.optional(z.array(upTo(256)).check(z.maxLength(50))),
    }),
    // CSPM control results: read loosely (the control id selects the configured response).
    compliance: z.optional(z.unknown()),
    // Validated by the view that acts on one of them, never here.
    resources: z.optional(z.array(z.unknown()).check(z.maxLength(100))),
    // GuardDuty's placeholders and sample flag may sit here; read loosely (inactive.ts).
    unmapped: z.optional(z.unknown()),
    vendor_attributes: z.optional(z.unknown()),
  }),
);
export type OcsfFinding = z.infer<ReturnType<typeof OcsfFindingSchema>>;

/** `detail` of a `Findings Imported V2` event: AWS sends one finding per event. */
export const OcsfDetailSchema = z.lazySchema(() =>
  z.object({
    findings: z.array(z.unknown()).check(z.minLength(1), z.maxLength(100)),
  }),
);

/** Where an OCSF finding came from, as far as the product reads it. */
export type OcsfProduct = 'guardduty' | 'securityhub' | 'other';

/** The product of a finding, from `metadata.product.uid`. */
export function ocsfProductOf(finding: OcsfFinding): OcsfProduct {
  const uid = finding.metadata.product.uid;
  if (GUARDDUTY_PRODUCT.test(uid)) return 'guardduty';
  if (SECURITY_HUB_PRODUCT.test(uid)) return 'securityhub';
  return 'other';
}

/**
 * The GuardDuty finding id of an OCSF GuardDuty finding: `finding_info.uid_alt`, or the last part
 * of `finding_info.uid` (the finding ARN). Undefined for other products.
 */
export function ocsfGuardDutyId(finding: OcsfFinding): string | undefined {
  if (!GUARDDUTY_PRODUCT.test(finding.metadata.product.uid)) return undefined;
  const alt = finding.finding_info.uid_alt;
  if (alt && GUARDDUTY_ID.test(alt)) return alt;
  return guardDutyIdOfArn(finding.finding_info.uid);
}

/** The identifier `BatchUpdateFindingsV2` takes for a finding. */
export interface OcsfIdentifier {
  readonly MetadataProductUid: string;
  readonly CloudAccountUid: string;
  readonly FindingInfoUid: string;
}

/** The OCSF identifier triple of a finding. */
export function ocsfIdentifierOf(finding: OcsfFinding): OcsfIdentifier {
  return {
    MetadataProductUid: finding.metadata.product.uid,
    CloudAccountUid: finding.cloud.account.uid,
    FindingInfoUid: finding.finding_info.uid,
  };
}
