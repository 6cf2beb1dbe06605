import { GetBucketTaggingCommand, type Tag } from '@aws-sdk/client-s3';
import { BatchUpdateFindingsCommand } from '@aws-sdk/client-securityhub';
import { PublishCommand } from '@aws-sdk/client-sns';
import {
  StartAutomationExecutionCommand,
  type StartAutomationExecutionCommandInput,
} from '@aws-sdk/client-ssm';
import { DEFAULT_CONFIG_RULES } from '../../lambdas/shared/defaults';
import { handler } from '../../lambdas/start-ssm-automation';
import volumeFixture from '../fixtures/config/encrypted-volumes.json';
import configFixture from '../fixtures/config/s3-public-read.json';
import encryptionFixture from '../fixtures/securityhub/s3-encryption.json';
import publicFixture from '../fixtures/securityhub/s3-public-read.json';
import groupFixture from '../fixtures/securityhub/sg-open-ssh.json';
import {
  awsError,
  createMocks,
  inputsOf,
  publishedOutcomes,
  resetAll,
  sentActions,
  undeclaredActions,
} from '../support/aws';

const mocks = createMocks();

const CONFIG_RULES = JSON.stringify(
  Object.fromEntries(DEFAULT_CONFIG_RULES.map((r) => [r.name, r.response])),
);
const BUCKET = 'example-data-bucket-222222222222';
const ROLE = 'arn:aws:iam::222222222222:role/Security-IR-Automation-Role';
const EXECUTION = '4f0e7b1c-8a2d-4c6e-9b3f-1d5a7c9e2b4f';

const configEvent = () => structuredClone(configFixture);
const publicEvent = () => structuredClone(publicFixture);

const PUBLIC_START: StartAutomationExecutionCommandInput = {
  DocumentName: 'AWS-DisableS3BucketPublicReadWrite',
  Parameters: { S3BucketName: [BUCKET], AutomationAssumeRole: [ROLE] },
};
const ENCRYPTION_START: StartAutomationExecutionCommandInput = {
  DocumentName: 'AWS-EnableS3BucketEncryption',
  Parameters: { BucketName: [BUCKET], SSEAlgorithm: ['AES256'], AutomationAssumeRole: [ROLE] },
};

/** Answers GetBucketTagging with `tags` and StartAutomationExecution with an execution id. */
function answerBucket(tags: Tag[] = [{ Key: 'team', Value: 'data' }]): void {
  mocks.s3.on(GetBucketTaggingCommand).resolves({ TagSet: tags });
  mocks.ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: EXECUTION });
}

const memberCalls = () => [...mocks.sts.calls(), ...mocks.s3.calls(), ...mocks.ssm.calls()];

beforeEach(() => {
  resetAll(mocks, { CONFIG_RULES });
});

