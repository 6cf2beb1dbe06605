/**
 * Every GuardDuty finding type AWS documents is answered by the default configuration: the
 * synthesized rules route it, and the responder that gets it contains it or escalates it. A type
 * that every rule misses, or that every responder it reaches ignores, is left over: a failure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toPrincipalTarget } from '../../lambdas/block-principal/target';
import { toFunctionTarget } from '../../lambdas/contain-lambda-function/target';
import { containerOfFinding, toEscalation } from '../../lambdas/escalate-finding/target';
import { toEc2Target } from '../../lambdas/isolate-ec2/target';
import { toEcsTaskTarget } from '../../lambdas/isolate-ecs-task/target';
import { toBucketTarget } from '../../lambdas/restore-bucket-public-access/target';
import { resetResponderEnv } from '../../lambdas/shared/config';
import { parseEvent, type SourceFinding } from '../../lambdas/shared/events';
import type { Ignore } from '../../lambdas/shared/handler';
import { nativeViewOf } from '../../lambdas/shared/ocsf-view';
import { parseConfig } from '../../modules/config/load';
import {
  DOCUMENTED_FINDING_TYPES,
  type DocumentedFindingType,
} from '../fixtures/guardduty/finding-types';
import { resourcesOf, synthMaster, TEST_IDS } from '../stacks/support';
import { matchesPattern, type Pattern } from '../support/event-pattern';
import { ocsfResourcesOf } from '../support/ocsf';

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'guardduty', `${name}.json`), 'utf8'));

/** The `resource` of a finding on each resource type, from the fixture of its family. */
const RESOURCES: Record<string, Record<string, unknown>> = {
  Instance: fixture('ec2-backdoor').detail.resource,
  AccessKey: fixture('iam-user-malicious-ip').detail.resource,
  S3Bucket: fixture('s3-exfiltration-malicious-ip').detail.resource,
  EKSCluster: fixture('eks-anonymous-access').detail.resource,
  ECSCluster: fixture('ecs-fargate-runtime').detail.resource,
  Lambda: fixture('lambda-cc-activity').detail.resource,
  RDSDBInstance: fixture('rds-successful-brute-force').detail.resource,
  Container: {
    resourceType: 'Container',
    containerDetails: fixture('ecs-fargate-runtime').detail.resource.containerDetails,
  },
  S3Object: { resourceType: 'S3Object', s3BucketDetails: [] },
  // Malware Protection for Backup scans snapshots, AMIs and recovery points: no live resource
  // to contain, so the resource type does not change the answer.
  Backup: { resourceType: 'Backup' },
};

/** The resource types a documented type is reported on. */
function resourceTypesOf({ type, page }: DocumentedFindingType): string[] {
  const affected = /^[^:]+:([^/]+)\//.exec(type)?.[1];
  if (page === 'malware-protection-backup') return ['Backup'];
  if (page === 'malware-protection-s3') return ['S3Object'];
  if (page === 'lambda') return ['Lambda'];
  if (page === 'rds') return ['RDSDBInstance'];
  switch (affected) {
    case 'EC2':
      return ['Instance'];
    case 'IAMUser':
    case 'IAM':
      return ['AccessKey'];
    case 'S3':
      return ['S3Bucket'];
    case 'Kubernetes':
    case 'EKS':
      return ['EKSCluster'];
    case 'ECS':
      return ['ECSCluster'];
    case 'Container':
      return ['Container'];
    // Runtime Monitoring reports on instances, ECS tasks and EKS workloads alike.
    case 'Runtime':
      return ['Instance', 'ECSCluster', 'EKSCluster'];
    default:
      throw new Error(`no resource type for ${type}`);
  }
}

/** A GuardDuty event of `type` on `resourceType`, in the shape of the family's fixture. */
function eventOf(type: string, resourceType: string) {
  const event = fixture('ec2-backdoor');
  event.detail.type = type;
  event.detail.resource = structuredClone(RESOURCES[resourceType]);
  return event;
}

