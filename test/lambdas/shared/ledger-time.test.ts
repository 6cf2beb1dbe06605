import { parseEvent } from '../../../lambdas/shared/events';
import { findingCreatedAt } from '../../../lambdas/shared/ledger-time';
import sgEvent from '../../fixtures/config/sg-restricted-ssh.json';
import gdEvent from '../../fixtures/guardduty/ec2-backdoor.json';
import ocsfEvent from '../../fixtures/ocsf/guardduty-ec2-runtime.json';
import hubEvent from '../../fixtures/securityhub/ec2-isolate-action.json';

describe('findingCreatedAt: where each source says when the finding was created', () => {
  it('reads GuardDuty detail.createdAt', () => {
    const [source] = parseEvent(gdEvent, ['guardduty']);
    expect(findingCreatedAt(gdEvent, source as never)).toBe('2026-03-02T09:14:05.339Z');
  });

  it('reads CreatedAt of each Security Hub finding by its index', () => {
    const event = structuredClone(hubEvent);
    const findings = event.detail.findings as { CreatedAt?: string }[];
    findings.forEach((f, i) => {
      f.CreatedAt = `2026-11-30T10:0${i}:00.000Z`;
    });
    const sources = parseEvent(event, ['securityhub']);
    expect(sources.map((s) => findingCreatedAt(event, s))).toEqual(
      findings.map((_, i) => `2026-11-30T10:0${i}:00.000Z`),
    );
  });

  it('reads finding_info.created_time_dt of an OCSF finding, not the envelope time of its import', () => {
    // The AWS-exported sample: created 20:49:21.464Z, delivered in an envelope of 20:49:30Z
    const [source] = parseEvent(ocsfEvent, ['ocsf']);
    expect(findingCreatedAt(ocsfEvent, source as never)).toBe('2025-10-03T20:49:21.464Z');
  });

  it("reads Config's resultRecordedTime, else the envelope time", () => {
    const event = structuredClone(sgEvent);
    const result = event.detail.newEvaluationResult as { resultRecordedTime?: string };
    result.resultRecordedTime = '2025-03-14T09:20:00.000Z';
    const [source] = parseEvent(event, ['config']);
    expect(findingCreatedAt(event, source as never)).toBe('2025-03-14T09:20:00.000Z');
    delete result.resultRecordedTime;
    expect(findingCreatedAt(event, source as never)).toBe('2025-03-14T09:21:07.000Z');
  });

  it('drops a malformed time instead of failing', () => {
    const event = { ...structuredClone(gdEvent), time: 'soon' };
    event.detail.createdAt = 'yesterday';
    const [source] = parseEvent(structuredClone(gdEvent), ['guardduty']);
    expect(findingCreatedAt(event, source as never)).toBeUndefined();
  });
});
