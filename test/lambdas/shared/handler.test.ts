import {
  CreateTagsCommand,
  type CreateTagsCommandInput,
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  EC2Client,
  ModifyInstanceAttributeCommand,
  type ModifyInstanceAttributeCommandInput,
  type Tag,
} from '@aws-sdk/client-ec2';
import { ListParentsCommand } from '@aws-sdk/client-organizations';
import { BatchUpdateFindingsCommand } from '@aws-sdk/client-securityhub';
import { PublishCommand, type PublishCommandInput } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { z } from 'zod';
import { GuardDutyInstanceSchema } from '../../../lambdas/isolate-ec2/target';
import { responderEnv } from '../../../lambdas/shared/config';
import {
  ConfigurationError,
  InvalidEventError,
  ResponseFailedError,
  TagReadError,
} from '../../../lambdas/shared/errors';
import { parseWith } from '../../../lambdas/shared/events';
import { exceptionReason, findException } from '../../../lambdas/shared/exception';
import { createHandler, type ResponderSpec } from '../../../lambdas/shared/handler';
import { memberClient } from '../../../lambdas/shared/member-clients';
import type { Outcome } from '../../../lambdas/shared/outcome';
import guardDutyEvent from '../../fixtures/shared/guardduty-ec2-finding.json';
import securityHubEvent from '../../fixtures/shared/securityhub-custom-action.json';
import {
  awsError,
  createMocks,
  inputsOf,
  resetAll,
  sentActions,
  undeclaredActions,
} from '../../support/aws';

const mocks = createMocks();

const GD_ID = '5ac8f2d1e7b04a5c9a1f3d6b2e8c4f70';
const IRELAND_INSTANCE = 'i-0a1b2c3d4e5f67890';
const SYDNEY_INSTANCE = 'i-0fedcba9876543210';
const QUARANTINE = 'sg-0123456789abcdef0';

/** The target of the fake responder: one EC2 instance. */
interface InstanceTarget {
  readonly instanceId: string;
}

const InstanceArnSchema = z
  .string()
  .regex(
    /^arn:aws[\w-]*:ec2:[a-z0-9-]+:\d{12}:instance\/i-[0-9a-f]{8,17}$/,
    'must be an EC2 instance ARN',
  );

/**
 * A minimal responder that uses the shared pipeline as a real one does: parse the instance, read its
 * tags through the member client, skip on an exception, plan in dry-run, tag then isolate.
 */
const spec: ResponderSpec<InstanceTarget> = {
  name: 'isolate-ec2',
  accepts: ['guardduty', 'securityhub'],
  toTarget(source) {
    if (source.kind === 'guardduty') {
      const details = parseWith(GuardDutyInstanceSchema, source.finding.resource.instanceDetails, [
        source.path,
        'resource',
        'instanceDetails',
      ]);
      return { instanceId: details.instanceId };
    }
    if (source.kind === 'securityhub') {
      const [resource] = source.finding.Resources;
      if (resource?.Type === 'AwsIamAccessKey') {
        return { ignore: 'access keys go to a human', status: 'escalated', resource: resource.Id };
      }
      if (resource?.Type !== 'AwsEc2Instance') {
        return {
          ignore: 'the finding is not about an EC2 instance',
          resource: resource?.Id ?? '?',
        };
      }
      const arn = parseWith(InstanceArnSchema, resource.Id, [source.path, 'Resources', 0, 'Id']);
      return { instanceId: arn.slice(arn.lastIndexOf('/') + 1) };
    }
    return { ignore: 'not handled', resource: source.compliance.resourceId };
  },
  resourceOf: (target) => target.instanceId,
  async respond(target, member, ctx) {
    const ec2 = memberClient(EC2Client, member);
    const id = target.instanceId;
    let tags: Tag[];
    try {
      const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
      tags = out.Reservations?.[0]?.Instances?.[0]?.Tags ?? [];
    } catch (cause) {
      throw new TagReadError(id, { cause });
    }
    const exception = findException(tags, responderEnv().SECURITY_TAG_KEY);
    if (exception) return { status: 'skipped', reason: exceptionReason(id, exception), exception };
    if (ctx.mode === 'dry-run') {
      ctx.log.planned('ec2:CreateTags', id, 'security-ir:isolated');
      ctx.log.planned('ec2:ModifyInstanceAttribute', id, QUARANTINE);
      return { status: 'dry-run', reason: `would isolate ${id}` };
    }
    await ctx.log.run('ec2:CreateTags', id, () =>
      ec2.send(
        new CreateTagsCommand({
          Resources: [id],
          Tags: [{ Key: 'security-ir:isolated', Value: member.findingId }],
        }),
      ),
    );
    await ctx.log.run(
      'ec2:ModifyInstanceAttribute',
      id,
      () => ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Groups: [QUARANTINE] })),
      QUARANTINE,
    );
    return { status: 'contained', reason: `isolated ${id}` };
  },
};

