/**
 * Events of the benchmarks: the test fixtures (real event shapes), cloned and changed where a
 * scenario needs another instance, account, region or finding id.
 */
import ec2Fixture from '../test/fixtures/guardduty/ec2-backdoor.json';

/** A network interface as a GuardDuty finding names it. */
export interface EventInterface {
  readonly id: string;
  readonly vpcId: string;
}

/** What an isolation finding is about. */
export interface IsolationFinding {
  readonly findingId: string;
  readonly instanceId: string;
  readonly interfaces: readonly EventInterface[];
  /** @default the fixture's (222222222222) */
  readonly accountId?: string;
  /** @default the fixture's (us-east-1) */
  readonly region?: string;
}

/** The fixture's three interfaces: two in one VPC, one in another. */
export const FIXTURE_INTERFACES: readonly EventInterface[] =
  ec2Fixture.detail.resource.instanceDetails.networkInterfaces.map((n) => ({
    id: n.networkInterfaceId,
    vpcId: n.vpcId,
  }));

/** The fixture's instance id. */
export const FIXTURE_INSTANCE = ec2Fixture.detail.resource.instanceDetails.instanceId;

/** The fixture's finding id. */
export const FIXTURE_FINDING = ec2Fixture.detail.id;

/** A GuardDuty `Backdoor:EC2/C&CActivity.B` finding event about `finding.instanceId`. */
export function isolationEvent(finding: IsolationFinding): typeof ec2Fixture {
  const event = structuredClone(ec2Fixture);
  const detail = event.detail;
  const accountId = finding.accountId ?? detail.accountId;
  const region = finding.region ?? detail.region;
  event.region = region;
  detail.accountId = accountId;
  detail.region = region;
  detail.id = finding.findingId;
  detail.arn = `arn:aws:guardduty:${region}:${accountId}:detector/${detail.service.detectorId}/finding/${finding.findingId}`;
  const details = detail.resource.instanceDetails;
  const template = details.networkInterfaces[0] as (typeof details.networkInterfaces)[number];
  details.instanceId = finding.instanceId;
  details.networkInterfaces = finding.interfaces.map((n) => ({
    ...structuredClone(template),
    networkInterfaceId: n.id,
    vpcId: n.vpcId,
  }));
  return event;
}

/** A hexadecimal id of `width` digits for `n` (ids of generated instances, interfaces, VPCs). */
export function hexId(prefix: string, n: number, width = 17): string {
  return `${prefix}-${n.toString(16).padStart(width, '0')}`;
}
