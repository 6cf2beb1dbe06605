import {
  ArchiveFindingsCommand,
  type ArchiveFindingsCommandInput,
  type GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import {
  BatchUpdateFindingsCommand,
  type BatchUpdateFindingsCommandInput,
  BatchUpdateFindingsV2Command,
  type BatchUpdateFindingsV2CommandInput,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { PublishCommand, type PublishCommandInput } from '@aws-sdk/client-sns';
import { parseEvent, type SourceFinding } from '../../../lambdas/shared/events';
import type { Outcome, OutcomeStatus } from '../../../lambdas/shared/outcome';
import {
  describeOutcome,
  guardDutyFindingId,
  notifyOutcome,
  recordOutcome,
  securityHubIdentifier,
} from '../../../lambdas/shared/report';
import { StepLog } from '../../../lambdas/shared/steps';
import ocsfEc2 from '../../fixtures/ocsf/guardduty-ec2-runtime.json';
import configEvent from '../../fixtures/shared/config-compliance-change.json';
import guardDutyEvent from '../../fixtures/shared/guardduty-ec2-finding.json';
import securityHubEvent from '../../fixtures/shared/securityhub-custom-action.json';
import { awsError, createMocks, inputsOf, resetAll, sentActions } from '../../support/aws';

const mocks = createMocks();

const GD_ID = '5ac8f2d1e7b04a5c9a1f3d6b2e8c4f70';
const GD_ARN = guardDutyEvent.detail.arn;
const GD_PRODUCT = 'arn:aws:securityhub:eu-west-1::product/aws/guardduty';
const CONTROL_ID = securityHubEvent.detail.findings[1]?.Id as string;

function sourceOf(event: unknown, index = 0): SourceFinding {
  const source = parseEvent(event, ['guardduty', 'securityhub', 'config'])[index];
  if (!source) throw new Error(`no finding ${index}`);
  return source;
}

const guardDuty = () => sourceOf(guardDutyEvent);
const hubGuardDuty = () => sourceOf(securityHubEvent, 0);
const hubControl = () => sourceOf(securityHubEvent, 1);
const config = () => sourceOf(configEvent);

function outcome(status: OutcomeStatus, change: Partial<Outcome> = {}): Outcome {
  return {
    status,
    responder: 'isolate-ec2',
    accountId: '222222222222',
    region: 'eu-west-1',
    resource: 'i-0a1b2c3d4e5f67890',
    findingId: GD_ID,
    findingType: 'Backdoor:EC2/C&CActivity.B',
    mode: 'contain',
    reason: 'isolated the instance',
    steps: [
      {
        action: 'ec2:ModifyNetworkInterfaceAttribute',
        target: 'eni-0f1e2d3c4b5a69788',
        status: 'done',
        detail: 'sg-0a9b8c7d6e5f43210 -> sg-0123456789abcdef0',
      },
    ],
    ...change,
  };
}

const archives = () =>
  inputsOf<ArchiveFindingsCommandInput>(mocks.guardduty, ArchiveFindingsCommand);
const updates = () =>
  inputsOf<BatchUpdateFindingsCommandInput>(mocks.securityhub, BatchUpdateFindingsCommand);
const publishes = () => inputsOf<PublishCommandInput>(mocks.sns, PublishCommand);

// The GuardDuty and ASFF records alone; the OCSF copy's record has its own describe below.
beforeEach(() => resetAll(mocks, { OCSF_FINDINGS: 'false' }));

describe('guardDutyFindingId and securityHubIdentifier', () => {
  it('identify a GuardDuty event in both services', () => {
    expect([guardDutyFindingId(guardDuty()), securityHubIdentifier(guardDuty())]).toEqual([
      GD_ID,
      { Id: GD_ARN, ProductArn: GD_PRODUCT },
    ]);
  });

  it('take the GuardDuty id from the end of the ASFF Id of a GuardDuty-product finding', () => {
    expect([guardDutyFindingId(hubGuardDuty()), securityHubIdentifier(hubGuardDuty())]).toEqual([
      GD_ID,
      { Id: GD_ARN, ProductArn: GD_PRODUCT },
    ]);
  });

  it('find no GuardDuty finding behind a Security Hub control finding', () => {
    expect([guardDutyFindingId(hubControl()), securityHubIdentifier(hubControl())]).toEqual([
      undefined,
      {
        Id: CONTROL_ID,
        ProductArn: 'arn:aws:securityhub:ap-southeast-2::product/aws/securityhub',
      },
    ]);
  });

  it('find nothing for a Config change', () => {
    expect([guardDutyFindingId(config()), securityHubIdentifier(config())]).toEqual([
      undefined,
      undefined,
    ]);
  });

  it('use the partition of the region in the GuardDuty product ARN', () => {
    // Arrange
    const event = structuredClone(guardDutyEvent);
    event.detail.region = 'cn-north-1';
    event.detail.partition = 'aws-cn';
    event.detail.arn = GD_ARN.replace('arn:aws:', 'arn:aws-cn:').replace('eu-west-1', 'cn-north-1');

    // Act / Assert
    expect(securityHubIdentifier(sourceOf(event))?.ProductArn).toBe(
      'arn:aws-cn:securityhub:cn-north-1::product/aws/guardduty',
    );
  });
});

describe('recordOutcome: contained GuardDuty finding', () => {
  it('archives with the administrator detector and resolves in Security Hub with a note', async () => {
    // Arrange
    const log = new StepLog();

    // Act
    await recordOutcome(guardDuty(), outcome('contained'), log);

    // Assert
    expect(archives()).toEqual([{ DetectorId: 'admindetector0001', FindingIds: [GD_ID] }]);
    expect(updates()).toEqual([
      {
        FindingIdentifiers: [{ Id: GD_ARN, ProductArn: GD_PRODUCT }],
        Note: {
          Text:
            '[security-ir] contained: isolated the instance Steps: ' +
            'ec2:ModifyNetworkInterfaceAttribute eni-0f1e2d3c4b5a69788',
          UpdatedBy: 'security-ir',
        },
        Workflow: { Status: 'RESOLVED' },
      },
    ]);
    expect(log.steps).toStrictEqual([
      { action: 'guardduty:ArchiveFindings', target: GD_ID, status: 'done' },
      { action: 'securityhub:BatchUpdateFindings', target: GD_ARN, status: 'done' },
    ]);
  });

  it('calls GuardDuty and Security Hub in the finding’s region', async () => {
    // Act
    await recordOutcome(guardDuty(), outcome('contained'), new StepLog());

    // Assert
    const gd = mocks.guardduty.call(0).thisValue as GuardDutyClient;
    const hub = mocks.securityhub.call(0).thisValue as SecurityHubClient;
    expect([await gd.config.region(), await hub.config.region()]).toEqual([
      'eu-west-1',
      'eu-west-1',
    ]);
  });

  it('lists the detectors once per region', async () => {
    // Arrange
    const other = structuredClone(guardDutyEvent);
    other.detail.region = 'us-west-2';

    // Act
    await recordOutcome(guardDuty(), outcome('contained'), new StepLog());
    await recordOutcome(guardDuty(), outcome('contained'), new StepLog());
    await recordOutcome(sourceOf(other), outcome('contained'), new StepLog());

    // Assert
    expect(mocks.guardduty.commandCalls(ListDetectorsCommand)).toHaveLength(2);
    expect(archives()).toHaveLength(3);
  });

  it('lists the detectors again after a failed listing', async () => {
    // Arrange
    mocks.guardduty
      .on(ListDetectorsCommand)
      .rejectsOnce(awsError('InternalServerErrorException', 'try again'))
      .resolves({ DetectorIds: ['admindetector0001'] });
    await expect(recordOutcome(guardDuty(), outcome('contained'), new StepLog())).rejects.toThrow(
      'try again',
    );

    // Act
    await recordOutcome(guardDuty(), outcome('contained'), new StepLog());

    // Assert
    expect(mocks.guardduty.commandCalls(ListDetectorsCommand)).toHaveLength(2);
    expect(archives()).toHaveLength(1);
  });

  it('skips the archive when the region has no detector, and still resolves in Security Hub', async () => {
    // Arrange
    mocks.guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });

    // Act
    await recordOutcome(guardDuty(), outcome('contained'), new StepLog());

    // Assert
    expect(archives()).toEqual([]);
    expect(updates()).toHaveLength(1);
  });

  it('only archives a GuardDuty finding without an ARN', async () => {
    // Arrange
    const event = structuredClone(guardDutyEvent);
    delete (event.detail as { arn?: string }).arn;

    // Act
    await recordOutcome(sourceOf(event), outcome('contained'), new StepLog());

    // Assert
    expect(sentActions(mocks)).toEqual(['guardduty:ListDetectors', 'guardduty:ArchiveFindings']);
  });

  it('records a failed archive step, still notes Security Hub (independent), and throws', async () => {
    // Arrange
    const log = new StepLog();
    mocks.guardduty.on(ArchiveFindingsCommand).rejects(awsError('BadRequestException', 'no'));

    // Act
    const attempt = recordOutcome(guardDuty(), outcome('contained'), log);

    // Assert
    await expect(attempt).rejects.toThrow('no');
    expect(log.steps.map((s) => [s.action, s.status])).toStrictEqual([
      ['guardduty:ArchiveFindings', 'failed'],
      ['securityhub:BatchUpdateFindings', 'done'],
    ]);
    expect(updates()).toHaveLength(1);
  });
});