const config = parseConfig({ ...TEST_IDS });
const { tf } = synthMaster();
/** The rules of one dialect: `-guardduty` (native) or `-ocsf-guardduty` (new Security Hub). */
const rulesOf = (suffix: string) =>
  Object.values(resourcesOf(tf, 'aws_cloudwatch_event_rule'))
    .filter((r) => String(r.name).endsWith(suffix) && !String(r.name).endsWith(`-ocsf${suffix}`))
    .map((r) => ({
      responder: String(r.name)
        .replace(/^security-ir-/, '')
        .slice(0, -suffix.length),
      pattern: JSON.parse(String(r.event_pattern)) as Pattern,
    }));
const guardDutyRules = rulesOf('-guardduty');
const ocsfRules = rulesOf('-ocsf-guardduty');

const TO_TARGET: Record<
  string,
  (source: Extract<SourceFinding, { kind: 'guardduty' }>) => unknown
> = {
  'isolate-ec2': toEc2Target,
  'isolate-ecs-task': toEcsTaskTarget,
  'block-principal': toPrincipalTarget,
  'restore-bucket-public-access': toBucketTarget,
  'contain-lambda-function': toFunctionTarget,
  'escalate-finding': toEscalation,
};

type Answer = 'contained' | 'escalated' | 'quiet' | 'ignored';

/** The native finding an event is read as: itself, or the view of an OCSF finding. */
function readAs(event: unknown): Extract<SourceFinding, { kind: 'guardduty' }> {
  const [source] = parseEvent(event, ['guardduty', 'ocsf']);
  if (source?.kind === 'guardduty') return source;
  const view = nativeViewOf(source as Extract<SourceFinding, { kind: 'ocsf' }>);
  if ('ignore' in view || view.kind !== 'guardduty') throw new Error('not a GuardDuty finding');
  return view;
}

/** What each responder whose rule matches makes of the event. */
function answersOf(
  event: unknown,
  rules = guardDutyRules,
): { responder: string; answer: Answer }[] {
  const source = readAs(event);
  return rules
    .filter((r) => matchesPattern(r.pattern, event))
    .map(({ responder }) => {
      const toTarget = TO_TARGET[responder];
      if (!toTarget) throw new Error(`no toTarget for ${responder}`);
      const target = toTarget(source as NonNullable<typeof source>);
      if (typeof target !== 'object' || target === null || !('ignore' in target)) {
        return { responder, answer: 'contained' as const };
      }
      const ignore = target as Ignore;
      if (
        responder === 'escalate-finding' &&
        containerOfFinding(source as NonNullable<typeof source>)
      )
        return { responder, answer: 'quiet' as const };
      return {
        responder,
        answer: ignore.status === 'escalated' ? ('escalated' as const) : ('ignored' as const),
      };
    });
}

const cases = DOCUMENTED_FINDING_TYPES.flatMap((d) =>
  resourceTypesOf(d).map((resourceType) => ({ ...d, resourceType })),
);

beforeAll(() => {
  process.env.FINDING_TYPES = JSON.stringify(config.findingTypes);
  resetResponderEnv();
});
afterAll(() => {
  delete process.env.FINDING_TYPES;
  resetResponderEnv();
});