describe('start-ssm-automation: runbook started for a Config rule', () => {
  it('reads the bucket tags, then starts the public-access runbook as the automation role', async () => {
    // Arrange
    answerBucket();

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(inputsOf(mocks.s3, GetBucketTaggingCommand)).toEqual([
      { Bucket: BUCKET, ExpectedBucketOwner: '222222222222' },
    ]);
    expect(inputsOf(mocks.ssm, StartAutomationExecutionCommand)).toEqual([PUBLIC_START]);
    expect(outcomes).toEqual([
      expect.objectContaining({
        status: 'contained',
        responder: 'start-ssm-automation',
        resource: BUCKET,
        accountId: '222222222222',
        region: 'eu-west-1',
        mode: 'contain',
        findingId: `s3-bucket-public-read-prohibited/${BUCKET}`,
        reason: `started AWS-DisableS3BucketPublicReadWrite on ${BUCKET} (execution ${EXECUTION})`,
        steps: [
          {
            action: 'ssm:StartAutomationExecution',
            target: BUCKET,
            status: 'done',
            detail: `AWS-DisableS3BucketPublicReadWrite, execution ${EXECUTION}`,
          },
        ],
      }),
    ]);
    expect(undeclaredActions(mocks, 'start-ssm-automation')).toEqual([]);
  });

  it('starts the encryption runbook with its fixed parameters for the encryption rule', async () => {
    // Arrange
    answerBucket();
    const event = configEvent();
    event.detail.configRuleName = 's3-bucket-server-side-encryption-enabled';

    // Act
    await handler(event);

    // Assert
    expect(inputsOf(mocks.ssm, StartAutomationExecutionCommand)).toEqual([ENCRYPTION_START]);
  });

  it.each([
    ['Security Hub', 'securityhub-s3-bucket-public-read-prohibited-1a2b3c4d'],
    ['a conformance pack', 's3-bucket-public-read-prohibited-conformance-pack-abcd1234'],
  ])('answers the rule created by %s by its base name', async (_by, name) => {
    // Arrange
    answerBucket();
    const event = configEvent();
    event.detail.configRuleName = name;

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(inputsOf(mocks.ssm, StartAutomationExecutionCommand)).toEqual([PUBLIC_START]);
  });

  it('treats a bucket without tags (NoSuchTagSet) as untagged and starts the runbook', async () => {
    // Arrange
    answerBucket();
    mocks.s3.on(GetBucketTaggingCommand).rejects(awsError('NoSuchTagSet'));

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(inputsOf(mocks.ssm, StartAutomationExecutionCommand)).toHaveLength(1);
  });

  it('names the automation role of the configuration and the partition of the region', async () => {
    // Arrange
    resetAll(mocks, { CONFIG_RULES, AUTOMATION_ROLE_NAME: 'Custom-Runbook-Role' });
    answerBucket();
    const event = configEvent();
    event.detail.awsRegion = 'cn-north-1';

    // Act
    await handler(event);

    // Assert
    expect(inputsOf(mocks.ssm, StartAutomationExecutionCommand)[0]?.Parameters).toEqual({
      S3BucketName: [BUCKET],
      AutomationAssumeRole: ['arn:aws-cn:iam::222222222222:role/Custom-Runbook-Role'],
    });
  });

  it('makes two sequential member calls after AssumeRole: GetBucketTagging, then StartAutomationExecution', async () => {
    // Arrange
    const order: string[] = [];
    const later =
      <T>(name: string, value: T) =>
      async () => {
        order.push(`${name} start`);
        await new Promise((resolve) => setImmediate(resolve));
        order.push(`${name} end`);
        return value;
      };
    mocks.s3.on(GetBucketTaggingCommand).callsFake(later('GetBucketTagging', { TagSet: [] }));
    mocks.ssm
      .on(StartAutomationExecutionCommand)
      .callsFake(later('Start', { AutomationExecutionId: EXECUTION }));

    // Act
    await handler(configEvent());

    // Assert
    expect(order).toEqual([
      'GetBucketTagging start',
      'GetBucketTagging end',
      'Start start',
      'Start end',
    ]);
  });

  it('starts the runbook again for a repeated finding with the same input (the runbooks converge)', async () => {
    // Arrange
    answerBucket();
    await handler(configEvent());

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(inputsOf(mocks.ssm, StartAutomationExecutionCommand)).toEqual([
      PUBLIC_START,
      PUBLIC_START,
    ]);
  });
});

