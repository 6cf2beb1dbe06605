/**
 * Bursts: one Security Hub event with 100 findings across 100 accounts, an instance with dozens
 * of interfaces, and 100 copies of one finding. Calls are bounded per SDK client (service, account,
 * region) and per invocation; each distinct resource is answered once per event and the outcome
 * recorded on every finding that named it. EC2, STS, Security Hub and SNS are mocked; each EC2
 * answer takes a 2 ms timer so that concurrent calls overlap.
 */
import {
  CreateSnapshotsCommand,
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  DescribeSecurityGroupsCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { BatchUpdateFindingsCommand } from '@aws-sdk/client-securityhub';
import { StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { handler as isolateEc2 } from '../../../lambdas/isolate-ec2';
import { resetIsolationGroups } from '../../../lambdas/isolate-ec2/groups';
import {
  createLimit,
  MAX_CALLS_PER_CLIENT,
  MAX_RESPONSES_IN_FLIGHT,
} from '../../../lambdas/shared/limiter';
import { handler as startAutomation } from '../../../lambdas/start-ssm-automation';
import hubIsolate from '../../fixtures/securityhub/ec2-isolate-action.json';
import hubBucket from '../../fixtures/securityhub/s3-public-read.json';
import { createMocks, inputsOf, resetAll } from '../../support/aws';
import { allCleanGroups, instanceReply, VPC_A } from '../isolate-ec2/support';

const mocks = createMocks();

/** Counts EC2 calls in flight, in total and per client object. */
class InFlight {
  total = 0;
  maxTotal = 0;
  maxPerClient = 0;
  maxClients = 0;
  private readonly perClient = new Map<object, number>();

  async run<T>(client: object, answer: () => T): Promise<T> {
    this.total++;
    this.perClient.set(client, (this.perClient.get(client) ?? 0) + 1);
    this.maxTotal = Math.max(this.maxTotal, this.total);
    this.maxPerClient = Math.max(this.maxPerClient, this.perClient.get(client) ?? 0);
    this.maxClients = Math.max(this.maxClients, this.perClient.size);
    await new Promise((r) => setTimeout(r, 2));
    try {
      return answer();
    } finally {
      this.total--;
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left === 0) this.perClient.delete(client);
      else this.perClient.set(client, left);
    }
  }
}

/** Answers EC2 as healthy member accounts (isolation groups exist), counting calls in flight. */
function arrangeEc2(enis?: { id: string; vpc: string; groups: string[] }[]): InFlight {
  resetAll(mocks);
  resetIsolationGroups();
  const flight = new InFlight();
  mocks.ec2
    .onAnyCommand()
    .callsFake((_input: unknown, getClient: () => object) => flight.run(getClient(), () => ({})));
  mocks.ec2
    .on(DescribeInstancesCommand)
    .callsFake((input: DescribeInstancesCommandInput, getClient: () => object) =>
      flight.run(getClient(), () =>
        instanceReply({ instanceId: input.InstanceIds?.[0] ?? '', ...(enis ? { enis } : {}) }),
      ),
    );
  mocks.ec2
    .on(DescribeSecurityGroupsCommand)
    .callsFake((_input: unknown, getClient: () => object) =>
      flight.run(getClient(), () => ({ SecurityGroups: allCleanGroups() })),
    );
  return flight;
}

type HubEvent = typeof hubIsolate;
type Finding = HubEvent['detail']['findings'][number];

/** A custom action carrying `count` findings made by `make` from the fixture's first finding. */
function burst(count: number, make: (finding: Finding, i: number) => void): HubEvent {
  const event = structuredClone(hubIsolate);
  const first = event.detail.findings[0] as Finding;
  event.detail.findings = Array.from({ length: count }, (_, i) => {
    const finding = structuredClone(first);
    make(finding, i);
    return finding;
  });
  return event;
}

describe('createLimit', () => {
  it('runs at most `max` tasks at a time, in arrival order', async () => {
    // Arrange
    const limit = createLimit(2);
    let active = 0;
    let most = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      active++;
      most = Math.max(most, active);
      await new Promise((r) => setTimeout(r, 1));
      active--;
      return i;
    };

    // Act
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => limit(task(i))));

    // Assert
    expect([results, started, most]).toEqual([[0, 1, 2, 3, 4], [0, 1, 2, 3, 4], 2]);
  });

  it('frees the slot of a task that rejects', async () => {
    // Arrange
    const limit = createLimit(1);

    // Act
    const failed = limit(() => Promise.reject(new Error('boom')));
    const next = limit(() => Promise.resolve('next'));

    // Assert
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});