describe('coverage: every documented GuardDuty finding type is answered by default', () => {
  const results = () =>
    cases.map((c) => {
      const answers = answersOf(eventOf(c.type, c.resourceType));
      const by = (a: Answer) => answers.filter((x) => x.answer === a).map((x) => x.responder);
      return { ...c, contained: by('contained'), escalated: by('escalated'), answers };
    });

  it('lists each documented type once, from the pages the coverage names', () => {
    const types = DOCUMENTED_FINDING_TYPES.map((d) => d.type);

    expect(new Set(types).size).toBe(types.length);
    expect(types.length).toBeGreaterThan(200);
  });

  it('leaves no type over: each is contained by a named responder or escalated', () => {
    const leftOver = results()
      .filter((r) => r.contained.length === 0 && r.escalated.length === 0)
      .map((r) => `${r.type} on ${r.resourceType}: ${JSON.stringify(r.answers)}`);

    expect(leftOver).toEqual([]);
  });

  it('answers each finding once: never contained and escalated, never by two containments', () => {
    const twice = results()
      .filter((r) => r.contained.length + r.escalated.length !== 1)
      .map((r) => `${r.type} on ${r.resourceType}: ${JSON.stringify(r.answers)}`);

    expect(twice).toEqual([]);
  });

  it('contains the families the product has a containment for', () => {
    const containerOf = (type: string, resourceType: string) =>
      results().find((r) => r.type === type && r.resourceType === resourceType)?.contained;

    expect(containerOf('Execution:EC2/MaliciousFile', 'Instance')).toEqual(['isolate-ec2']);
    expect(containerOf('Impact:Runtime/CryptoMinerExecuted', 'Instance')).toEqual(['isolate-ec2']);
    expect(containerOf('Impact:Runtime/CryptoMinerExecuted', 'ECSCluster')).toEqual([
      'isolate-ecs-task',
    ]);
    expect(containerOf('Execution:ECS/MaliciousFile', 'ECSCluster')).toEqual(['isolate-ecs-task']);
    expect(containerOf('Execution:ECS/SuspiciousFile', 'ECSCluster')).toEqual([]);
    expect(containerOf('Exfiltration:S3/AnomalousBehavior', 'S3Bucket')).toEqual([
      'block-principal',
    ]);
    expect(containerOf('Backdoor:EC2/C&CActivity.B', 'Instance')).toEqual(['isolate-ec2']);
    expect(containerOf('CryptoCurrency:Lambda/BitcoinTool.B', 'Lambda')).toEqual([
      'contain-lambda-function',
    ]);
    expect(containerOf('Policy:S3/BucketPublicAccessGranted', 'S3Bucket')).toEqual([
      'restore-bucket-public-access',
    ]);
  });

  it('reports the coverage figure', () => {
    const all = results();
    const contained = all.filter((r) => r.contained.length > 0);
    const escalated = all.filter((r) => r.contained.length === 0 && r.escalated.length > 0);
    const figure = {
      documentedTypes: DOCUMENTED_FINDING_TYPES.length,
      typeAndResourcePairs: all.length,
      contained: contained.length,
      escalated: escalated.length,
      leftOver: all.length - contained.length - escalated.length,
      containedTypes: new Set(contained.map((r) => r.type)).size,
    };
    console.log(`GuardDuty coverage: ${JSON.stringify(figure)}`);

    expect(figure.leftOver).toBe(0);
    expect(figure.contained + figure.escalated).toBe(all.length);
  });
});

// ---- the same findings from the new Security Hub (OCSF) -------------------------------------------

const ocsfSample = () =>
  JSON.parse(
    readFileSync(join(__dirname, '..', 'fixtures', 'ocsf', 'guardduty-ec2-runtime.json'), 'utf8'),
  );

/** The OCSF copy of {@link eventOf}: the public EC2 sample with the type and resource replaced. */
function ocsfEventOf(type: string, resourceType: string) {
  const event = ocsfSample();
  const finding = event.detail.findings[0];
  finding.cloud.account.uid = '222222222222';
  finding.finding_info.types = ['Threats', type];
  finding.resources = ocsfResourcesOf(RESOURCES[resourceType] as Record<string, unknown>);
  return event;
}

describe('coverage: the same findings from the new Security Hub (OCSF) get the same answer', () => {
  const answerOf = (answers: { responder: string; answer: Answer }[]) =>
    answers
      .filter((a) => a.answer === 'contained' || a.answer === 'escalated')
      .map((a) => `${a.answer} by ${a.responder}`)
      .sort();

  it('routes and answers every documented type and resource as its native finding', () => {
    const different = cases
      .map((c) => ({
        pair: `${c.type} on ${c.resourceType}`,
        native: answerOf(answersOf(eventOf(c.type, c.resourceType))),
        ocsf: answerOf(answersOf(ocsfEventOf(c.type, c.resourceType), ocsfRules)),
      }))
      .filter((r) => JSON.stringify(r.native) !== JSON.stringify(r.ocsf))
      .map((r) => `${r.pair}: native ${JSON.stringify(r.native)}, OCSF ${JSON.stringify(r.ocsf)}`);

    expect(ocsfRules.map((r) => r.responder).sort()).toEqual(
      guardDutyRules.map((r) => r.responder).sort(),
    );
    expect(different).toEqual([]);
  });
});
