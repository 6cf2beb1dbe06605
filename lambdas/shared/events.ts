/**
 * Parsing of the raw EventBridge events the responders accept, into one {@link SourceFinding} per
 * finding. Every field a responder relies on is validated here or in the responder's own parser;
 * nothing calls AWS before parsing has succeeded.
 *
 * Shapes: GuardDuty https://docs.aws.amazon.com/guardduty/latest/ug/monitor-with-eventbridge.html ,
 * ASFF https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format.html ,
 * Config https://docs.aws.amazon.com/config/latest/developerguide/monitor-config-with-cloudwatchevents.html
 */

import { InvalidEventError, quote } from './errors';
import {
  accountIdField as accountId,
  GUARDDUTY_FINDING_ARN,
  GUARDDUTY_ID,
  MAX,
  REGION,
  regionField as region,
  text,
  upTo,
} from './fields';
import { asffRegion, checkGuardDutyPartition } from './finding-region';
import {
  OCSF_DETAIL_TYPE,
  OcsfDetailSchema,
  type OcsfFinding,
  OcsfFindingSchema,
} from './ocsf-schema';
import { ACCOUNT_ID } from './patterns';
import * as z from './zod';

// zod/mini ships without messages; the English ones are what InvalidEventError quotes.

export { ACCOUNT_ID, REGION, text, upTo };

/** The EventBridge envelope. */
export const EnvelopeSchema = z.lazySchema(() =>
  z.object({
    'detail-type': text(128),
    source: text(128),
    account: accountId(),
    region: region(),
    resources: z.optional(z.array(text(2048)).check(z.maxLength(100))),
    detail: z.record(z.string(), z.unknown()),
  }),
);

/** The `detail` of a `GuardDuty Finding` event (camelCase). */
export const GuardDutyFindingSchema = z.lazySchema(() =>
  z.object({
    id: z.string().check(z.regex(GUARDDUTY_ID, 'must be a GuardDuty finding id')),
    arn: z.optional(
      z
        .string()
        .check(z.maxLength(MAX), z.regex(GUARDDUTY_FINDING_ARN, 'must be a GuardDuty finding ARN')),
    ),
    type: text(128),
    accountId: accountId(),
    region: region(),
    partition: z.optional(upTo(16)),
    severity: z.optional(z.number().check(z.gte(0), z.lte(10))),
    title: z.optional(upTo(MAX)),
    // Loose: every resource detail (`instanceDetails`, `accessKeyDetails`, `lambdaDetails`,
    // `s3BucketDetails`, `eksClusterDetails`, ...) is kept, unvalidated, for the responder that acts
    // on it to validate what it needs. https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Resource.html
    resource: z.looseObject({ resourceType: text(64) }),
    service: z.optional(
      z.object({
        archived: z.optional(z.boolean()),
        count: z.optional(z.number()),
        // Read only for the sample flag, in either of its shapes (inactive.ts); never rejected.
        additionalInfo: z.optional(z.unknown()),
        // Attack sequences (`detection.sequence`) and runtime context: hints, read loosely.
        detection: z.optional(z.unknown()),
        runtimeDetails: z.optional(z.unknown()),
        resourceRole: z.optional(z.unknown()),
      }),
    ),
  }),
);
export type GuardDutyFinding = z.infer<ReturnType<typeof GuardDutyFindingSchema>>;

/** One resource of an ASFF finding. */
export const AsffResourceSchema = z.lazySchema(() =>
  z.object({
    Type: text(256),
    Id: text(MAX),
    Partition: z.optional(upTo(16)),
    Region: z.optional(region()),
    // Tags are not read from the finding (the exception tag is read live), so never validated.
    Details: z.optional(z.record(z.string(), z.unknown())),
  }),
);

/** One finding of a Security Hub custom-action event (PascalCase). */
export const AsffFindingSchema = z.lazySchema(() =>
  z.object({
    Id: text(MAX),
    ProductArn: text(MAX),
    AwsAccountId: accountId(),
    Region: z.optional(region()),
    Types: z.optional(z.array(text(128)).check(z.maxLength(50))),
    Title: z.optional(upTo(MAX)),
    ProductName: z.optional(upTo(128)),
    GeneratorId: z.optional(upTo(MAX)),
    RecordState: z.optional(z.enum(['ACTIVE', 'ARCHIVED'])),
    /** ASFF's own sample flag (read loosely in inactive.ts). */
    Sample: z.optional(z.unknown()),
    Workflow: z.optional(z.object({ Status: upTo(32) })),
    // Only the sample flag is read; other product fields are not validated (50 pairs of any length).
    ProductFields: z.optional(z.record(z.string(), z.unknown())),
    Resources: z.array(AsffResourceSchema()).check(z.minLength(1), z.maxLength(32)),
  }),
);
export type AsffFinding = z.infer<ReturnType<typeof AsffFindingSchema>>;

const SecurityHubActionDetailSchema = z.lazySchema(() =>
  z.object({
    actionName: text(256),
    findings: z.array(z.unknown()).check(z.minLength(1), z.maxLength(100)),
  }),
);