const handler = createHandler(spec);

/** DescribeInstances answers `instanceId` with these tags. */
function instanceWithTags(instanceId: string, tags: Tag[]): void {
  mocks.ec2
    .on(DescribeInstancesCommand, { InstanceIds: [instanceId] })
    .resolves({ Reservations: [{ Instances: [{ InstanceId: instanceId, Tags: tags }] }] });
}

/** The outcomes as notified: the JSON after the readable text of each SNS message. */
function notifiedOutcomes(): Outcome[] {
  return inputsOf<PublishCommandInput>(mocks.sns, PublishCommand).map((p) => {
    const message = p.Message ?? '';
    return JSON.parse(message.slice(message.indexOf('\n\n{') + 2)) as Outcome;
  });
}

/** The ResponseFailedError the handler rejects with (fails the test if it resolves). */
async function failureOf(event: unknown): Promise<ResponseFailedError> {
  const error = await handler(event).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof ResponseFailedError) return error;
  throw new Error(`expected ResponseFailedError, got ${String(error)}`);
}

const ec2Actions = (o: Outcome | undefined) =>
  o?.steps.filter((s) => s.action.startsWith('ec2:')).map((s) => `${s.status} ${s.action}`);

beforeEach(() => {
  resetAll(mocks);
  instanceWithTags(IRELAND_INSTANCE, [{ Key: 'Name', Value: 'web-01' }]);
  instanceWithTags(SYDNEY_INSTANCE, [
    { Key: 'Name', Value: 'batch-07' },
    { Key: 'securityexception', Value: 'CHG-4711;expires=2099-12-31' },
  ]);
  mocks.ec2.on(CreateTagsCommand).resolves({});
  mocks.ec2.on(ModifyInstanceAttributeCommand).resolves({});
});

describe('createHandler: GuardDuty finding contained', () => {
  it('returns one outcome with the responder’s steps followed by the recording steps', async () => {
    // Act
    const result = await handler(guardDutyEvent);

    // Assert
    expect(result.outcomes).toEqual([
      {
        responder: 'isolate-ec2',
        accountId: '222222222222',
        region: 'eu-west-1',
        findingId: GD_ID,
        findingType: 'Backdoor:EC2/C&CActivity.B',
        resource: IRELAND_INSTANCE,
        mode: 'contain',
        status: 'contained',
        reason: `isolated ${IRELAND_INSTANCE}`,
        steps: [
          { action: 'ec2:CreateTags', target: IRELAND_INSTANCE, status: 'done' },
          {
            action: 'ec2:ModifyInstanceAttribute',
            target: IRELAND_INSTANCE,
            status: 'done',
            detail: QUARANTINE,
          },
          { action: 'guardduty:ArchiveFindings', target: GD_ID, status: 'done' },
          {
            action: 'securityhub:BatchUpdateFindings',
            target: guardDutyEvent.detail.arn,
            status: 'done',
          },
          // The new Security Hub's OCSF copy of the GuardDuty finding (OCSF_FINDINGS, default on).
          {
            action: 'securityhub:BatchUpdateFindingsV2',
            target: guardDutyEvent.detail.arn,
            status: 'done',
          },
        ],
      },
    ]);
  });

  it('acts through a member client in the finding’s region and calls only declared actions', async () => {
    // Act
    await handler(guardDutyEvent);

    // Assert
    expect(inputsOf<DescribeInstancesCommandInput>(mocks.ec2, DescribeInstancesCommand)).toEqual([
      { InstanceIds: [IRELAND_INSTANCE] },
    ]);
    expect(inputsOf<CreateTagsCommandInput>(mocks.ec2, CreateTagsCommand)).toEqual([
      { Resources: [IRELAND_INSTANCE], Tags: [{ Key: 'security-ir:isolated', Value: GD_ID }] },
    ]);
    expect(
      inputsOf<ModifyInstanceAttributeCommandInput>(mocks.ec2, ModifyInstanceAttributeCommand),
    ).toEqual([{ InstanceId: IRELAND_INSTANCE, Groups: [QUARANTINE] }]);
    const client = mocks.ec2.call(0).thisValue as EC2Client;
    expect(await client.config.region()).toBe('eu-west-1');
    expect(undeclaredActions(mocks, 'isolate-ec2')).toEqual([]);
  });

  it('assumes the member role once, with the finding id, before acting', async () => {
    // Act
    await handler(guardDutyEvent);

    // Assert
    expect(inputsOf<AssumeRoleCommandInput>(mocks.sts, AssumeRoleCommand)).toEqual([
      {
        RoleArn: 'arn:aws:iam::222222222222:role/Security-IR-Role',
        RoleSessionName: `ir-${GD_ID}`,
        SourceIdentity: `ir-${GD_ID}`,
        DurationSeconds: 3600,
      },
    ]);
  });

  it('notifies the outcome once', async () => {
    // Act
    const result = await handler(guardDutyEvent);

    // Assert
    expect(notifiedOutcomes()).toEqual(result.outcomes);
  });
});