describe('start-ssm-automation: runbook chosen by a Security Hub finding', () => {
  it('starts the public-access runbook for S3.2 and resolves the finding', async () => {
    // Arrange
    answerBucket();
    const event = publicEvent();

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(inputsOf(mocks.ssm, StartAutomationExecutionCommand)).toEqual([PUBLIC_START]);
    expect(outcomes[0]?.status).toBe('contained');
    expect(inputsOf(mocks.securityhub, BatchUpdateFindingsCommand)).toEqual([
      expect.objectContaining({
        FindingIdentifiers: [
          {
            Id: event.detail.findings[0]?.Id,
            ProductArn: 'arn:aws:securityhub:eu-west-1::product/aws/securityhub',
          },
        ],
        Workflow: { Status: 'RESOLVED' },
      }),
    ]);
    expect(undeclaredActions(mocks, 'start-ssm-automation')).toEqual([]);
  });

  it('starts the encryption runbook for S3.4', async () => {
    // Arrange
    answerBucket();

    // Act
    await handler(structuredClone(encryptionFixture));

    // Assert
    expect(inputsOf(mocks.ssm, StartAutomationExecutionCommand)).toEqual([ENCRYPTION_START]);
  });

  it.each([
    [
      'S3.3',
      'security-control/S3.3',
      'S3 general purpose buckets should block public write access',
    ],
    ['S3.8', 'security-control/S3.8', 'S3 general purpose buckets should block public access'],
    [
      'a standard-specific control id',
      'aws-foundational-security-best-practices/v/1.0.0/S3.2',
      'S3.2 S3 buckets should prohibit public read access',
    ],
    ['a title about public access', 'custom-check', 'Bucket allows PUBLIC listing'],
  ])('starts the public-access runbook for %s', async (_case, generator, title) => {
    // Arrange
    answerBucket();
    const event = publicEvent();
    const finding = event.detail.findings[0];
    if (finding) {
      finding.GeneratorId = generator;
      finding.Title = title;
    }

    // Act
    await handler(event);

    // Assert
    expect(inputsOf(mocks.ssm, StartAutomationExecutionCommand)).toEqual([PUBLIC_START]);
  });

  it.each([
    ['S3.9 (access logging)', 'security-control/S3.9', 'S3 buckets should have logging enabled'],
    [
      'S3.17 (KMS keys): SSE-S3 would replace the KMS key',
      'security-control/S3.17',
      'S3 general purpose buckets should be encrypted at rest with AWS KMS keys',
    ],
    ['S3.20 (not S3.2)', 'security-control/S3.20', 'S3 buckets should have MFA delete enabled'],
  ])('ignores %s with the reason and no member call', async (_case, generator, title) => {
    // Arrange
    const event = publicEvent();
    const finding = event.detail.findings[0];
    if (finding) {
      finding.GeneratorId = generator;
      finding.Title = title;
    }

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'ignored',
      resource: `arn:aws:s3:::${BUCKET}`,
      reason: expect.stringContaining('no runbook answers'),
    });
    expect(memberCalls()).toEqual([]);
  });

  it('ignores a finding without an S3 bucket resource', async () => {
    // Act
    const { outcomes } = await handler(structuredClone(groupFixture));

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'ignored',
      reason: 'the finding has no AwsS3Bucket resource',
    });
    expect(memberCalls()).toEqual([]);
  });
});

describe('start-ssm-automation: notify-only rules', () => {
  it.each(['encrypted-volumes', 'rds-storage-encrypted'])(
    'escalates %s with a high-priority notification and no member-account call',
    async (rule) => {
      // Arrange
      const event = structuredClone(volumeFixture);
      event.detail.configRuleName = rule;

      // Act
      const { outcomes } = await handler(event);

      // Assert
      expect(outcomes[0]).toMatchObject({
        status: 'escalated',
        reason: `no automated response for rule ${rule}: escalated to a person`,
        steps: [],
      });
      expect(memberCalls()).toEqual([]);
      expect(inputsOf(mocks.sns, PublishCommand)[0]?.MessageAttributes?.priority?.StringValue).toBe(
        'high',
      );
    },
  );

  it('ignores a COMPLIANT evaluation of a notify-only rule', async () => {
    // Arrange
    const event = structuredClone(volumeFixture);
    event.detail.newEvaluationResult.complianceType = 'COMPLIANT';

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]?.status).toBe('ignored');
  });
});