/** The `detail` of a `Config Rules Compliance Change` event. */
export const ConfigComplianceSchema = z.lazySchema(() =>
  z.object({
    resourceId: text(768),
    // `AWS::::Account`: the type of account-level evaluations (periodic rules).
    resourceType: z.string().check(z.regex(/^AWS::(\w+)?::\w+$/, 'must be a Config resource type')),
    awsAccountId: accountId(),
    awsRegion: region(),
    configRuleName: z
      .string()
      .check(z.minLength(1), z.maxLength(128), z.regex(/^[\w-]+$/, 'must be a Config rule name')),
    configRuleARN: z.optional(upTo(MAX)),
    newEvaluationResult: z.object({
      complianceType: z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA']),
      annotation: z.optional(upTo(MAX * 2)),
    }),
  }),
);
export type ConfigCompliance = z.infer<ReturnType<typeof ConfigComplianceSchema>>;

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
    }
  | {
      /** A finding of the new Security Hub (OCSF); responders read it through `ocsf-view.ts`. */
      readonly kind: 'ocsf';
      readonly accountId: string;
      readonly region: string;
      readonly finding: OcsfFinding;
      readonly path: string;
    };

/** The event kinds a responder accepts. */
export type EventKind = SourceFinding['kind'];

const DETAIL_TYPES: Record<EventKind, { source: string; detailType: string }> = {
  guardduty: { source: 'aws.guardduty', detailType: 'GuardDuty Finding' },
  securityhub: { source: 'aws.securityhub', detailType: 'Security Hub Findings - Custom Action' },
  config: { source: 'aws.config', detailType: 'Config Rules Compliance Change' },
  ocsf: { source: 'aws.securityhub', detailType: OCSF_DETAIL_TYPE },
};

/**
 * Parses `value` with `schema` (or a {@link z.lazySchema}), or throws {@link InvalidEventError}
 * naming the field under `prefix`.
 */
export function parseWith<T extends z.ZodMiniType>(
  schema: T | (() => T),
  value: unknown,
  prefix: readonly PropertyKey[],
): z.output<T> {
  const built = typeof schema === 'function' ? schema() : schema;
  const result = built.safeParse(value, { reportInput: true });
  if (!result.success) throw InvalidEventError.fromIssues(result.error.issues, prefix);
  return result.data;
}

/**
 * Splits a raw EventBridge event into its findings. Throws {@link InvalidEventError} for anything
 * that is not an accepted, well-formed event; makes no AWS call.
 */
export function parseEvent<K extends EventKind>(
  event: unknown,
  accepts: readonly K[],
): Extract<SourceFinding, { kind: K }>[] {
  return parseAnyEvent(event, accepts) as Extract<SourceFinding, { kind: K }>[];
}

/** {@link parseEvent} before narrowing: every finding is of a kind in `accepts`, found above. */
function parseAnyEvent(event: unknown, accepts: readonly EventKind[]): SourceFinding[] {
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
    checkGuardDutyPartition(finding);
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
  if (kind === 'ocsf') {
    const detail = parseWith(OcsfDetailSchema, envelope.detail, ['detail']);
    return detail.findings.map((raw, i) => {
      const finding = parseWith(OcsfFindingSchema, raw, ['detail', 'findings', i]);
      // Account and region of the finding itself; the envelope's are where it was delivered.
      return {
        kind,
        accountId: finding.cloud.account.uid,
        region: finding.cloud.region,
        finding,
        path: `detail.findings[${i}]`,
      };
    });
  }
  const detail = parseWith(SecurityHubActionDetailSchema, envelope.detail, ['detail']);
  return detail.findings.map((raw, i) => {
    const finding = parseWith(AsffFindingSchema, raw, ['detail', 'findings', i]);
    return {
      kind,
      accountId: finding.AwsAccountId,
      // Never the envelope's region: that is where the event was delivered.
      region: asffRegion(finding, `detail.findings[${i}]`),
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
    case 'ocsf':
      return source.finding.finding_info.uid;
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
    case 'ocsf':
      return ocsfTypeOf(source.finding);
  }
}

/** A GuardDuty finding type (`ThreatPurpose:ResourceTypeAffected/ThreatFamilyName[.Variant]`, e.g. `Backdoor:EC2/C&CActivity.B!DNS`). */
export const GUARDDUTY_TYPE = /^[A-Za-z0-9]+:[A-Za-z0-9]+\/[\w.!&-]+$/;

/**
 * The type of an OCSF finding: the GuardDuty type among `finding_info.types` (they also hold
 * categories such as `Threats`), the CSPM control id, or the title.
 */
export function ocsfTypeOf(finding: OcsfFinding): string {
  const guardDuty = finding.finding_info.types?.find((t) => GUARDDUTY_TYPE.test(t));
  if (guardDuty) return guardDuty;
  const control = controlIdOf(finding);
  if (control) return control;
  return finding.finding_info.types?.[0] ?? finding.finding_info.title ?? 'Security Hub finding';
}

/** A Security Hub control id such as `S3.8` or `EC2.19`. */
export const CONTROL_ID = /^[A-Za-z0-9]{1,32}\.\d{1,4}$/;

/** The CSPM control id of a compliance finding (`compliance.control`), when well-formed. */
export function controlIdOf(finding: OcsfFinding): string | undefined {
  const compliance = finding.compliance;
  if (typeof compliance !== 'object' || compliance === null) return undefined;
  const control = (compliance as Record<string, unknown>).control;
  return typeof control === 'string' && CONTROL_ID.test(control) ? control : undefined;
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