describe('createHandler: Security Hub custom action with two findings', () => {
  it('returns one outcome per finding, each in its own account and region', async () => {
    // Act
    const { outcomes } = await handler(securityHubEvent);

    // Assert
    expect(outcomes.map((o) => [o.status, o.accountId, o.region, o.resource, o.findingId])).toEqual(
      [
        [
          'contained',
          '222222222222',
          'eu-west-1',
          IRELAND_INSTANCE,
          securityHubEvent.detail.findings[0]?.Id,
        ],
        [
          'skipped',
          '333333333333',
          'ap-southeast-2',
          SYDNEY_INSTANCE,
          securityHubEvent.detail.findings[1]?.Id,
        ],
      ],
    );
    const regions = await Promise.all(
      mocks.ec2
        .commandCalls(DescribeInstancesCommand)
        .map((c) => (c.thisValue as EC2Client).config.region()),
    );
    expect(regions.sort()).toEqual(['ap-southeast-2', 'eu-west-1']);
    expect(
      inputsOf<AssumeRoleCommandInput>(mocks.sts, AssumeRoleCommand)
        .map((i) => i.RoleArn)
        .sort(),
    ).toEqual([
      'arn:aws:iam::222222222222:role/Security-IR-Role',
      'arn:aws:iam::333333333333:role/Security-IR-Role',
    ]);
  });

  it('skips the instance with an exception tag, with no change and the ticket in the outcome', async () => {
    // Act
    const { outcomes } = await handler(securityHubEvent);

    // Assert
    const skipped = outcomes[1];
    expect(skipped?.reason).toBe(
      `${SYDNEY_INSTANCE} carries the exception tag securityexception="CHG-4711;expires=2099-12-31"; nothing changed`,
    );
    expect(skipped?.exception).toEqual({
      key: 'securityexception',
      value: 'CHG-4711;expires=2099-12-31',
      ticket: 'CHG-4711',
      expires: '2099-12-31',
      expired: false,
      malformed: false,
    });
    expect(ec2Actions(skipped)).toEqual([]);
    expect(inputsOf<CreateTagsCommandInput>(mocks.ec2, CreateTagsCommand)).toEqual([
      {
        Resources: [IRELAND_INSTANCE],
        Tags: [{ Key: 'security-ir:isolated', Value: securityHubEvent.detail.findings[0]?.Id }],
      },
    ]);
    expect(notifiedOutcomes()).toHaveLength(2);
  });

  it('ignores a finding about another resource type and still handles the others', async () => {
    // Arrange
    const event = structuredClone(securityHubEvent);
    const resource = event.detail.findings[1]?.Resources[0] as { Type: string; Id: string };
    resource.Type = 'AwsS3Bucket';
    resource.Id = 'arn:aws:s3:::payments-exports';

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes.map((o) => [o.status, o.resource, o.reason])).toEqual([
      ['contained', IRELAND_INSTANCE, `isolated ${IRELAND_INSTANCE}`],
      ['ignored', 'arn:aws:s3:::payments-exports', 'the finding is not about an EC2 instance'],
    ]);
    expect(inputsOf<DescribeInstancesCommandInput>(mocks.ec2, DescribeInstancesCommand)).toEqual([
      { InstanceIds: [IRELAND_INSTANCE] },
    ]);
  });
});

