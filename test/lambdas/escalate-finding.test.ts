import { BatchUpdateFindingsCommand } from '@aws-sdk/client-securityhub';
import { handler } from '../../lambdas/escalate-finding';
import { MAX_REASON } from '../../lambdas/escalate-finding/target';
import { GUARDDUTY_RESPONDERS } from '../../lambdas/registry/responders';
import attackSequence from '../fixtures/guardduty/attack-sequence-s3.json';
import ec2Backdoor from '../fixtures/guardduty/ec2-backdoor.json';
import ecsRuntime from '../fixtures/guardduty/ecs-fargate-runtime.json';
import eksAnonymous from '../fixtures/guardduty/eks-anonymous-access.json';
import lambdaCc from '../fixtures/guardduty/lambda-cc-activity.json';
import rdsBruteForce from '../fixtures/guardduty/rds-successful-brute-force.json';
import runtimeEc2 from '../fixtures/guardduty/runtime-ec2-reverse-shell.json';
import s3Public from '../fixtures/guardduty/s3-block-public-access-disabled.json';
import s3Exfiltration from '../fixtures/guardduty/s3-exfiltration-malicious-ip.json';
import sample from '../fixtures/guardduty/sample-ec2-spambot.json';
import { createMocks, inputsOf, publishedOutcomes, resetAll, sentActions } from '../support/aws';

const mocks = createMocks();

/** Every GuardDuty responder's list emptied: only the registry's `alsoMatches` still contain. */
const NOTHING_CONTAINED = JSON.stringify(
  Object.fromEntries(GUARDDUTY_RESPONDERS.map((n) => [n, []])),
);

beforeEach(() => {
  resetAll(mocks);
});

/** Runs the handler on a copy of a fixture and returns its one outcome. */
async function escalate(fixture: unknown) {
  const { outcomes } = await handler(structuredClone(fixture));
  expect(outcomes).toHaveLength(1);
  return outcomes[0] as NonNullable<(typeof outcomes)[0]>;
}

describe('escalate-finding: families without a containment are escalated', () => {
  it('lists the EKS cluster, the workload and the user, with checks, at high priority', async () => {
    // Act
    const outcome = await escalate(eksAnonymous);

    // Assert
    expect(outcome).toMatchObject({
      status: 'escalated',
      responder: 'escalate-finding',
      accountId: '222222222222',
      region: 'us-east-1',
      mode: 'contain',
      findingType: 'Policy:Kubernetes/AnonymousAccessGranted',
    });
    // Nothing changed in the member account: the only steps are the notes on the finding (ASFF, OCSF).
    expect(outcome.steps.map((s) => s.action)).toEqual([
      'securityhub:BatchUpdateFindings',
      'securityhub:BatchUpdateFindingsV2',
    ]);
    expect(mocks.sts.calls()).toHaveLength(0);
    expect(outcome.resource).toBe(
      'EKS cluster prod-eks (arn:aws:eks:us-east-1:222222222222:cluster/prod-eks, vpc-0c0000000000000c0)',
    );
    expect(outcome.reason).toContain('Kubernetes workload anonymous-admin (clusterrolebindings');
    expect(outcome.reason).toContain('Kubernetes user system:anonymous');
    expect(outcome.reason).toContain('Check first: 1) identify the workload');
    const published = mocks.sns.calls()[0]?.args[0] as {
      input: { MessageAttributes: Record<string, { StringValue: string }> };
    };
    expect(published.input.MessageAttributes.priority?.StringValue).toBe('high');
  });

  it('lists the RDS database and the database user', async () => {
    const outcome = await escalate(rdsBruteForce);

    expect(outcome.status).toBe('escalated');
    expect(outcome.resource).toBe(
      'RDS database orders-db-1 (aurora-postgresql, cluster orders-cluster)',
    );
    expect(outcome.reason).toContain('database user app_admin (psql, orders)');
    expect(outcome.reason).toContain('rotate the database user password');
  });

  it('lists the signals and resources of an attack sequence', async () => {
    const outcome = await escalate(attackSequence);

    expect(outcome.status).toBe('escalated');
    expect(outcome.reason).toContain(
      'signal Discovery:S3/MaliciousIPCaller (FINDING, ListObjects from a known malicious IP)',
    );
    expect(outcome.reason).toContain('signal PutBucketPublicAccessBlock (CLOUD_TRAIL');
    expect(outcome.reason).toContain('signal DeleteObjects (S3_DATA_EVENTS');
    expect(outcome.reason).toContain('sequence resource AKIAEXAMPLEKEY7Q3ZRT (ACCESS_KEY)');
    expect(outcome.reason).toContain('read the signals in order');
  });

  it('lists the ECS cluster, the task and its launch type for an ECS finding no responder contains', async () => {
    // Malware Protection's SuspiciousFile is not contained (as on EC2): the catch-all escalates it.
    const suspicious = structuredClone(ecsRuntime);
    suspicious.detail.type = 'Execution:ECS/SuspiciousFile';

    const outcome = await escalate(suspicious);

    expect(outcome.status).toBe('escalated');
    expect(outcome.reason).toContain(
      'ECS task arn:aws:ecs:us-east-1:222222222222:task/payments/0a1b2c3d4e5f60718293a4b5c6d7e8f9 (FARGATE, service:payments-api)',
    );
    expect(outcome.reason).toContain('container api');
  });

  it('escalates a Lambda Protection finding no list contains, with the function and its role', async () => {
    resetAll(mocks, { FINDING_TYPES: NOTHING_CONTAINED });

    const outcome = await escalate(lambdaCc);

    expect(outcome.status).toBe('escalated');
    expect(outcome.resource).toBe(
      'Lambda function arn:aws:lambda:us-east-1:222222222222:function:image-resizer (arn:aws:iam::222222222222:role/image-resizer-role)',
    );
  });

  it('escalates the account-level public-access finding, naming the bucket and the key', async () => {
    const event = structuredClone(s3Public);
    event.detail.type = 'Policy:S3/AccountBlockPublicAccessDisabled';

    const outcome = await escalate(event);

    expect(outcome.status).toBe('escalated');
    expect(outcome.reason).toContain('S3 bucket analytics-exports-222222222222');
    expect(outcome.reason).toContain('access key AKIAEXAMPLEKEY7Q3ZRT (IAMUser, ci-deployer)');
  });

  it('escalates an uncontained type on an instance (port probe)', async () => {
    const event = structuredClone(ec2Backdoor);
    event.detail.type = 'Recon:EC2/PortProbeUnprotectedPort';

    const outcome = await escalate(event);

    expect(outcome.status).toBe('escalated');
    expect(outcome.resource).toBe('EC2 instance i-0a1b2c3d4e5f60789');
  });

  it('notes the escalation on the finding in Security Hub, and archives nothing', async () => {
    await escalate(rdsBruteForce);

    const [update] = inputsOf(mocks.securityhub, BatchUpdateFindingsCommand);
    expect(update?.Workflow).toEqual({ Status: 'NOTIFIED' });
    expect(sentActions(mocks)).not.toContain('guardduty:ArchiveFindings');
  });
});