describe('recordOutcome: other statuses', () => {
  it('escalated: notes the finding and sets NOTIFIED, without archiving', async () => {
    // Act
    await recordOutcome(
      guardDuty(),
      outcome('escalated', { reason: 'root credentials used', steps: [] }),
      new StepLog(),
    );

    // Assert
    expect(archives()).toEqual([]);
    expect(updates()).toEqual([
      {
        FindingIdentifiers: [{ Id: GD_ARN, ProductArn: GD_PRODUCT }],
        Note: { Text: '[security-ir] escalated: root credentials used', UpdatedBy: 'security-ir' },
        Workflow: { Status: 'NOTIFIED' },
      },
    ]);
  });

  it('skipped: adds a note only, leaving the workflow and GuardDuty alone', async () => {
    // Arrange
    const log = new StepLog();

    // Act
    await recordOutcome(
      guardDuty(),
      outcome('skipped', { reason: 'exception CHG-1', steps: [] }),
      log,
    );

    // Assert
    expect(mocks.guardduty.calls()).toHaveLength(0);
    expect(updates()).toStrictEqual([
      {
        FindingIdentifiers: [{ Id: GD_ARN, ProductArn: GD_PRODUCT }],
        Note: { Text: '[security-ir] skipped: exception CHG-1', UpdatedBy: 'security-ir' },
      },
    ]);
    expect(log.steps).toStrictEqual([
      { action: 'securityhub:BatchUpdateFindings', target: GD_ARN, status: 'done' },
    ]);
  });

  it.each<OutcomeStatus>(['dry-run', 'ignored', 'failed'])(
    '%s: records nothing',
    async (status) => {
      // Arrange
      const log = new StepLog();

      // Act
      await recordOutcome(guardDuty(), outcome(status), log);
      await recordOutcome(hubGuardDuty(), outcome(status), log);

      // Assert
      expect(sentActions(mocks)).toEqual([]);
      expect(log.steps).toEqual([]);
    },
  );

  it('lists only the steps that were done in the note, cut to 512 characters', async () => {
    // Act
    await recordOutcome(
      guardDuty(),
      outcome('contained', {
        reason: 'r'.repeat(600),
        steps: [
          { action: 'ec2:CreateTags', target: 'i-1', status: 'planned' },
          { action: 'ec2:ModifyInstanceAttribute', target: 'i-1', status: 'done' },
        ],
      }),
      new StepLog(),
    );

    // Assert
    const text = updates()[0]?.Note?.Text ?? '';
    expect(text).toHaveLength(512);
    expect(text).toBe(`${`[security-ir] contained: ${'r'.repeat(600)}`.slice(0, 511)}…`);
  });

  it('writes a note without steps when nothing was done', async () => {
    // Act
    await recordOutcome(
      guardDuty(),
      outcome('contained', {
        steps: [{ action: 'ec2:CreateTags', target: 'i-1', status: 'failed' }],
      }),
      new StepLog(),
    );

    // Assert
    expect(updates()[0]?.Note?.Text).toBe('[security-ir] contained: isolated the instance');
  });
});