describe('createHandler: bad input', () => {
  it.each<[string, unknown, RegExp]>([
    ['an empty object', {}, /^detail-type: /],
    ['an array', [guardDutyEvent], /^\(event\): /],
    [
      'a Config event',
      { ...guardDutyEvent, source: 'aws.config', 'detail-type': 'Config Rules Compliance Change' },
      /^source \/ detail-type: this responder accepts aws\.guardduty \/ GuardDuty Finding, aws\.securityhub \/ Security Hub Findings - Custom Action, aws\.securityhub \/ Findings Imported V2 /,
    ],
    [
      'a GuardDuty finding with a shell-like instance id',
      {
        ...guardDutyEvent,
        detail: {
          ...guardDutyEvent.detail,
          resource: { resourceType: 'Instance', instanceDetails: { instanceId: 'i-$(reboot)' } },
        },
      },
      /^detail\.resource\.instanceDetails\.instanceId: must be an EC2 instance id/,
    ],
  ])('rejects %s with InvalidEventError and calls nothing', async (_what, event, message) => {
    // Act
    const attempt = handler(event);

    // Assert
    await expect(attempt).rejects.toThrow(InvalidEventError);
    await expect(attempt).rejects.toThrow(message);
    expect(sentActions(mocks)).toEqual([]);
  });

  it('rejects the whole event when its second finding is bad, before any AWS call', async () => {
    // Arrange
    const event = structuredClone(securityHubEvent);
    (event.detail.findings[1]?.Resources[0] as { Id: string }).Id =
      'arn:aws:ec2:ap-southeast-2:333333333333:instance/../../etc/passwd';

    // Act
    const attempt = handler(event);

    // Assert
    await expect(attempt).rejects.toMatchObject({
      name: 'InvalidEventError',
      path: 'detail.findings[1].Resources[0].Id',
    });
    expect(sentActions(mocks)).toEqual([]);
  });

  it('rejects a bad environment with ConfigurationError before parsing or calling anything', async () => {
    // Arrange
    resetAll(mocks, { DRY_RUN: 'sometimes' });

    // Act
    const attempt = handler(guardDutyEvent);

    // Assert
    await expect(attempt).rejects.toThrow(
      new ConfigurationError('DRY_RUN', 'must be "true" or "false"'),
    );
    expect(sentActions(mocks)).toEqual([]);
  });
});

describe('createHandler: findings not acted on', () => {
  it('ignores an archived GuardDuty finding without any member-account call', async () => {
    // Arrange
    const event = structuredClone(guardDutyEvent);
    event.detail.service.archived = true;

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes).toEqual([
      {
        responder: 'isolate-ec2',
        accountId: '222222222222',
        region: 'eu-west-1',
        findingId: GD_ID,
        findingType: 'Backdoor:EC2/C&CActivity.B',
        resource: IRELAND_INSTANCE,
        status: 'ignored',
        reason: 'the GuardDuty finding is archived',
        steps: [],
      },
    ]);
    expect(sentActions(mocks)).toEqual(['sns:Publish']);
  });

  it('ignores the findings of an account whose mode is off, without any member-account call', async () => {
    // Arrange
    resetAll(mocks, {
      RESPONSE_MODES: JSON.stringify({
        default: 'contain',
        accounts: { '222222222222': 'off' },
        organizationalUnits: {},
      }),
    });

    // Act
    const { outcomes } = await handler(guardDutyEvent);

    // Assert
    expect(outcomes.map((o) => [o.status, o.mode, o.reason, o.steps])).toEqual([
      ['ignored', 'off', 'response mode is off for account 222222222222', []],
    ]);
    expect(sentActions(mocks)).toEqual(['sns:Publish']);
  });

  it('ignores an account whose OU is off, without touching its resources', async () => {
    // Arrange
    resetAll(mocks, {
      RESPONSE_MODES: JSON.stringify({
        default: 'contain',
        accounts: {},
        organizationalUnits: { 'ou-ab12-11111111': 'off' },
      }),
    });
    mocks.organizations
      .on(ListParentsCommand)
      .resolves({ Parents: [{ Id: 'ou-ab12-11111111', Type: 'ORGANIZATIONAL_UNIT' }] })
      .on(ListParentsCommand, { ChildId: 'ou-ab12-11111111' })
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });

    // Act
    const { outcomes } = await handler(guardDutyEvent);

    // Assert
    expect(outcomes.map((o) => [o.status, o.mode])).toEqual([['ignored', 'off']]);
    expect(mocks.ec2.calls()).toHaveLength(0);
    expect(mocks.sts.calls()).toHaveLength(0);
  });
});

