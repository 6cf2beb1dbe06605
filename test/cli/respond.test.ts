import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { main } from '../../cli/main';
import { pickResponder } from '../../cli/pick-responder';
import { localEnvironment } from '../../cli/respond';
import type { Outcome } from '../../lambdas/shared/outcome';
import { parseConfig } from '../../modules/config/load';
import s3PublicFixture from '../fixtures/config/s3-public-read.json';
import configSgFixture from '../fixtures/config/sg-restricted-ssh.json';
import backdoorFixture from '../fixtures/guardduty/ec2-backdoor.json';
import iamUserFixture from '../fixtures/guardduty/iam-user-malicious-ip.json';
import cspmFixture from '../fixtures/ocsf/cspm-cis-config-1.json';
import ocsfEc2Fixture from '../fixtures/ocsf/guardduty-ec2-runtime.json';
import hubIsolateFixture from '../fixtures/securityhub/ec2-isolate-action.json';
import { awsError, createMocks, publishedOutcomes, resetAll, sentActions } from '../support/aws';

const mocks = createMocks();

// Contain switched on for every account: `--contain` then acts (the default observes only).
const CONFIG = parseConfig({ responseModes: { default: 'contain' } });
const GROUP = 'sg-0a1b2c3d4e5f60718';
const SG_EVENT = 'test/fixtures/config/sg-restricted-ssh.json';
const dir = mkdtempSync(join(tmpdir(), 'cli-respond-'));

function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

/** Writes `event` to a temporary file and returns its path. */
function eventFile(name: string, event: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, typeof event === 'string' ? event : JSON.stringify(event));
  return path;
}

async function run(args: string[]) {
  const out = sink();
  const err = sink();
  const code = await main(args, { out, err, config: () => CONFIG });
  return { code, out: out.text(), err: err.text() };
}

/** A group with SSH open to the world, and success for every change. */
function answerOpenGroup(): void {
  mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({
    SecurityGroups: [{ GroupId: GROUP, VpcId: 'vpc-0c1d2e3f4a5b6c7d8', Tags: [] }],
  });
  mocks.ec2.on(DescribeSecurityGroupRulesCommand).resolves({
    SecurityGroupRules: [
      {
        SecurityGroupRuleId: 'sgr-0000000000000001a',
        GroupId: GROUP,
        IsEgress: false,
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        CidrIpv4: '0.0.0.0/0',
      },
    ],
  });
  mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
  mocks.ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
}

const MUTATING =
  /^ec2:(Authorize|Revoke|Modify|Create)|^guardduty:Archive|^securityhub:BatchUpdate|^sns:Publish/;

beforeEach(() => {
  resetAll(mocks);
});

describe('respond: dry-run by default', () => {
  it('runs the responder the Config rule routes to, in dry-run, with no mutating call', async () => {
    // Arrange
    answerOpenGroup();

    // Act
    const { code, out } = await run(['respond', SG_EVENT]);

    // Assert
    expect(code).toBe(0);
    expect(out).toContain(
      'Running confine-security-group (Config rule restricted-ssh answers with confine-security-group) in DRY-RUN',
    );
    expect(out).toContain(`confine-security-group: DRY-RUN ${GROUP}`);
    expect(out).toMatch(/1\. \[planned\] ec2:AuthorizeSecurityGroupIngress/);
    expect(sentActions(mocks).filter((a) => MUTATING.test(a))).toEqual([]);
    expect(process.env.DRY_RUN).toBe('true');
    expect(process.env.ALERTS_TOPIC_ARN).toBeUndefined();
  });

  it('prints the outcomes as JSON with --json', async () => {
    // Arrange
    answerOpenGroup();

    // Act
    const { code, out } = await run(['respond', SG_EVENT, '--json']);

    // Assert
    expect(code).toBe(0);
    const outcomes = JSON.parse(out) as Outcome[];
    expect(outcomes).toEqual([
      expect.objectContaining({ status: 'dry-run', mode: 'dry-run', resource: GROUP }),
    ]);
  });
});