describe('escalate-finding: findings another responder contains', () => {
  it.each([
    ['an EC2 backdoor (isolate-ec2)', ec2Backdoor, 'isolate-ec2'],
    ['a runtime finding on an instance (isolate-ec2)', runtimeEc2, 'isolate-ec2'],
    ['an S3 exfiltration naming a key (block-principal)', s3Exfiltration, 'block-principal'],
    ['a Lambda Protection finding (contain-lambda-function)', lambdaCc, 'contain-lambda-function'],
    ['a runtime finding on an ECS task (isolate-ecs-task)', ecsRuntime, 'isolate-ecs-task'],
    [
      'a bucket made public (restore-bucket-public-access)',
      s3Public,
      'restore-bucket-public-access',
    ],
  ])('leaves %s to it, quietly: no alert, no record', async (_, fixture, container) => {
    const outcome = await escalate(fixture);

    expect(outcome.status).toBe('ignored');
    expect(outcome.reason).toBe(`contained by ${container}, which reports on it`);
    expect(sentActions(mocks)).toEqual([]);
  });

  it('escalates a contained type once the configuration no longer lists it', async () => {
    const { outcomes } = await (async () => {
      resetAll(mocks, { FINDING_TYPES: NOTHING_CONTAINED });
      return handler(structuredClone(ec2Backdoor));
    })();

    expect(outcomes[0]?.status).toBe('escalated');
  });
});

describe('escalate-finding: modes and limits', () => {
  it('in dry-run, alerts but records nothing on the finding', async () => {
    resetAll(mocks, {
      RESPONSE_MODES: '{"default":"dry-run","accounts":{},"organizationalUnits":{}}',
    });

    const outcome = await escalate(eksAnonymous);

    expect(outcome).toMatchObject({ status: 'escalated', mode: 'dry-run' });
    expect(mocks.securityhub.calls()).toHaveLength(0);
    expect(publishedOutcomes(mocks).map((o) => o.status)).toEqual(['escalated']);
  });

  it('ignores an account in off mode', async () => {
    resetAll(mocks, { RESPONSE_MODES: '{"default":"off","accounts":{},"organizationalUnits":{}}' });

    const outcome = await escalate(eksAnonymous);

    expect(outcome.status).toBe('ignored');
    expect(mocks.securityhub.calls()).toHaveLength(0);
  });

  it('ignores a sample finding before reading it, without an alert when another responder contains its type', async () => {
    // The sample is Backdoor:EC2/Spambot: isolate-ec2 answers it (and alerts that it is a sample).
    const outcome = await escalate(sample);

    expect(outcome.status).toBe('ignored');
    expect(mocks.sns.calls()).toHaveLength(0);
  });

  it('alerts on a sample finding of a type no responder contains (its only answer)', async () => {
    // Arrange: the RDS fixture marked as a sample, the way CreateSampleFindings marks it.
    const event = structuredClone(rdsBruteForce) as {
      detail: { service: { additionalInfo?: Record<string, unknown> } };
    };
    event.detail.service.additionalInfo = { value: '{"sample":true}', type: 'default' };

    // Act
    const outcome = await escalate(event);

    // Assert
    expect(outcome.status).toBe('ignored');
    expect(mocks.sns.calls()).toHaveLength(1);
  });

  it('escalates a repeated finding again, with the same resources', async () => {
    const event = structuredClone(rdsBruteForce);
    const first = await escalate(event);
    event.detail.service.count = 7;

    const again = await escalate(event);

    expect(again.status).toBe('escalated');
    expect(again.reason).toBe(first.reason);
  });

  it('keeps the reason within the alert limit, counting the resources it leaves out', async () => {
    const event = structuredClone(attackSequence) as {
      detail: { service: { detection: { sequence: { signals: unknown[] } } } };
    };
    const signal = event.detail.service.detection.sequence.signals[0] as Record<string, unknown>;
    event.detail.service.detection.sequence.signals = Array.from({ length: 40 }, (_, i) => ({
      ...signal,
      name: `Signal${i}-${'x'.repeat(80)}`,
      description: 'y'.repeat(90),
    }));

    const outcome = await escalate(event);

    expect(outcome.reason.length).toBeLessThanOrEqual(MAX_REASON);
    expect(outcome.reason).toMatch(/\(\+\d+ more\)/);
    expect(outcome.reason).toContain('Check first:');
  });
});