describe('bursts: 100 findings across 100 accounts', () => {
  it(`answers at most ${MAX_RESPONSES_IN_FLIGHT} accounts at a time, each client at most ${MAX_CALLS_PER_CLIENT} calls`, async () => {
    // Arrange: a distinct account and instance per finding
    const flight = arrangeEc2();
    const event = burst(100, (f, i) => {
      const account = String(100000000000 + i);
      const instance = `i-${(0x10000000 + i).toString(16)}`;
      f.Id = `${f.Id.slice(0, -4)}${String(i).padStart(4, '0')}`;
      f.AwsAccountId = account;
      (f.Resources[0] as { Id: string }).Id =
        `arn:aws:ec2:us-east-1:${account}:instance/${instance}`;
    });

    // Act
    const { outcomes } = await isolateEc2(event);

    // Assert: every finding contained; far below the ~1,000 calls in flight of an unbounded burst
    expect(outcomes.filter((o) => o.status === 'contained')).toHaveLength(100);
    expect(flight.maxClients).toBeLessThanOrEqual(MAX_RESPONSES_IN_FLIGHT);
    expect(flight.maxPerClient).toBeLessThanOrEqual(MAX_CALLS_PER_CLIENT);
    expect(flight.maxTotal).toBeLessThanOrEqual(MAX_RESPONSES_IN_FLIGHT * MAX_CALLS_PER_CLIENT);
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(100);
  });

  it(`keeps an instance with 40 interfaces at ${MAX_CALLS_PER_CLIENT} EC2 calls in flight`, async () => {
    // Arrange
    const enis = Array.from({ length: 40 }, (_, i) => ({
      id: `eni-${(0x20000000 + i).toString(16)}`,
      vpc: VPC_A,
      groups: ['sg-0a00000000000a101'],
    }));
    const flight = arrangeEc2(enis);
    const event = burst(1, () => undefined);

    // Act
    const { outcomes } = await isolateEc2(event);

    // Assert: 80 moves, never more than the client's limit at once, and the limit is reached
    expect(outcomes[0]?.status).toBe('contained');
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(80);
    expect(flight.maxPerClient).toBe(MAX_CALLS_PER_CLIENT);
  });
});

describe('bursts: one resource named by many findings', () => {
  it('isolates an instance once for 100 copies of its finding and records each finding', async () => {
    // Arrange
    arrangeEc2();
    const event = burst(100, () => undefined);

    // Act
    const { outcomes } = await isolateEc2(event);

    // Assert
    expect(mocks.ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(1);
    expect(mocks.ec2.commandCalls(CreateSnapshotsCommand)).toHaveLength(1);
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(6);
    expect(outcomes).toHaveLength(100);
    expect(new Set(outcomes.map((o) => o.status))).toEqual(new Set(['contained']));
    expect(outcomes[99]?.reason).toContain('one response for the 100 findings of this event');
    expect(mocks.securityhub.commandCalls(BatchUpdateFindingsCommand)).toHaveLength(100);
  });

  it('isolates once for two different findings (two products) naming one instance', async () => {
    // Arrange
    arrangeEc2();
    const event = burst(2, (f, i) => {
      f.Id = `${f.Id}-${i}`;
      if (i === 1) (f.Resources[0] as { Id: string }).Id = 'i-0a1b2c3d4e5f60789';
    });

    // Act
    const { outcomes } = await isolateEc2(event);

    // Assert: the ARN and the bare id name the same instance of the same account and region
    expect(mocks.ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(1);
    expect(outcomes.map((o) => [o.findingId, o.status])).toEqual([
      [event.detail.findings[0]?.Id, 'contained'],
      [event.detail.findings[1]?.Id, 'contained'],
    ]);
    const recorded = inputsOf<{ FindingIdentifiers?: { Id?: string }[] }>(
      mocks.securityhub,
      BatchUpdateFindingsCommand as never,
    ).map((i) => i.FindingIdentifiers?.[0]?.Id);
    expect(recorded.sort()).toEqual(event.detail.findings.map((f) => f.Id).sort());
  });

  it('starts a runbook once for 100 copies of a bucket finding', async () => {
    // Arrange
    resetAll(mocks);
    mocks.s3.onAnyCommand().resolves({ TagSet: [] });
    mocks.ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: 'exec-1' });
    const event = structuredClone(hubBucket);
    const first = event.detail.findings[0] as (typeof event.detail.findings)[number];
    event.detail.findings = Array.from({ length: 100 }, () => structuredClone(first));

    // Act
    const { outcomes } = await startAutomation(event);

    // Assert
    expect(mocks.ssm.commandCalls(StartAutomationExecutionCommand)).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'contained')).toHaveLength(100);
  });
});
