/**
 * When a finding was created, read from the raw event for the time-to-contain figure. A hint
 * only (DESIGN invariant 8): a missing or malformed time is dropped, never an error.
 * GuardDuty: `detail.createdAt`; ASFF: `CreatedAt` of the finding; OCSF:
 * `finding_info.created_time_dt`; Config: the evaluation's `resultRecordedTime`; otherwise the
 * envelope's `time`.
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-summary.html ,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/asff-top-level-attributes.html ,
 * https://docs.aws.amazon.com/config/latest/developerguide/monitor-config-with-cloudwatchevents.html
 */
import type { SourceFinding } from './events';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null;

function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 40) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** The creation time of `source` (ISO 8601), or undefined when the event does not say. */
export function findingCreatedAt(event: unknown, source: SourceFinding): string | undefined {
  if (!isObject(event)) return undefined;
  const detail = isObject(event.detail) ? event.detail : {};
  let own: unknown;
  if (source.kind === 'guardduty') own = detail.createdAt;
  if (source.kind === 'config') {
    const result = detail.newEvaluationResult;
    own = isObject(result) ? result.resultRecordedTime : undefined;
  }
  if (source.kind === 'securityhub' || source.kind === 'ocsf') {
    const index = /\[(\d+)\]$/.exec(source.path)?.[1];
    const findings = Array.isArray(detail.findings) ? detail.findings : [];
    const finding: unknown = index === undefined ? undefined : findings[Number(index)];
    const info = isObject(finding) ? finding.finding_info : undefined;
    // OCSF: the envelope's time is when Security Hub imported the latest update, not the finding.
    if (isObject(finding))
      own =
        source.kind === 'ocsf'
          ? isObject(info)
            ? info.created_time_dt
            : undefined
          : finding.CreatedAt;
  }
  return isoTime(own) ?? isoTime(event.time);
}