describe('start-ssm-automation: Config findings it does not handle', () => {
  it('ignores a COMPLIANT evaluation without any member-account call', async () => {
    // Arrange
    const event = configEvent();
    event.detail.newEvaluationResult.complianceType = 'COMPLIANT';

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'ignored', reason: 'the resource is COMPLIANT' });
    expect(memberCalls()).toEqual([]);
  });

  it.each([
    [
      'a rule without configured response',
      's3-bucket-logging-enabled',
      'no response is configured',
    ],
    [
      'a rule answered by another responder',
      'restricted-ssh',
      'is answered by confine-security-group',
    ],
  ])('ignores %s', async (_case, rule, reason) => {
    // Arrange
    const event = configEvent();
    event.detail.configRuleName = rule;

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]?.status).toBe('ignored');
    expect(outcomes[0]?.reason).toContain(reason);
    expect(memberCalls()).toEqual([]);
  });

  it('ignores a resource type the runbook does not act on', async () => {
    // Arrange
    const event = configEvent();
    event.detail.resourceType = 'AWS::S3::AccessPoint';

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]?.reason).toBe(
      'runbook AWS-DisableS3BucketPublicReadWrite acts on AWS::S3::Bucket, but rule s3-bucket-public-read-prohibited reported a AWS::S3::AccessPoint',
    );
    expect(memberCalls()).toEqual([]);
  });

  it('refuses a rule mapped to an unknown runbook at start-up, before any call', async () => {
    // Arrange
    resetAll(mocks, {
      CONFIG_RULES: JSON.stringify({
        's3-bucket-public-read-prohibited': {
          responder: 'start-ssm-automation',
          runbook: 'AWS-DeleteS3Bucket',
        },
      }),
    });

    // Act / Assert
    await expect(handler(configEvent())).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: expect.stringContaining('CONFIG_RULES'),
    });
    expect(sentActions(mocks)).toEqual([]);
  });
});

describe('start-ssm-automation: exception tag present', () => {
  it.each([
    ['the configured key', 'SecurityException', 'CHG-77', ''],
    ['the key in another letter case', 'SECURITYEXCEPTION', 'CHG-77', ''],
    [
      'an expired value',
      'SecurityException',
      'CHG-77;expires=2021-06-30',
      ' (expired on 2021-06-30: renew or remove it)',
    ],
  ])('skips the bucket tagged with %s and starts nothing', async (_case, key, value, note) => {
    // Arrange
    answerBucket([{ Key: key, Value: value }]);

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'skipped',
      reason: `${BUCKET} carries the exception tag ${key}=${JSON.stringify(value)}${note}; nothing changed`,
      exception: { key, value, ticket: 'CHG-77' },
      steps: [],
    });
    expect(mocks.ssm.calls()).toEqual([]);
  });

  it('leaves the Security Hub finding active with a note', async () => {
    // Arrange
    answerBucket([{ Key: 'SecurityException', Value: 'CHG-77' }]);

    // Act
    await handler(publicEvent());

    // Assert
    const update = inputsOf(mocks.securityhub, BatchUpdateFindingsCommand)[0];
    expect(update?.Workflow).toBeUndefined();
    expect(update?.Note?.Text).toContain('skipped');
    expect(mocks.ssm.calls()).toEqual([]);
  });
});

describe('start-ssm-automation: dry-run', () => {
  it.each([
    ['DRY_RUN is set', { DRY_RUN: 'true' }],
    [
      'the account is in dry-run',
      {
        RESPONSE_MODES:
          '{"default":"contain","accounts":{"222222222222":"dry-run"},"organizationalUnits":{}}',
      },
    ],
  ])('plans the start and starts nothing when %s', async (_case, env) => {
    // Arrange
    resetAll(mocks, { CONFIG_RULES, ...env });
    answerBucket();

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(mocks.ssm.calls()).toEqual([]);
    expect(outcomes[0]).toMatchObject({
      status: 'dry-run',
      mode: 'dry-run',
      reason: `would start AWS-DisableS3BucketPublicReadWrite on ${BUCKET}`,
      steps: [
        {
          action: 'ssm:StartAutomationExecution',
          target: BUCKET,
          status: 'planned',
          detail: `AWS-DisableS3BucketPublicReadWrite ${JSON.stringify(PUBLIC_START.Parameters)}`,
        },
      ],
    });
  });

  it('still honours the exception in dry-run', async () => {
    // Arrange
    resetAll(mocks, { CONFIG_RULES, DRY_RUN: 'true' });
    answerBucket([{ Key: 'SecurityException', Value: 'CHG-77' }]);

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(outcomes[0]?.status).toBe('skipped');
  });

  it('ignores the finding without reading the bucket when the mode is off', async () => {
    // Arrange
    resetAll(mocks, {
      CONFIG_RULES,
      RESPONSE_MODES: '{"default":"off","accounts":{},"organizationalUnits":{}}',
    });

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'ignored', mode: 'off' });
    expect(memberCalls()).toEqual([]);
  });
});