describe('createHandler: escalations in dry-run', () => {
  it('notifies but records nothing on the finding', async () => {
    // Arrange
    resetAll(mocks, { DRY_RUN: 'true' });
    const event = structuredClone(securityHubEvent);
    event.detail.findings = [event.detail.findings[1] as (typeof event.detail.findings)[number]];
    const resource = event.detail.findings[0]?.Resources[0] as { Type: string; Id: string };
    resource.Type = 'AwsIamAccessKey';
    resource.Id = 'AWS::IAM::AccessKey:AKIAIOSFODNN7EXAMPLE';

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes.map((o) => [o.status, o.mode])).toEqual([['escalated', 'dry-run']]);
    expect(mocks.securityhub.calls()).toHaveLength(0);
    expect(mocks.sns.calls()).toHaveLength(1);
  });
});

describe('createHandler: findings the responder escalates', () => {
  it('records an escalation from toTarget as NOTIFIED without any member-account call', async () => {
    // Arrange
    const event = structuredClone(securityHubEvent);
    event.detail.findings = [event.detail.findings[1] as (typeof event.detail.findings)[number]];
    const resource = event.detail.findings[0]?.Resources[0] as { Type: string; Id: string };
    resource.Type = 'AwsIamAccessKey';
    resource.Id = 'AWS::IAM::AccessKey:AKIAIOSFODNN7EXAMPLE';

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes.map((o) => [o.status, o.resource, o.reason, o.mode])).toEqual([
      [
        'escalated',
        'AWS::IAM::AccessKey:AKIAIOSFODNN7EXAMPLE',
        'access keys go to a human',
        'contain',
      ],
    ]);
    expect(
      mocks.securityhub
        .commandCalls(BatchUpdateFindingsCommand)
        .map((c) => c.args[0].input.Workflow),
    ).toEqual([{ Status: 'NOTIFIED' }]);
    expect(mocks.ec2.calls()).toHaveLength(0);
    expect(mocks.sts.calls()).toHaveLength(0);
  });

  it('ignores, and records nothing for, an archived finding even when toTarget escalates', async () => {
    // Arrange
    const event = structuredClone(securityHubEvent);
    event.detail.findings = [event.detail.findings[1] as (typeof event.detail.findings)[number]];
    const finding = event.detail.findings[0] as { RecordState: string };
    finding.RecordState = 'ARCHIVED';
    const resource = event.detail.findings[0]?.Resources[0] as { Type: string; Id: string };
    resource.Type = 'AwsIamAccessKey';
    resource.Id = 'AWS::IAM::AccessKey:AKIAIOSFODNN7EXAMPLE';

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes.map((o) => [o.status, o.reason])).toEqual([
      ['ignored', 'the Security Hub finding is archived'],
    ]);
    expect(sentActions(mocks)).toEqual(['sns:Publish']);
  });
});