describe('recordOutcome: Security Hub findings', () => {
  it('archives the GuardDuty finding behind a GuardDuty-product finding and resolves it', async () => {
    // Act
    await recordOutcome(hubGuardDuty(), outcome('contained'), new StepLog());

    // Assert
    expect(archives()).toEqual([{ DetectorId: 'admindetector0001', FindingIds: [GD_ID] }]);
    expect(updates().map((u) => [u.FindingIdentifiers, u.Workflow])).toEqual([
      [[{ Id: GD_ARN, ProductArn: GD_PRODUCT }], { Status: 'RESOLVED' }],
    ]);
  });

  it('resolves a control finding in its own region without touching GuardDuty', async () => {
    // Act
    await recordOutcome(
      hubControl(),
      outcome('contained', { region: 'ap-southeast-2' }),
      new StepLog(),
    );

    // Assert
    expect(mocks.guardduty.calls()).toHaveLength(0);
    expect(updates().map((u) => u.FindingIdentifiers)).toEqual([
      [
        {
          Id: CONTROL_ID,
          ProductArn: 'arn:aws:securityhub:ap-southeast-2::product/aws/securityhub',
        },
      ],
    ]);
    const hub = mocks.securityhub.call(0).thisValue as SecurityHubClient;
    expect(await hub.config.region()).toBe('ap-southeast-2');
  });

  it('records nothing for a Config change', async () => {
    // Act
    await recordOutcome(config(), outcome('contained'), new StepLog());

    // Assert
    expect(sentActions(mocks)).toEqual([]);
  });
});

