/**
 * The region and partition a responder acts in come from the finding (Region, resource Region,
 * resource ARN, ProductArn), never from the envelope, which with cross-region aggregation names
 * where the event was delivered. When the finding names no region, nothing is done.
 */
import { AssumeRoleCommand, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { handler as blockPrincipal } from '../../../lambdas/block-principal';
import { handler as confineGroup } from '../../../lambdas/confine-security-group';
import { handler as isolateEc2 } from '../../../lambdas/isolate-ec2';
import { InvalidEventError } from '../../../lambdas/shared/errors';
import { arnParts, asffRegion } from '../../../lambdas/shared/finding-region';
import { handler as startAutomation } from '../../../lambdas/start-ssm-automation';
import hubIsolate from '../../fixtures/securityhub/ec2-isolate-action.json';
import hubUser from '../../fixtures/securityhub/iam-user.json';
import hubBucket from '../../fixtures/securityhub/s3-public-read.json';
import hubGroup from '../../fixtures/securityhub/sg-open-ssh.json';
import { createMocks, inputsOf, type Mocks, resetAll } from '../../support/aws';

const mocks = createMocks();

beforeEach(() => {
  resetAll(mocks);
});

type Handler = (event: unknown) => Promise<unknown>;

interface HubFinding {
  Region?: string;
  ProductArn: string;
  Resources: { Id: string; Region?: string }[];
}

/** One finding of `fixture` with every Region field removed, its resource id replaced when given. */
function withoutRegions(fixture: unknown, envelopeRegion: string, id?: string) {
  const event = structuredClone(fixture) as {
    region: string;
    detail: { findings: HubFinding[] };
  };
  event.region = envelopeRegion;
  event.detail.findings = event.detail.findings.slice(0, 1);
  const finding = event.detail.findings[0] as HubFinding;
  delete finding.Region;
  for (const r of finding.Resources) delete r.Region;
  if (id && finding.Resources[0]) finding.Resources[0].Id = id;
  return event;
}

/** Regions of the member-account clients every call went through (EC2, IAM, SSM, S3, tagging). */
async function memberRegions(m: Mocks): Promise<string[]> {
  const stubs = [m.ec2, m.iam, m.ssm, m.s3, m.tag] as unknown as {
    calls(): { thisValue: unknown }[];
  }[];
  const calls = stubs.flatMap((mock) => mock.calls());
  const regions = await Promise.all(
    calls.map((c) =>
      (c.thisValue as { config: { region: () => Promise<string> } }).config.region(),
    ),
  );
  return [...new Set(regions)];
}

/** Runs a handler and keeps only what it threw (a failed response is fine here). */
async function run(handler: Handler, event: unknown): Promise<unknown> {
  return handler(event).then(
    () => undefined,
    (e: unknown) => e,
  );
}

const CASES: [string, Handler, unknown, string | undefined, string][] = [
  ['isolate-ec2 (bare instance id)', isolateEc2, hubIsolate, 'i-0a1b2c3d4e5f60789', 'us-east-1'],
  [
    'confine-security-group (bare group id)',
    confineGroup,
    hubGroup,
    'sg-0a1b2c3d4e5f60718',
    'eu-west-1',
  ],
  ['block-principal (IAM ARN, no region)', blockPrincipal, hubUser, undefined, 'us-east-1'],
  ['start-ssm-automation (S3 ARN, no region)', startAutomation, hubBucket, undefined, 'eu-west-1'],
];

describe('every responder: region from the finding, not the envelope', () => {
  it.each(CASES)(
    '%s acts only in the ProductArn region when no Region field is set',
    async (_what, handler, fixture, id, productRegion) => {
      // Arrange: the envelope names another region, as a cross-region aggregator delivers it
      const event = withoutRegions(fixture, 'ap-south-1', id);

      // Act
      await run(handler, event);

      // Assert
      expect(await memberRegions(mocks)).toEqual([productRegion]);
    },
  );

  it.each(CASES)(
    '%s does not act when the finding names no region anywhere',
    async (_what, handler, fixture, id) => {
      // Arrange
      const event = withoutRegions(fixture, 'ap-south-1', id);
      (event.detail.findings[0] as HubFinding).ProductArn =
        'arn:aws:securityhub:::product/example/scanner';

      // Act
      const error = await run(handler, event);

      // Assert
      expect(error).toBeInstanceOf(InvalidEventError);
      expect((error as InvalidEventError).path).toBe('detail.findings[0].Region');
      expect(mocks.sts.calls()).toHaveLength(0);
      expect(await memberRegions(mocks)).toEqual([]);
    },
  );

  it.each(CASES)(
    '%s keeps the partition of the finding when the envelope is in cn-north-1',
    async (_what, handler, fixture) => {
      // Arrange
      const event = structuredClone(fixture) as { region: string };
      event.region = 'cn-north-1';

      // Act
      await run(handler, event);

      // Assert
      const roles = inputsOf<AssumeRoleCommandInput>(mocks.sts, AssumeRoleCommand).map(
        (i) => i.RoleArn,
      );
      expect(roles.length).toBeGreaterThan(0);
      expect(roles.every((r) => r?.startsWith('arn:aws:iam::'))).toBe(true);
      expect((await memberRegions(mocks)).some((r) => r.startsWith('cn-'))).toBe(false);
    },
  );
});

describe('asffRegion and arnParts', () => {
  it('prefer Region, then a resource Region, then a resource ARN, then the ProductArn', () => {
    const base = { ProductArn: 'arn:aws:securityhub:eu-west-3::product/aws/guardduty' };
    const arn = 'arn:aws:ec2:eu-west-2:222222222222:instance/i-0a1b2c3d4e5f60789';
    expect([
      asffRegion(
        { ...base, Region: 'us-east-2', Resources: [{ Id: arn, Region: 'eu-north-1' }] },
        'f',
      ),
      asffRegion({ ...base, Resources: [{ Id: arn, Region: 'eu-north-1' }] }, 'f'),
      asffRegion({ ...base, Resources: [{ Id: arn }] }, 'f'),
      asffRegion({ ...base, Resources: [{ Id: 'i-0a1b2c3d4e5f60789' }] }, 'f'),
    ]).toEqual(['us-east-2', 'eu-north-1', 'eu-west-2', 'eu-west-3']);
  });

  it('reject an ARN partition that is not the region’s', () => {
    const act = () =>
      asffRegion(
        {
          Region: 'us-east-1',
          ProductArn: 'arn:aws-cn:securityhub:cn-north-1::product/aws/guardduty',
          Resources: [{ Id: 'i-0a1b2c3d4e5f60789' }],
        },
        'detail.findings[0]',
      );
    expect(act).toThrow(
      'detail.findings[0].ProductArn: names partition aws-cn, but region us-east-1 is in aws',
    );
  });

  it('read bounded parts of an ARN, and nothing of what is not one', () => {
    expect(arnParts('arn:aws:s3:::bucket')).toEqual({ partition: 'aws', region: '', account: '' });
    expect(arnParts(`arn:aws:ec2:${'a'.repeat(100)}:222222222222:instance/i-1`)).toBeUndefined();
    expect(arnParts('AWS::IAM::AccessKey:AKIA')).toBeUndefined();
  });
});