describe('createHandler: dry-run', () => {
  it('plans the changes, makes none and records nothing on the finding', async () => {
    // Arrange
    resetAll(mocks, { DRY_RUN: 'true' });
    instanceWithTags(IRELAND_INSTANCE, []);

    // Act
    const { outcomes } = await handler(guardDutyEvent);

    // Assert
    expect(outcomes.map((o) => [o.status, o.mode, o.reason, o.steps])).toEqual([
      [
        'dry-run',
        'dry-run',
        `would isolate ${IRELAND_INSTANCE}`,
        [
          {
            action: 'ec2:CreateTags',
            target: IRELAND_INSTANCE,
            status: 'planned',
            detail: 'security-ir:isolated',
          },
          {
            action: 'ec2:ModifyInstanceAttribute',
            target: IRELAND_INSTANCE,
            status: 'planned',
            detail: QUARANTINE,
          },
        ],
      ],
    ]);
    expect(sentActions(mocks)).toEqual(['ec2:DescribeInstances', 'sts:AssumeRole', 'sns:Publish']);
  });
});

describe('createHandler: response mode from the OU', () => {
  it('resolves the mode and assumes the member role with the finding id before acting', async () => {
    // Arrange
    resetAll(mocks, {
      RESPONSE_MODES: JSON.stringify({
        default: 'off',
        accounts: {},
        organizationalUnits: { 'r-ab12': 'contain' },
      }),
    });
    instanceWithTags(IRELAND_INSTANCE, []);
    mocks.organizations
      .on(ListParentsCommand)
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });

    // Act
    const { outcomes } = await handler(guardDutyEvent);

    // Assert
    expect(outcomes.map((o) => [o.status, o.mode])).toEqual([['contained', 'contain']]);
    expect(inputsOf<AssumeRoleCommandInput>(mocks.sts, AssumeRoleCommand)).toEqual([
      {
        RoleArn: 'arn:aws:iam::222222222222:role/Security-IR-Role',
        RoleSessionName: `ir-${GD_ID}`,
        SourceIdentity: `ir-${GD_ID}`,
        DurationSeconds: 3600,
      },
    ]);
    expect(undeclaredActions(mocks, 'isolate-ec2')).toEqual([]);
  });

  it('fails the finding without acting when the OU chain cannot be read', async () => {
    // Arrange
    resetAll(mocks, {
      RESPONSE_MODES: JSON.stringify({
        default: 'contain',
        accounts: {},
        organizationalUnits: { 'r-ab12': 'contain' },
      }),
    });
    mocks.organizations
      .on(ListParentsCommand)
      .rejects(awsError('AccessDeniedException', 'not allowed'));

    // Act
    const error = await failureOf(guardDutyEvent);

    // Assert
    expect(error.failures).toEqual([
      {
        resource: IRELAND_INSTANCE,
        reason:
          'cannot resolve the response mode of account 222222222222: organizations:ListParents ' +
          'failed (AccessDeniedException: not allowed); not acting',
      },
    ]);
    expect(mocks.ec2.calls()).toHaveLength(0);
    expect(notifiedOutcomes().map((o) => [o.status, o.mode])).toEqual([['failed', undefined]]);
  });
});

describe('createHandler: a responder that throws', () => {
  it('fails that finding with its steps so far, handles the others and rejects at the end', async () => {
    // Arrange
    instanceWithTags(SYDNEY_INSTANCE, []);
    mocks.ec2
      .on(ModifyInstanceAttributeCommand, { InstanceId: SYDNEY_INSTANCE })
      .rejects(
        awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      );

    // Act
    const error = await failureOf(securityHubEvent);

    // Assert
    expect(error.failures).toEqual([
      {
        resource: SYDNEY_INSTANCE,
        reason:
          'unexpected error: UnauthorizedOperation: You are not authorized to perform this operation.',
      },
    ]);
    expect(error.message).toBe(
      `1 finding(s) failed: ${SYDNEY_INSTANCE}: unexpected error: UnauthorizedOperation: ` +
        'You are not authorized to perform this operation.',
    );
    const [ireland, sydney] = notifiedOutcomes();
    expect([ireland?.status, ec2Actions(ireland)]).toEqual([
      'contained',
      ['done ec2:CreateTags', 'done ec2:ModifyInstanceAttribute'],
    ]);
    expect([sydney?.status, sydney?.mode, sydney?.steps]).toEqual([
      'failed',
      'contain',
      [
        { action: 'ec2:CreateTags', target: SYDNEY_INSTANCE, status: 'done' },
        {
          action: 'ec2:ModifyInstanceAttribute',
          target: SYDNEY_INSTANCE,
          status: 'failed',
          detail: QUARANTINE,
        },
      ],
    ]);
  });

  it('reports a ResponderError by its own message and does not record the failed finding', async () => {
    // Arrange
    mocks.ec2
      .on(DescribeInstancesCommand, { InstanceIds: [IRELAND_INSTANCE] })
      .rejects(awsError('ThrottlingException', 'Rate exceeded'));

    // Act
    const error = await failureOf(guardDutyEvent);

    // Assert
    expect(error.failures).toEqual([
      {
        resource: IRELAND_INSTANCE,
        reason:
          `cannot read the tags of ${IRELAND_INSTANCE}: ThrottlingException: Rate exceeded; ` +
          'not acting, since an exception tag cannot be ruled out',
      },
    ]);
    expect(sentActions(mocks)).toEqual(['ec2:DescribeInstances', 'sts:AssumeRole', 'sns:Publish']);
  });
});

