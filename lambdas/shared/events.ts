/**
 * Parsing of the raw EventBridge events the responders accept, into one {@link SourceFinding} per
 * finding. Every field a responder relies on is validated here or in the responder's own parser;
 * nothing calls AWS before parsing has succeeded.
 *
 * Shapes: GuardDuty https://docs.aws.amazon.com/guardduty/latest/ug/monitor-with-eventbridge.html ,
 * ASFF https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format.html ,
 * Config https://docs.aws.amazon.com/config/latest/developerguide/monitor-config-with-cloudwatchevents.html
 */
import { z } from 'zod';
import { InvalidEventError, quote } from './errors';

/** Longest string accepted in any field we read (the ASFF `Id` limit). */
const MAX = 512;
const text = (max = MAX) => z.string().min(1).max(max);

export const ACCOUNT_ID = /^\d{12}$/;
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

const accountId = z.string().regex(ACCOUNT_ID, 'must be a 12-digit AWS account id');
const region = z.string().max(32).regex(REGION, 'must be an AWS region name');

/** The EventBridge envelope. */
export const EnvelopeSchema = z.object({
  'detail-type': text(128),
  source: text(128),
  account: accountId,
  region,
  resources: z.array(text(2048)).max(100).optional(),
  detail: z.record(z.string(), z.unknown()),
});

/** GuardDuty tag pairs use lower-case `key` / `value`. */
const GuardDutyTagSchema = z.object({ key: z.string().max(128), value: z.string().max(256) });

export const GuardDutyInstanceSchema = z.object({
  instanceId: z.string().regex(/^i-[0-9a-f]{8,17}$/, 'must be an EC2 instance id'),
  tags: z.array(GuardDutyTagSchema).max(50).optional(),
  networkInterfaces: z
    .array(
      z.object({
        networkInterfaceId: z
          .string()
          .regex(/^eni-[0-9a-f]{8,17}$/, 'must be a network interface id'),
        vpcId: z
          .string()
          .regex(/^vpc-[0-9a-f]{8,17}$/, 'must be a VPC id')
          .optional(),
      }),
    )
    .max(64)
    .optional(),
});

export const GuardDutyAccessKeySchema = z.object({
  accessKeyId: z
    .string()
    .regex(
      /^(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,124}$|^GeneratedFindingAccessKeyId$/,
      'must be an access key id',
    )
    .optional(),
  principalId: text(256).optional(),
  userType: z.enum([
    'IAMUser',
    'AssumedRole',
    'Root',
    'FederatedUser',
    'Role',
    'AWSService',
    'AWSAccount',
  ]),
  userName: z.string().max(256).optional(),
});

/** The `detail` of a `GuardDuty Finding` event (camelCase). */
export const GuardDutyFindingSchema = z.object({
  id: z.string().regex(/^[0-9a-z]{1,64}$/, 'must be a GuardDuty finding id'),
  arn: z
    .string()
    .max(MAX)
    .regex(
      /^arn:aws[\w-]*:guardduty:[a-z0-9-]+:\d{12}:detector\/[0-9a-z]+\/finding\/[0-9a-z]+$/,
      'must be a GuardDuty finding ARN',
    )
    .optional(),
  type: text(128),
  accountId,
  region,
  partition: z.string().max(16).optional(),
  severity: z.number().min(0).max(10).optional(),
  title: z.string().max(MAX).optional(),
  resource: z.object({
    resourceType: text(64),
    instanceDetails: z.unknown().optional(),
    accessKeyDetails: z.unknown().optional(),
  }),
  service: z
    .object({
      archived: z.boolean().optional(),
      count: z.number().optional(),
      additionalInfo: z.object({ sample: z.boolean().optional() }).partial().optional(),
    })
    .optional(),
});
export type GuardDutyFinding = z.infer<typeof GuardDutyFindingSchema>;

/** One resource of an ASFF finding. */
export const AsffResourceSchema = z.object({
  Type: text(256),
  Id: text(MAX),
  Partition: z.string().max(16).optional(),
  Region: region.optional(),
  Tags: z.record(z.string().max(128), z.string().max(256)).optional(),
  Details: z.record(z.string(), z.unknown()).optional(),
});

/** One finding of a Security Hub custom-action event (PascalCase). */
export const AsffFindingSchema = z.object({
  Id: text(MAX),
  ProductArn: text(MAX),
  AwsAccountId: accountId,
  Region: region.optional(),
  Types: z.array(text(128)).max(50).optional(),
  Title: z.string().max(MAX).optional(),
  ProductName: z.string().max(128).optional(),
  GeneratorId: z.string().max(MAX).optional(),
  RecordState: z.enum(['ACTIVE', 'ARCHIVED']).optional(),
  Workflow: z.object({ Status: z.string().max(32) }).optional(),
  Resources: z.array(AsffResourceSchema).min(1).max(32),
});
export type AsffFinding = z.infer<typeof AsffFindingSchema>;

const SecurityHubActionDetailSchema = z.object({
  actionName: text(256),
  findings: z.array(z.unknown()).min(1).max(100),
});

/** The `detail` of a `Config Rules Compliance Change` event. */
export const ConfigComplianceSchema = z.object({
  resourceId: text(768),
  resourceType: z.string().regex(/^AWS::\w+::\w+$/, 'must be a Config resource type'),
  awsAccountId: accountId,
  awsRegion: region,
  configRuleName: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\w-]+$/, 'must be a Config rule name'),
  configRuleARN: z.string().max(MAX).optional(),
  newEvaluationResult: z.object({
    complianceType: z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA']),
    annotation: z
      .string()
      .max(MAX * 2)
      .optional(),
  }),
});
export type ConfigCompliance = z.infer<typeof ConfigComplianceSchema>;

