import { Testing } from 'cdktf';
import { configLimitChecks } from '../../modules/config/limits';
import { parseConfig } from '../../modules/config/load';
import { withinLimit } from '../../modules/shared/aws-limits';
import { APPROVAL_QUEUE_HANDLER } from '../../modules/shared/bundle';
import { resourcesOf, synthMaster, TEST_IDS } from './support';

const APPROVER = `arn:aws:iam::${TEST_IDS.securityAccountId}:role/chat-approver`;
const on = synthMaster({ approval: { endpoint: { enabled: true, approverArns: [APPROVER] } } });

describe('master stack: approval queue (approval.endpoint)', () => {
  it('deploys nothing of it by default', () => {
    const { tf } = synthMaster();
    expect(JSON.stringify(tf)).not.toContain('security-ir-approvals');
  });

  it('creates the encrypted queue, its function on the shared bundle, and the schedule', () => {
    const queues = Object.values(resourcesOf(on.tf, 'aws_sqs_queue'));
    expect(queues).toContainEqual(
      expect.objectContaining({
        name: 'security-ir-approvals',
        sqs_managed_sse_enabled: true,
        message_retention_seconds: 3600,
        visibility_timeout_seconds: 180,
      }),
    );
    const fn = Object.values(resourcesOf(on.tf, 'aws_lambda_function')).find(
      (f) => f.function_name === 'security-ir-approvals',
    );
    expect(fn).toMatchObject({
      handler: APPROVAL_QUEUE_HANDLER,
      timeout: 180,
      reserved_concurrent_executions: 1,
    });
    const vars = (fn as { environment: { variables: Record<string, string> } }).environment
      .variables;
    expect(vars.APPROVER_ARNS).toBe(APPROVER);
    expect(vars.RESPONDER_TIMEOUT_SECONDS).toBe('120');
    expect(Object.values(resourcesOf(on.tf, 'aws_cloudwatch_event_rule'))).toContainEqual(
      expect.objectContaining({ schedule_expression: 'rate(1 minute)' }),
    );
  });

  it('gives every responder the queue URL, so chat notifications name it', () => {
    const responders = Object.values(resourcesOf(on.tf, 'aws_lambda_function')).filter(
      (f) => f.function_name !== 'security-ir-approvals',
    );
    for (const f of responders) {
      const vars = (f.environment as { variables: Record<string, string> }).variables;
      expect(vars.APPROVAL_QUEUE_URL).toMatch(/aws_sqs_queue\.approvals_queue_\w+\.url/);
    }
  });

  it('is valid Terraform', () => {
    expect(Testing.fullSynth(on.stack)).toBeValidTerraform();
  });
});

describe('config: approval.endpoint', () => {
  it('needs an approver when enabled', () => {
    expect(() => parseConfig({ ...TEST_IDS, approval: { endpoint: { enabled: true } } })).toThrow(
      /approval\.endpoint\.approverArns.*at least one approver/s,
    );
  });

  it('refuses an ARN pattern and an approver outside the security account', () => {
    expect(() =>
      parseConfig({
        ...TEST_IDS,
        approval: {
          endpoint: { enabled: true, approverArns: ['arn:aws:iam::111111111111:role/*'] },
        },
      }),
    ).toThrow(/exact IAM role or user ARN/);
    expect(() =>
      parseConfig({
        ...TEST_IDS,
        approval: {
          endpoint: { enabled: true, approverArns: ['arn:aws:iam::222222222222:role/x'] },
        },
      }),
    ).toThrow(/not in the security account/);
  });

  it('fails at synth, naming the key, when the approvers outgrow the queue policy or environment', () => {
    const approverArns = Array.from(
      { length: 50 },
      (_, i) => `arn:aws:iam::111111111111:role/${'a'.repeat(50)}-approver-${i}`,
    );
    expect(() =>
      parseConfig({ ...TEST_IDS, approval: { endpoint: { enabled: true, approverArns } } }),
    ).toThrow(
      /approval\.endpoint\.approverArns: the approval queue policy would be [\d,]+ bytes, over the AWS limit of 8,192 .*quotas-policies\.html/,
    );
    const few = parseConfig({
      ...TEST_IDS,
      approval: { endpoint: { enabled: true, approverArns: approverArns.slice(0, 10) } },
    });
    const checks = configLimitChecks(few).filter((c) => c.key === 'approval.endpoint.approverArns');
    expect(checks.map((c) => c.limit).sort()).toEqual([
      'iamRoleInlinePolicies',
      'lambdaEnvironment',
      'sqsQueuePolicy',
    ]);
    expect(checks.every(withinLimit)).toBe(true);
  });
});
