/**
 * Findings no responder acts on: GuardDuty sample findings (console "Generate sample findings", API
 * `CreateSampleFindings`), archived findings, and Config evaluations that are not NON_COMPLIANT.
 * Checked before any resource id is validated: samples carry placeholder ids such as
 * `i-99999999`, `GeneratedFindingVPCId` or `GeneratedFindingSecurityId`, which must end as
 * `ignored`, not as an invalid event that is retried into the dead-letter queue.
 * https://docs.aws.amazon.com/guardduty/latest/ug/sample_findings.html
 */
import { bounded } from './bounded';
import type { SourceFinding } from './events';

/** Longest `additionalInfo.value` parsed for the sample flag (GuardDuty keeps it small). */
const MAX_INFO_JSON = 64 * 1024;

const SH_SAMPLE = 'aws/guardduty/service/additionalInfo/sample';
const SH_INFO_VALUE = 'aws/guardduty/service/additionalInfo/value';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
  }
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
  }
}