describe('start-ssm-automation: bad input', () => {
  type Mutation = (event: Record<string, unknown>) => void;
  const detailOf = (e: Record<string, unknown>) => e.detail as Record<string, unknown>;
  const setResourceId =
    (value: unknown): Mutation =>
    (e) => {
      detailOf(e).resourceId = value;
    };
  const setHubId =
    (value: string): Mutation =>
    (e) => {
      const findings = detailOf(e).findings as { Resources: { Id: string }[] }[];
      const resource = findings[0]?.Resources[0];
      if (resource) resource.Id = value;
    };

  it.each<[string, () => unknown, string]>([
    ['an empty object', () => ({}), 'detail-type'],
    ['an array', () => [], '(event)'],
    [
      'a GuardDuty event',
      () => ({ ...configEvent(), source: 'aws.guardduty', 'detail-type': 'GuardDuty Finding' }),
      'source / detail-type',
    ],
  ])('rejects %s before any AWS call', async (_case, make, path) => {
    // Act / Assert
    await expect(handler(make())).rejects.toMatchObject({
      name: 'InvalidEventError',
      message: expect.stringContaining(path),
    });
    expect(sentActions(mocks)).toEqual([]);
  });

  it.each<[string, 'config' | 'hub', Mutation, string]>([
    [
      'a missing resource id',
      'config',
      (e) => {
        delete detailOf(e).resourceId;
      },
      'detail.resourceId',
    ],
    ['a numeric bucket name', 'config', setResourceId(1234), 'detail.resourceId'],
    ['an over-long bucket name', 'config', setResourceId('b'.repeat(64)), 'detail.resourceId'],
    ['a two-letter bucket name', 'config', setResourceId('ab'), 'detail.resourceId'],
    ['a shell-like bucket name', 'config', setResourceId('data;rm -rf /'), 'detail.resourceId'],
    ['an upper-case bucket name', 'config', setResourceId('My_Bucket'), 'detail.resourceId'],
    [
      'a bucket name with adjacent periods',
      'config',
      setResourceId('data..bucket'),
      'detail.resourceId',
    ],
    [
      'a bucket name formatted as an IP address',
      'config',
      setResourceId('192.168.5.4'),
      'detail.resourceId',
    ],
    [
      'a bucket name ending in a hyphen',
      'config',
      setResourceId('data-bucket-'),
      'detail.resourceId',
    ],
    [
      'a bucket Id that is not an ARN',
      'hub',
      setHubId(BUCKET),
      'detail.findings[0].Resources[0].Id',
    ],
    [
      'a bucket ARN with a shell-like name',
      'hub',
      setHubId('arn:aws:s3:::$(curl evil)'),
      'detail.findings[0].Resources[0].Id',
    ],
    [
      'an object ARN',
      'hub',
      setHubId(`arn:aws:s3:::${BUCKET}/key`),
      'detail.findings[0].Resources[0].Id',
    ],
  ])('rejects %s, naming the field, before any AWS call', async (_case, kind, mutate, path) => {
    // Arrange
    const event = (kind === 'config' ? configEvent() : publicEvent()) as unknown as Record<
      string,
      unknown
    >;
    mutate(event);

    // Act / Assert
    await expect(handler(event)).rejects.toMatchObject({
      name: 'InvalidEventError',
      message: expect.stringContaining(`${path}:`),
    });
    expect(sentActions(mocks)).toEqual([]);
  });
});

