/**
 * Findings no responder acts on: GuardDuty sample findings (console "Generate sample findings", API
 * `CreateSampleFindings`), archived findings, and Config evaluations that are not NON_COMPLIANT.
 * Checked before any resource id is validated: samples carry placeholder ids such as
 * `i-99999999`, `GeneratedFindingVPCId` or `GeneratedFindingSecurityId`, which must end as
 * `ignored`, not as an invalid event that is retried into the dead-letter queue.
 * https://docs.aws.amazon.com/guardduty/latest/ug/sample_findings.html
 */
import { bounded } from './bounded';
import { DEFAULT_PREFIX, RECORD_PREFIX } from './defaults';
import type { SourceFinding } from './events';
import { isRecord } from './fields';
import { OCSF_ACTIVITY, OCSF_CLASS, OCSF_STATUS, type OcsfFinding } from './ocsf-schema';

/** Longest `additionalInfo.value` parsed for the sample flag (GuardDuty keeps it small). */
const MAX_INFO_JSON = 64 * 1024;

const SH_SAMPLE = 'aws/guardduty/service/additionalInfo/sample';
const SH_INFO_VALUE = 'aws/guardduty/service/additionalInfo/value';

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Whether a JSON text is an object whose own `sample` is true (GuardDuty `additionalInfo.value`). */
function jsonSaysSample(text: unknown): boolean {
  if (typeof text !== 'string' || text.length > MAX_INFO_JSON || !text.includes('sample')) {
    return false;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) && Object.hasOwn(parsed, 'sample') && isTrue(parsed.sample);
  } catch {
    return false;
  }
}

/**
 * Whether GuardDuty's `service.additionalInfo` marks a sample: `{"sample": true}`, or the newer
 * `{"value": "{\"sample\":true}", "type": "default"}` that holds the same as a JSON string.
 */
export function isGuardDutySample(additionalInfo: unknown): boolean {
  if (!isRecord(additionalInfo)) return false;
  if (Object.hasOwn(additionalInfo, 'sample') && isTrue(additionalInfo.sample)) return true;
  return Object.hasOwn(additionalInfo, 'value') && jsonSaysSample(additionalInfo.value);
}

/**
 * Whether an ASFF finding is a sample: its own `Sample` flag, or the product fields Security Hub
 * copies from a GuardDuty sample (`…/additionalInfo/sample` = `"true"`, or `…/additionalInfo/value`
 * holding `{"sample":true}`).
 */
export function isAsffSample(finding: {
  readonly Sample?: unknown;
  readonly ProductFields?: Record<string, unknown> | undefined;
}): boolean {
  if (isTrue(finding.Sample)) return true;
  const fields = finding.ProductFields;
  if (!fields) return false;
  if (Object.hasOwn(fields, SH_SAMPLE) && isTrue(fields[SH_SAMPLE])) return true;
  return Object.hasOwn(fields, SH_INFO_VALUE) && jsonSaysSample(fields[SH_INFO_VALUE]);
}

/** Why a finding should not be acted on at all (archived, sample, not active), or undefined. */
export function inactiveReason(source: SourceFinding): string | undefined {
  switch (source.kind) {
    case 'guardduty': {
      const service = source.finding.service;
      if (service?.archived === true) return 'the GuardDuty finding is archived';
      if (isGuardDutySample(service?.additionalInfo)) {
        return 'the GuardDuty finding is a sample finding';
      }
      return undefined;
    }
    case 'securityhub':
      if (source.finding.RecordState === 'ARCHIVED') return 'the Security Hub finding is archived';
      if (isAsffSample(source.finding)) {
        return isTrue(source.finding.Sample)
          ? 'the Security Hub finding is a sample finding'
          : 'the Security Hub finding is a GuardDuty sample finding';
      }
      return undefined;
    case 'config': {
      const type = source.compliance.newEvaluationResult.complianceType;
      return type === 'NON_COMPLIANT' ? undefined : `the resource is ${type}`;
    }
    case 'ocsf':
      return ocsfInactiveReason(source.finding);
  }
}