/** One finding taken from an event, with the target account and region of the finding itself. */
export type SourceFinding =
  | {
      readonly kind: 'guardduty';
      readonly accountId: string;
      readonly region: string;
      readonly finding: GuardDutyFinding;
      readonly path: string;
    }
  | {
      readonly kind: 'securityhub';
      readonly accountId: string;
      readonly region: string;
      readonly finding: AsffFinding;
      readonly actionName: string;
      readonly path: string;
    }
  | {
      readonly kind: 'config';
      readonly accountId: string;
      readonly region: string;
      readonly compliance: ConfigCompliance;
      readonly path: string;
    };

/** The event kinds a responder accepts. */
export type EventKind = SourceFinding['kind'];

const DETAIL_TYPES: Record<EventKind, { source: string; detailType: string }> = {
  guardduty: { source: 'aws.guardduty', detailType: 'GuardDuty Finding' },
  securityhub: { source: 'aws.securityhub', detailType: 'Security Hub Findings - Custom Action' },
  config: { source: 'aws.config', detailType: 'Config Rules Compliance Change' },
};

/** Parses `value` with `schema`, or throws {@link InvalidEventError} naming the field under `prefix`. */
export function parseWith<T extends z.ZodType>(
  schema: T,
  value: unknown,
  prefix: readonly PropertyKey[],
): z.output<T> {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw InvalidEventError.fromIssues(result.error.issues, prefix);
  return result.data;
}

/**
 * Splits a raw EventBridge event into its findings. Throws {@link InvalidEventError} for anything
 * that is not an accepted, well-formed event; makes no AWS call.
 */
export function parseEvent(event: unknown, accepts: readonly EventKind[]): SourceFinding[] {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new InvalidEventError('(event)', 'must be an EventBridge event object');
  }
  const envelope = parseWith(EnvelopeSchema, event, []);
  const kind = accepts.find(
    (k) =>
      DETAIL_TYPES[k].source === envelope.source &&
      DETAIL_TYPES[k].detailType === envelope['detail-type'],
  );
  if (!kind) {
    const expected = accepts
      .map((k) => `${DETAIL_TYPES[k].source} / ${DETAIL_TYPES[k].detailType}`)
      .join(', ');
    throw new InvalidEventError(
      'source / detail-type',
      `this responder accepts ${expected} (got ${quote(envelope.source)} / ${quote(envelope['detail-type'])})`,
    );
  }
  if (kind === 'guardduty') {
    const finding = parseWith(GuardDutyFindingSchema, envelope.detail, ['detail']);
    return [
      { kind, accountId: finding.accountId, region: finding.region, finding, path: 'detail' },
    ];
  }
  if (kind === 'config') {
    const compliance = parseWith(ConfigComplianceSchema, envelope.detail, ['detail']);
    return [
      {
        kind,
        accountId: compliance.awsAccountId,
        region: compliance.awsRegion,
        compliance,
        path: 'detail',
      },
    ];
  }
  const detail = parseWith(SecurityHubActionDetailSchema, envelope.detail, ['detail']);
  return detail.findings.map((raw, i) => {
    const finding = parseWith(AsffFindingSchema, raw, ['detail', 'findings', i]);
    const findingRegion = finding.Region ?? finding.Resources[0]?.Region ?? envelope.region;
    return {
      kind,
      accountId: finding.AwsAccountId,
      region: findingRegion,
      finding,
      actionName: detail.actionName,
      path: `detail.findings[${i}]`,
    };
  });
}

/** The id that names a finding in logs, session names and notifications. */
export function findingIdOf(source: SourceFinding): string {
  switch (source.kind) {
    case 'guardduty':
      return source.finding.id;
    case 'securityhub':
      return source.finding.Id;
    case 'config':
      return `${source.compliance.configRuleName}/${source.compliance.resourceId}`;
  }
}

/** The finding type: GuardDuty type, first ASFF type, or the Config rule name. */
export function findingTypeOf(source: SourceFinding): string {
  switch (source.kind) {
    case 'guardduty':
      return source.finding.type;
    case 'securityhub':
      return source.finding.Types?.[0] ?? source.finding.GeneratorId ?? 'Security Hub finding';
    case 'config':
      return source.compliance.configRuleName;
  }
}

/**
 * The base name of a Config rule, also when Security Hub (`securityhub-<rule>-<8 hex>`) or a
 * conformance pack (`<rule>-conformance-pack-<suffix>`) created it.
 */
export function baseConfigRuleName(name: string): string {
  const hub = /^securityhub-(.+)-[0-9a-f]{8}$/.exec(name);
  if (hub?.[1]) return hub[1];
  const pack = /^(.+)-conformance-pack-[a-z0-9]+$/.exec(name);
  if (pack?.[1]) return pack[1];
  return name;
}

/** Why a finding should not be acted on at all (archived, sample, not active), or undefined. */
export function inactiveReason(source: SourceFinding): string | undefined {
  if (source.kind === 'guardduty') {
    if (source.finding.service?.archived) return 'the GuardDuty finding is archived';
    if (source.finding.service?.additionalInfo?.sample)
      return 'the GuardDuty finding is a sample finding';
  }
  if (source.kind === 'securityhub' && source.finding.RecordState === 'ARCHIVED') {
    return 'the Security Hub finding is archived';
  }
  if (
    source.kind === 'config' &&
    source.compliance.newEvaluationResult.complianceType !== 'NON_COMPLIANT'
  ) {
    return `the resource is ${source.compliance.newEvaluationResult.complianceType}`;
  }
  return undefined;
}