describe('start-ssm-automation: AWS errors', () => {
  it.each(['AccessDenied', 'SlowDown'])(
    'fails closed when the bucket tags cannot be read (%s)',
    async (name) => {
      // Arrange
      answerBucket();
      mocks.s3.on(GetBucketTaggingCommand).rejects(awsError(name));

      // Act / Assert
      await expect(handler(configEvent())).rejects.toMatchObject({ name: 'ResponseFailedError' });
      expect(publishedOutcomes(mocks)[0]).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(
          new RegExp(
            `^cannot read the tags of arn:aws:s3:::${BUCKET}: ${name}: .*not acting, since an exception tag cannot be ruled out$`,
          ),
        ),
        steps: [],
      });
      expect(mocks.ssm.calls()).toEqual([]);
    },
  );

  it('fails with a clear reason when the bucket no longer exists', async () => {
    // Arrange
    answerBucket();
    mocks.s3.on(GetBucketTaggingCommand).rejects(awsError('NoSuchBucket'));

    // Act / Assert
    await expect(handler(configEvent())).rejects.toMatchObject({ name: 'ResponseFailedError' });
    expect(publishedOutcomes(mocks)[0]?.reason).toBe(
      `bucket ${BUCKET} does not exist (deleted since the finding?); nothing to remediate`,
    );
    expect(mocks.ssm.calls()).toEqual([]);
  });

  it.each([
    'AccessDeniedException',
    'ThrottlingException',
    'InvalidAutomationExecutionParametersException',
  ])('fails and keeps the failed step when the start is refused (%s)', async (name) => {
    // Arrange
    answerBucket();
    mocks.ssm.on(StartAutomationExecutionCommand).rejects(awsError(name));

    // Act / Assert
    await expect(handler(configEvent())).rejects.toMatchObject({
      name: 'ResponseFailedError',
      message: expect.stringContaining(name),
    });
    expect(publishedOutcomes(mocks)[0]).toMatchObject({
      status: 'failed',
      steps: [
        {
          action: 'ssm:StartAutomationExecution',
          target: BUCKET,
          status: 'failed',
          detail: 'AWS-DisableS3BucketPublicReadWrite',
        },
      ],
    });
  });
});

describe('start-ssm-automation: several findings in several regions', () => {
  it('starts each runbook in the account region of its finding', async () => {
    // Arrange
    const other = 'example-logs-bucket-222222222222';
    const event = publicEvent();
    const second = structuredClone(event.detail.findings[0]);
    if (!second?.Resources[0]) throw new Error('fixture has no resource');
    second.Id = second.Id.replace('eu-west-1', 'us-east-1').replace(
      /[0-9a-f-]{36}$/,
      'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
    );
    second.Region = 'us-east-1';
    second.Resources[0].Region = 'us-east-1';
    second.Resources[0].Id = `arn:aws:s3:::${other}`;
    event.detail.findings.push(second);
    answerBucket();

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes.map((o) => [o.status, o.region, o.resource])).toEqual([
      ['contained', 'eu-west-1', BUCKET],
      ['contained', 'us-east-1', other],
    ]);
    const starts = await Promise.all(
      mocks.ssm
        .commandCalls(StartAutomationExecutionCommand)
        .map(async (c) => [
          await c.thisValue.config.region(),
          (c.args[0].input as StartAutomationExecutionCommandInput).Parameters?.S3BucketName?.[0],
        ]),
    );
    expect(starts.sort()).toEqual([
      ['eu-west-1', BUCKET],
      ['us-east-1', other],
    ]);
    const tagReads = await Promise.all(
      mocks.s3
        .commandCalls(GetBucketTaggingCommand)
        .map(async (c) => [await c.thisValue.config.region(), c.args[0].input.Bucket]),
    );
    expect(tagReads.sort()).toEqual([
      ['eu-west-1', BUCKET],
      ['us-east-1', other],
    ]);
    expect(inputsOf(mocks.securityhub, BatchUpdateFindingsCommand)).toHaveLength(2);
    expect(undeclaredActions(mocks, 'start-ssm-automation')).toEqual([]);
  });
});