describe('createHandler: member account unreachable', () => {
  it('fails the finding with the MemberAccessError before any member call', async () => {
    // Arrange
    mocks.sts
      .on(AssumeRoleCommand)
      .rejects(awsError('AccessDenied', 'not authorized to perform: sts:AssumeRole'));

    // Act
    const error = await failureOf(guardDutyEvent);

    // Assert
    expect(error.failures).toEqual([
      {
        resource: IRELAND_INSTANCE,
        reason:
          'cannot assume arn:aws:iam::222222222222:role/Security-IR-Role in account 222222222222: ' +
          'AccessDenied: not authorized to perform: sts:AssumeRole; check that the member StackSet ' +
          'reached this account and that the role trusts the responders',
      },
    ]);
    expect(mocks.ec2.calls()).toHaveLength(0);
    expect(notifiedOutcomes().map((o) => [o.status, o.mode, o.steps])).toEqual([
      ['failed', 'contain', []],
    ]);
  });

  it('does not assume the role for a target that does not need the member account', async () => {
    // Arrange
    const escalate = createHandler<InstanceTarget>({
      ...spec,
      needsMember: () => false,
      respond: async (target) => ({
        status: 'escalated',
        reason: `${target.instanceId}: ask a human`,
      }),
    });

    // Act
    const { outcomes } = await escalate(guardDutyEvent);

    // Assert
    expect(outcomes.map((o) => [o.status, o.reason])).toEqual([
      ['escalated', `${IRELAND_INSTANCE}: ask a human`],
    ]);
    expect(mocks.sts.calls()).toHaveLength(0);
  });
});

describe('createHandler: notification and recording failures', () => {
  it('rejects when a notification fails, after the containment', async () => {
    // Arrange
    mocks.sns.on(PublishCommand).rejects(awsError('AuthorizationErrorException', 'denied'));

    // Act
    const error = await failureOf(guardDutyEvent);

    // Assert
    expect(error.failures).toEqual([
      {
        resource: IRELAND_INSTANCE,
        reason: 'notification failed: AuthorizationErrorException: denied',
      },
    ]);
    expect(mocks.ec2.commandCalls(ModifyInstanceAttributeCommand)).toHaveLength(1);
  });

  it('turns a recording failure into a failed outcome that keeps every step', async () => {
    // Arrange
    mocks.securityhub
      .on(BatchUpdateFindingsCommand)
      .rejects(awsError('AccessDeniedException', 'not allowed'));

    // Act
    const error = await failureOf(guardDutyEvent);

    // Assert
    const reason =
      `contained: isolated ${IRELAND_INSTANCE}; but recording on the finding failed: ` +
      'AccessDeniedException: not allowed';
    expect(error.failures).toEqual([{ resource: IRELAND_INSTANCE, reason }]);
    const [notified] = notifiedOutcomes();
    expect([notified?.status, notified?.reason]).toEqual(['failed', reason]);
    expect(notified?.steps.map((s) => `${s.status} ${s.action}`)).toEqual([
      'done ec2:CreateTags',
      'done ec2:ModifyInstanceAttribute',
      'done guardduty:ArchiveFindings',
      'failed securityhub:BatchUpdateFindings',
      'done securityhub:BatchUpdateFindingsV2',
    ]);
  });
});