describe('respond: --contain', () => {
  it('acts and publishes nothing without --topic', async () => {
    // Arrange
    answerOpenGroup();

    // Act
    const { code, out } = await run(['respond', SG_EVENT, '--contain']);

    // Assert
    expect(code).toBe(0);
    expect(out).toContain(
      "in CONTAIN (changes are made where the account's response mode is contain)",
    );
    expect(out).toContain('Not published: no --topic given');
    expect(out).not.toMatch(/notified/i);
    expect(out).toContain(`confine-security-group: CONTAINED ${GROUP}`);
    expect(sentActions(mocks).filter((a) => MUTATING.test(a))).toEqual([
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:RevokeSecurityGroupIngress',
    ]);
    expect(process.env.DRY_RUN).toBe('false');
  });

  it('exits 1 and names the failure when the responder fails', async () => {
    // Arrange
    answerOpenGroup();
    mocks.ec2.on(RevokeSecurityGroupIngressCommand).rejects(awsError('UnauthorizedOperation'));

    // Act
    const { code, out, err } = await run(['respond', SG_EVENT, '--contain']);

    // Assert
    expect(code).toBe(1);
    // The reason is printed once, with its outcome; stderr only counts the failures.
    expect(err).toBe(`error: 1 failure(s): ${GROUP} (reasons above)\n`);
    expect(out.match(/UnauthorizedOperation/g)).toHaveLength(2);
    expect(out).toContain(`confine-security-group: FAILED ${GROUP}`);
    expect(out).toContain('[done] ec2:AuthorizeSecurityGroupIngress');
    expect(out).toContain('[failed] ec2:RevokeSecurityGroupIngress');
  });
});

describe('respond: publication', () => {
  it('publishes to --topic and says so', async () => {
    // Arrange
    answerOpenGroup();
    const topic = 'arn:aws:sns:us-east-1:111111111111:ir-alerts';

    // Act
    const { code, out } = await run(['respond', SG_EVENT, '--topic', topic]);

    // Assert
    expect(code).toBe(0);
    expect(publishedOutcomes(mocks)).toEqual([
      expect.objectContaining({ status: 'dry-run', resource: GROUP }),
    ]);
    expect(out).toContain(`Published 1 outcome(s) to ${topic}`);
  });

  it('says that nothing was published without --topic, on stderr with --json', async () => {
    // Arrange
    answerOpenGroup();

    // Act
    const { code, out, err } = await run(['respond', SG_EVENT, '--json']);

    // Assert
    expect(code).toBe(0);
    expect(mocks.sns.calls()).toHaveLength(0);
    expect(JSON.parse(out)).toHaveLength(1);
    expect(err).toContain('Not published: no --topic given');
  });
});

describe('respond: the default configuration observes', () => {
  it('plans only, even with --contain, until contain is switched on', async () => {
    // Arrange
    answerOpenGroup();
    const out = sink();
    const err = sink();

    // Act
    const code = await main(['respond', SG_EVENT, '--contain', '--json'], {
      out,
      err,
      config: () => parseConfig({}),
    });

    // Assert
    expect(code).toBe(0);
    expect(JSON.parse(out.text())).toEqual([
      expect.objectContaining({ status: 'dry-run', mode: 'dry-run', resource: GROUP }),
    ]);
    expect(sentActions(mocks).filter((a) => MUTATING.test(a))).toEqual([]);
  });
});

describe('respond: bad input', () => {
  it('rejects an invalid event with the responder message, exit 2 and zero AWS calls', async () => {
    // Arrange
    const event = structuredClone(backdoorFixture);
    event.detail.resource.instanceDetails.instanceId = 'i-$(reboot)';
    const file = eventFile('bad-instance', event);

    // Act
    const { code, err } = await run(['respond', file]);

    // Assert
    expect(code).toBe(2);
    expect(err).toContain(
      'error: isolate-ec2 rejects the event: detail.resource.instanceDetails.instanceId: must be an EC2 instance id',
    );
    expect(sentActions(mocks)).toEqual([]);
  });

  it('rejects an invalid event for the responder chosen with --responder', async () => {
    // Arrange
    const file = eventFile('empty', {});

    // Act
    const { code, err } = await run(['respond', file, '--responder', 'block-principal']);

    // Assert
    expect(code).toBe(2);
    expect(err).toContain('error: block-principal rejects the event:');
    expect(sentActions(mocks)).toEqual([]);
  });

  it.each([
    [
      'a file that is not JSON',
      () => eventFile('not-json', '{"source":'),
      'cannot read a JSON event',
    ],
    [
      'an event no responder takes',
      () => eventFile('unrouted', { ...structuredClone(backdoorFixture), source: 'aws.health' }),
      'no responder takes source "aws.health"',
    ],
    [
      'a GuardDuty finding without a resource type',
      () => {
        const event = structuredClone(backdoorFixture) as { detail: { resource: unknown } };
        event.detail.resource = {};
        return eventFile('no-resource-type', event);
      },
      'the GuardDuty finding has no type or resource.resourceType; pass --responder',
    ],
  ])('rejects %s with exit 2 and zero AWS calls', async (_case, file, message) => {
    // Act
    const { code, err } = await run(['respond', file()]);

    // Assert
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(sentActions(mocks)).toEqual([]);
  });

  it('rejects an unknown --responder name', async () => {
    // Act
    const { code, err } = await run(['respond', SG_EVENT, '--responder', 'nuke-account']);

    // Assert
    expect(code).toBe(2);
    expect(err).toContain('Allowed choices are isolate-ec2, block-principal');
  });
});