describe('recordOutcome: unprocessed findings', () => {
  it('tolerates FindingNotFound for a GuardDuty event (Security Hub not enabled there)', async () => {
    // Arrange
    mocks.securityhub.on(BatchUpdateFindingsCommand).resolves({
      ProcessedFindings: [],
      UnprocessedFindings: [
        {
          FindingIdentifier: { Id: GD_ARN, ProductArn: GD_PRODUCT },
          ErrorCode: 'FindingNotFound',
          ErrorMessage: 'Finding Not Found',
        },
      ],
    });

    // Act / Assert
    await expect(
      recordOutcome(guardDuty(), outcome('contained'), new StepLog()),
    ).resolves.toBeUndefined();
  });

  it('throws on FindingNotFound for a finding that came from Security Hub', async () => {
    // Arrange
    mocks.securityhub.on(BatchUpdateFindingsCommand).resolves({
      ProcessedFindings: [],
      UnprocessedFindings: [
        {
          FindingIdentifier: { Id: GD_ARN, ProductArn: GD_PRODUCT },
          ErrorCode: 'FindingNotFound',
          ErrorMessage: 'Finding Not Found',
        },
      ],
    });

    // Act / Assert
    await expect(
      recordOutcome(hubGuardDuty(), outcome('contained'), new StepLog()),
    ).rejects.toThrow(`Security Hub did not update ${GD_ARN}: FindingNotFound Finding Not Found`);
  });

  it('throws on any other unprocessed finding of a GuardDuty event', async () => {
    // Arrange
    mocks.securityhub.on(BatchUpdateFindingsCommand).resolves({
      ProcessedFindings: [],
      UnprocessedFindings: [
        {
          FindingIdentifier: { Id: GD_ARN, ProductArn: GD_PRODUCT },
          ErrorCode: 'FindingSizeExceeded',
          ErrorMessage: undefined,
        },
      ],
    });

    // Act / Assert
    await expect(recordOutcome(guardDuty(), outcome('contained'), new StepLog())).rejects.toThrow(
      `Security Hub did not update ${GD_ARN}: FindingSizeExceeded `,
    );
  });

  it('records a failed update step when Security Hub rejects the call', async () => {
    // Arrange
    const log = new StepLog();
    mocks.securityhub
      .on(BatchUpdateFindingsCommand)
      .rejects(awsError('AccessDeniedException', 'not allowed'));

    // Act
    const attempt = recordOutcome(guardDuty(), outcome('skipped'), log);

    // Assert
    await expect(attempt).rejects.toThrow('not allowed');
    expect(log.steps).toStrictEqual([
      { action: 'securityhub:BatchUpdateFindings', target: GD_ARN, status: 'failed' },
    ]);
  });
});