const CLOSED_STATUS: Readonly<Record<number, string>> = {
  [OCSF_STATUS.suppressed]: 'suppressed',
  [OCSF_STATUS.resolved]: 'resolved',
  [OCSF_STATUS.archived]: 'archived',
};

/** Whether a loose record holds a `sample` flag set to true (GuardDuty's sample marker). */
function saysSample(value: unknown): boolean {
  if (!isRecord(value)) return false;
  if (Object.hasOwn(value, 'sample') && isTrue(value.sample)) return true;
  return Object.hasOwn(value, 'value') && jsonSaysSample(value.value);
}

/**
 * Why an OCSF finding is not acted on: closed (`activity_id` 3), suppressed, resolved or archived
 * (`status_id` 3, 4, 5), a compliance check that did not fail, a sample, or an update whose
 * comment is this product's own record (the update that recording the outcome caused: answering
 * it again would loop).
 */
function ocsfInactiveReason(finding: OcsfFinding): string | undefined {
  if (finding.activity_id === OCSF_ACTIVITY.close) return 'the Security Hub finding is closed';
  const closed = finding.status_id === undefined ? undefined : CLOSED_STATUS[finding.status_id];
  if (closed) return `the Security Hub finding is ${closed} (status_id ${finding.status_id})`;
  if (saysSample(finding.unmapped) || saysSample(finding.vendor_attributes)) {
    return 'the Security Hub finding is a sample finding';
  }
  if (finding.class_uid === OCSF_CLASS.compliance) {
    const status = complianceStatusOf(finding);
    if (status !== 'failed') return `the control check did not fail (compliance status ${status})`;
  }
  if (isOwnRecordUpdate(finding)) {
    return `an update of a finding ${DEFAULT_PREFIX} already answered (its comment is the record of that answer)`;
  }
  return undefined;
}

/**
 * Whether an OCSF event is the update this product's own record caused (`activity_id` 2 with its
 * comment): answered already, and not news for anyone.
 */
export function isOwnRecordUpdate(finding: OcsfFinding): boolean {
  return (
    finding.activity_id === OCSF_ACTIVITY.update &&
    typeof finding.comment === 'string' &&
    finding.comment.startsWith(RECORD_PREFIX)
  );
}

/**
 * The result of a compliance finding's check: `compliance.status_id` 3 or `status` "Fail" is
 * failed (OCSF Compliance: 1 Pass, 2 Warning, 3 Fail), read loosely.
 */
export function complianceStatusOf(finding: OcsfFinding): string {
  const compliance = isRecord(finding.compliance) ? finding.compliance : {};
  const statusId = compliance.status_id;
  const status = typeof compliance.status === 'string' ? compliance.status.toLowerCase() : '';
  if (statusId === 3 || status === 'fail' || status === 'failed') return 'failed';
  return bounded(status || (typeof statusId === 'number' ? `id ${statusId}` : 'absent'), 32);
}

/**
 * The resource an inactive finding names, for its outcome: read without validation (a sample's
 * ids are placeholders), bounded.
 */
export function inactiveResource(source: SourceFinding): string {
  switch (source.kind) {
    case 'guardduty': {
      const { resource } = source.finding;
      const details = resource.instanceDetails;
      const id =
        isRecord(details) && typeof details.instanceId === 'string'
          ? details.instanceId
          : undefined;
      return bounded(id ?? resource.resourceType, 128);
    }
    case 'securityhub':
      return bounded(source.finding.Resources[0]?.Id ?? '-', 128);
    case 'config':
      return bounded(source.compliance.resourceId, 128);
    case 'ocsf': {
      const first = source.finding.resources?.[0];
      const uid = isRecord(first) && typeof first.uid === 'string' ? first.uid : undefined;
      return bounded(uid ?? '-', 128);
    }
  }
}