describe('respond: choice of responder', () => {
  it.each([
    ['a GuardDuty EC2 finding', backdoorFixture, 'isolate-ec2'],
    ['a GuardDuty IAM finding', iamUserFixture, 'block-principal'],
    ['a Config security-group rule', configSgFixture, 'confine-security-group'],
    ['a Config S3 rule', s3PublicFixture, 'start-ssm-automation'],
    ['a Security Hub custom action', hubIsolateFixture, 'isolate-ec2'],
  ])('routes %s as the deployed rules do', async (_case, event, responder) => {
    // Act
    const choice = await pickResponder(structuredClone(event), CONFIG);

    // Assert
    expect(choice.responder).toBe(responder);
  });

  it('routes a Security Hub action by its console name too, and runs nothing for Notify', async () => {
    // Arrange
    const byName = structuredClone(hubIsolateFixture);
    byName.resources = [];
    byName.detail.actionName = 'Block IAM principal';
    const notify = structuredClone(hubIsolateFixture);
    notify.resources = ['arn:aws:securityhub:us-east-1:111111111111:action/custom/NotifyTeam'];
    notify.detail.actionName = 'NotifyTeam';

    // Act
    const [named, notified] = await Promise.all([
      pickResponder(byName, CONFIG),
      pickResponder(notify, CONFIG),
    ]);

    // Assert
    expect(named.responder).toBe('block-principal');
    expect(notified).toEqual({
      why: 'Security Hub custom action NotifyTeam only notifies; no responder runs',
    });
  });

  it('routes a new Security Hub (OCSF) GuardDuty finding and a failed control as the deployed rules do', async () => {
    // Arrange
    const control = structuredClone(cspmFixture);
    const [finding] = control.detail.findings;
    if (finding) {
      finding.compliance.control = 'EC2.19';
      finding.resources = [
        {
          ...(finding.resources[0] as (typeof finding.resources)[0]),
          type: 'AWS::EC2::SecurityGroup',
          uid: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a1b2c3d4e5f60718',
        },
      ];
    }

    // Act
    const [gd, sg, cis] = await Promise.all([
      pickResponder(structuredClone(ocsfEc2Fixture), CONFIG),
      pickResponder(control, CONFIG),
      pickResponder(structuredClone(cspmFixture), CONFIG),
    ]);

    // Assert
    expect(gd.responder).toBe('isolate-ec2');
    expect(sg).toEqual({
      responder: 'confine-security-group',
      why: 'Config rule restricted-common-ports answers with confine-security-group',
    });
    expect(cis).toEqual({ why: 'no Config rule is known for Security Hub control Config.1' });
  });

  it('routes a notify-only Config rule to start-ssm-automation, which escalates it', async () => {
    // Arrange
    const event = structuredClone(configSgFixture);
    event.detail.configRuleName = 'securityhub-encrypted-volumes-a1b2c3d4';

    // Act
    const choice = await pickResponder(event, CONFIG);

    // Assert
    expect(choice.responder).toBe('start-ssm-automation');
  });
});

describe('respond: environment', () => {
  it('derives the responder environment from the configuration, with DRY_RUN and no topic', () => {
    // Act
    const env = localEnvironment(parseConfig({ exceptionTagKey: 'Exempt', dryRun: true }), {
      eventFile: SG_EVENT,
      contain: true,
    });

    // Assert
    expect(env).toMatchObject({ SECURITY_TAG_KEY: 'Exempt', DRY_RUN: 'false' });
    expect(env).not.toHaveProperty('ALERTS_TOPIC_ARN');
  });

  it('sets the alerts topic only with --topic', () => {
    // Act
    const env = localEnvironment(CONFIG, {
      eventFile: SG_EVENT,
      topicArn: 'arn:aws:sns:us-east-1:111111111111:ir-alerts',
    });

    // Assert
    expect(env).toMatchObject({
      DRY_RUN: 'true',
      ALERTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:111111111111:ir-alerts',
    });
  });
});