describe('describeOutcome', () => {
  it('writes what, where, why and every step', () => {
    // Arrange
    const o = outcome('contained', {
      steps: [
        { action: 'ec2:CreateTags', target: 'i-0a1b2c3d4e5f67890', status: 'done' },
        {
          action: 'ec2:ModifyInstanceAttribute',
          target: 'i-0a1b2c3d4e5f67890',
          status: 'failed',
          detail: 'AccessDenied',
        },
      ],
    });

    // Act / Assert
    expect(describeOutcome(o)).toBe(
      [
        'isolate-ec2: CONTAINED i-0a1b2c3d4e5f67890',
        'Account 222222222222, region eu-west-1, mode contain',
        `Finding ${GD_ID} (Backdoor:EC2/C&CActivity.B)`,
        'Why: isolated the instance',
        'Steps:',
        '  1. [done] ec2:CreateTags i-0a1b2c3d4e5f67890',
        '  2. [failed] ec2:ModifyInstanceAttribute i-0a1b2c3d4e5f67890 - AccessDenied',
      ].join('\n'),
    );
  });

  it('says there were no steps and leaves out what is unknown', () => {
    // Arrange
    const {
      findingId: _id,
      findingType: _type,
      mode: _mode,
      ...rest
    } = outcome('ignored', {
      reason: 'not an EC2 finding',
      steps: [],
    });

    // Act / Assert
    expect(describeOutcome(rest)).toBe(
      [
        'isolate-ec2: IGNORED i-0a1b2c3d4e5f67890',
        'Account 222222222222, region eu-west-1',
        'Why: not an EC2 finding',
        'Steps: none',
      ].join('\n'),
    );
  });
});

describe('notifyOutcome', () => {
  it('publishes readable text and the outcome as JSON to the alerts topic', async () => {
    // Arrange
    const o = outcome('contained');

    // Act
    await notifyOutcome(o);

    // Assert
    const [input, ...rest] = publishes();
    expect(rest).toEqual([]);
    expect(input).toEqual({
      TopicArn: 'arn:aws:sns:us-east-1:111111111111:security-ir-alerts',
      Subject: '[security-ir] contained i-0a1b2c3d4e5f67890 in 222222222222/eu-west-1',
      Message: `${describeOutcome(o)}\n\n${JSON.stringify(o, null, 2)}`,
      MessageAttributes: {
        status: { DataType: 'String', StringValue: 'contained' },
        priority: { DataType: 'String', StringValue: 'normal' },
        responder: { DataType: 'String', StringValue: 'isolate-ec2' },
      },
    });
    const json = input?.Message?.slice(input.Message.indexOf('\n\n{') + 2) ?? '';
    expect(JSON.parse(json)).toEqual(o);
  });

  it.each<[OutcomeStatus, string]>([
    ['contained', 'normal'],
    ['skipped', 'normal'],
    ['dry-run', 'normal'],
    ['ignored', 'normal'],
    ['escalated', 'high'],
    ['failed', 'high'],
  ])('marks a %s outcome as %s priority', async (status, priority) => {
    // Act
    await notifyOutcome(outcome(status));

    // Assert
    expect(publishes()[0]?.MessageAttributes?.priority?.StringValue).toBe(priority);
  });

  it('keeps the subject ASCII, on one line and under 100 characters for a hostile resource', async () => {
    // Arrange
    const resource = `bucket-\u00e9\u202e\r\n\u0007Subject: injected 🚨${'x'.repeat(200)}`;

    // Act
    await notifyOutcome(outcome('failed', { resource }));

    // Assert
    const subject = publishes()[0]?.Subject ?? '';
    expect(subject).toMatch(/^[\x20-\x7e]{1,99}$/);
    expect(subject).toBe(
      `[security-ir] failed bucket-?????Subject: injected ??${'x'.repeat(200)}`.slice(0, 99),
    );
  });

  it('publishes nothing when no alerts topic is configured', async () => {
    // Arrange
    resetAll(mocks, { ALERTS_TOPIC_ARN: undefined });

    // Act
    await notifyOutcome(outcome('failed'));

    // Assert
    expect(mocks.sns.calls()).toHaveLength(0);
  });

  it('rejects when SNS rejects', async () => {
    // Arrange
    mocks.sns.on(PublishCommand).rejects(awsError('AuthorizationErrorException', 'denied'));

    // Act / Assert
    await expect(notifyOutcome(outcome('contained'))).rejects.toThrow('denied');
  });
});

describe('recordOutcome: the OCSF copy in the new Security Hub (OCSF_FINDINGS on)', () => {
  const v2 = () =>
    inputsOf<BatchUpdateFindingsV2CommandInput>(mocks.securityhub, BatchUpdateFindingsV2Command);
  const COPY = {
    MetadataProductUid: 'arn:aws:securityhub:eu-west-1::productv2/aws/guardduty',
    CloudAccountUid: '222222222222',
    FindingInfoUid: GD_ARN,
  };

  beforeEach(() => resetAll(mocks, { OCSF_FINDINGS: 'true' }));

  it('resolves the OCSF copy of a contained native GuardDuty finding with a comment', async () => {
    // Act
    await recordOutcome(guardDuty(), outcome('contained'), new StepLog());
    // Assert
    expect(v2()).toEqual([
      {
        FindingIdentifiers: [COPY],
        Comment: expect.stringMatching(/^\[security-ir\] contained: isolated the instance/),
        StatusId: 4,
      },
    ]);
  });

  it('comments without a status on an escalation', async () => {
    await recordOutcome(guardDuty(), outcome('escalated'), new StepLog());
    expect(v2()).toEqual([
      { FindingIdentifiers: [COPY], Comment: expect.stringMatching(/^\[security-ir\] escalated/) },
    ]);
  });

  it('takes a missing copy (the new Security Hub not enabled) as nothing to record', async () => {
    // Arrange
    mocks.securityhub.on(BatchUpdateFindingsV2Command).resolves({
      ProcessedFindings: [],
      UnprocessedFindings: [
        { FindingIdentifier: COPY, ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'gone' },
      ],
    });
    const log = new StepLog();
    // Act
    await recordOutcome(guardDuty(), outcome('contained'), log);
    // Assert
    expect(log.steps.map((s) => `${s.status} ${s.action}`)).toContain(
      'done securityhub:BatchUpdateFindingsV2',
    );
  });

  it('records nothing on an OCSF copy when OCSF_FINDINGS is off', async () => {
    resetAll(mocks, { OCSF_FINDINGS: 'false' });
    await recordOutcome(guardDuty(), outcome('contained'), new StepLog());
    expect(v2()).toEqual([]);
  });

  it('records nothing in dry-run', async () => {
    await recordOutcome(guardDuty(), outcome('contained', { mode: 'dry-run' }), new StepLog());
    expect(v2()).toEqual([]);
  });

  it('fails when Security Hub refuses the update of the OCSF finding that was the source', async () => {
    // Arrange
    mocks.securityhub.on(BatchUpdateFindingsV2Command).resolves({
      ProcessedFindings: [],
      UnprocessedFindings: [{ ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'gone' }],
    });
    const [source] = parseEvent(ocsfEc2, ['ocsf']);
    // Act
    const attempt = recordOutcome(source as SourceFinding, outcome('contained'), new StepLog());
    // Assert
    await expect(attempt).rejects.toThrow(
      /^Security Hub did not update the OCSF finding arn:aws:guardduty:us-east-1:123456789012:.+: ResourceNotFoundException gone$/,
    );
  });
});
