/**
 * Part 3: a burst of isolation findings through one warm isolate-ec2 handler, each event one
 * finding about a one-interface instance, spread over accounts and regions (one VPC per account
 * and region, so the groups are created by the first finding there and cached after). Calls are
 * answered at once (no delay): the time measured is the handler's own. With `throttleEvery`,
 * every n-th mutating member-account call is answered with EC2's throttling error; failed events
 * are delivered again, as Lambda's asynchronous retries would, up to `maxDeliveries` in all, and
 * the end state of every instance is checked in the stateful fake.
 */
import {
  DescribeInstancesCommand,
  EC2Client,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { handler } from '../lambdas/isolate-ec2';
import type { Outcome } from '../lambdas/shared/outcome';
import { StatefulEc2 } from '../test/support/stateful-ec2';
import { hexId, isolationEvent } from './events';
import { awsError, centralAnswers, coldContainer, type FakeAws, isContainment } from './fake-aws';
import { percentile } from './stats';

/** What the burst sends and how calls fail. */
export interface BurstOptions {
  readonly findings: number;
  readonly accounts: number;
  readonly regions: readonly string[];
  /** Every n-th mutating member-account call is throttled; 0 for none. */
  readonly throttleEvery: number;
  /** Deliveries of an event before it goes to the dead-letter queue (Lambda async: 1 + 2 retries). */
  readonly maxDeliveries: number;
  /** Events handled at once by the one handler instance (1: one after another, as in Lambda). */
  readonly concurrency: number;
}

/** One finding of the burst. */
export interface BurstFinding {
  readonly index: number;
  readonly accountId: string;
  readonly region: string;
  readonly instanceId: string;
  readonly event: unknown;
}

/** The findings of a burst: accounts interleaved, each account's regions in turn. */
export function burstFindings(options: Pick<BurstOptions, 'findings' | 'accounts' | 'regions'>) {
  return Array.from({ length: options.findings }, (_, index): BurstFinding => {
    const account = index % options.accounts;
    const r = Math.floor(index / options.accounts) % options.regions.length;
    const accountId = String(300_000_000_000 + account);
    const region = options.regions[r] as string;
    const instanceId = hexId('i', index);
    const event = isolationEvent({
      findingId: index.toString(16).padStart(32, '0'),
      instanceId,
      interfaces: [{ id: hexId('eni', index), vpcId: hexId('vpc', account * 16 + r) }],
      accountId,
      region,
    });
    return { index, accountId, region, instanceId, event };
  });
}

/** Counts mutating calls and throttles every `every`-th (deterministic; 0: none). */
export function throttleEveryNth(every: number, counter: { mutating: number; throttled: number }) {
  return (action: string): Error | undefined => {
    if (!isContainment(action)) return undefined;
    counter.mutating += 1;
    if (every <= 0 || counter.mutating % every !== 0) return undefined;
    counter.throttled += 1;
    return awsError('RequestLimitExceeded', 'Request limit exceeded. (simulated)');
  };
}

/** How every finding ended. */
export interface BurstEnd {
  /** Findings whose instance is isolated with snapshots, termination protection and tags. */
  readonly complete: number;
  /** Isolated, but the evidence or the tags of the response are missing. */
  readonly isolatedWithoutEvidence: number;
  /** Not isolated, and the last delivery's outcome says `failed` (dead-lettered, alarmed). */
  readonly failedLoudly: number;
  /** Not isolated although the last outcome was not `failed`: lost in silence. */
  readonly lostSilently: number;
  /** An interface still in a passthrough group (all traffic allowed) at the end. */
  readonly leftInPassthrough: number;
  /** Events delivered n times (index n - 1); dead-lettered after the last. */
  readonly deliveries: readonly number[];
  readonly deadLettered: number;
  /** Failed deliveries, and how many of them notified a `failed` outcome. */
  readonly failedDeliveries: number;
  readonly failedDeliveriesNotified: number;
  /** Last outcome `contained` while evidence or tags are missing (a re-delivery said done). */
  readonly containedButIncomplete: number;
}

/** The measured burst. */
export interface BurstResult {
  readonly options: BurstOptions;
  readonly wallMs: number;
  readonly invocations: number;
  readonly calls: number;
  readonly assumeRoleCalls: number;
  readonly mutatingCalls: number;
  readonly throttledCalls: number;
  /** Time of the handler per first delivery (one finding each). */
  readonly overheadMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly end: BurstEnd;
}

/**
 * Runs the burst on a cold container that turns warm with the first findings. `afterFirst` runs
 * once the first event is handled (the lazily loaded recording clients are in memory then).
 */
export async function runBurst(
  fake: FakeAws,
  options: BurstOptions,
  afterFirst?: () => void,
): Promise<BurstResult> {
  const findings = burstFindings(options);
  const ec2 = new StatefulEc2();
  for (const f of findings) ec2.addInstance(f.instanceId, interfacesOf(f));
  const published: Outcome[] = [];
  fake.reset({ ...centralAnswers(published), ...ec2.answers() });
  const counter = { mutating: 0, throttled: 0 };
  fake.inject = throttleEveryNth(options.throttleEvery, counter);
  coldContainer();
  const lastStatus = new Map<number, string>();
  const delivered = new Map<number, number>();
  const overhead: number[] = [];
  let failedDeliveries = 0;
  let failedDeliveriesNotified = 0;
  let invocations = 0;
  let firstDone = false;
  const started = process.hrtime.bigint();
  let pending = findings;
  for (let delivery = 1; delivery <= options.maxDeliveries && pending.length > 0; delivery++) {
    const failed: BurstFinding[] = [];
    await inBatches(pending, options.concurrency, async (f) => {
      invocations += 1;
      delivered.set(f.index, delivery);
      const t0 = process.hrtime.bigint();
      let threw = false;
      try {
        await handler(f.event);
      } catch {
        threw = true;
      }
      if (delivery === 1) overhead.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (!firstDone) {
        firstDone = true;
        afterFirst?.();
      }
      const status = takeStatus(published, f.instanceId);
      lastStatus.set(f.index, status);
      fake.dropHistory();
      if (threw) {
        failedDeliveries += 1;
        if (status === 'failed') failedDeliveriesNotified += 1;
        failed.push(f);
      }
    });
    pending = failed;
  }
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const end = endOf(findings, ec2, lastStatus, delivered, options.maxDeliveries, pending.length);
  return {
    options,
    wallMs,
    invocations,
    calls: fake.total,
    assumeRoleCalls: fake.count('sts:AssumeRole'),
    mutatingCalls: counter.mutating,
    throttledCalls: counter.throttled,
    overheadMs: {
      p50: percentile(overhead, 50),
      p99: percentile(overhead, 99),
      max: Math.max(...overhead),
    },
    end: { ...end, failedDeliveries, failedDeliveriesNotified },
  };
}

function interfacesOf(f: BurstFinding): { id: string; vpcId: string }[] {
  const event = f.event as ReturnType<typeof isolationEvent>;
  return event.detail.resource.instanceDetails.networkInterfaces.map((n) => ({
    id: n.networkInterfaceId,
    vpcId: n.vpcId,
  }));
}

/** The status of the last outcome published for `resource`; its outcomes are removed. */
function takeStatus(published: Outcome[], resource: string): string {
  let status = 'no outcome';
  for (let i = 0; i < published.length; ) {
    const o = published[i] as Outcome;
    if (o.resource !== resource) {
      i++;
      continue;
    }
    status = o.status;
    published.splice(i, 1);
  }
  return status;
}

/** Runs `work` on every item, at most `concurrency` at once, in order of start. */
async function inBatches<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

function endOf(
  findings: readonly BurstFinding[],
  ec2: StatefulEc2,
  lastStatus: ReadonlyMap<number, string>,
  delivered: ReadonlyMap<number, number>,
  maxDeliveries: number,
  deadLettered: number,
): Omit<BurstEnd, 'failedDeliveries' | 'failedDeliveriesNotified'> {
  const deliveries = Array.from({ length: maxDeliveries }, () => 0);
  let complete = 0;
  let isolatedWithoutEvidence = 0;
  let failedLoudly = 0;
  let lostSilently = 0;
  let leftInPassthrough = 0;
  let containedButIncomplete = 0;
  for (const f of findings) {
    const n = delivered.get(f.index) ?? 0;
    deliveries[n - 1] = (deliveries[n - 1] ?? 0) + 1;
    const instance = ec2.instances.get(f.instanceId);
    const status = lastStatus.get(f.index);
    if (ec2.inPassthrough(f.instanceId)) leftInPassthrough += 1;
    if (!ec2.isIsolated(f.instanceId)) {
      if (status === 'failed') failedLoudly += 1;
      else lostSilently += 1;
      continue;
    }
    const evidence =
      (instance?.snapshots ?? 0) > 0 &&
      instance?.terminationProtected === true &&
      instance.tags.has('security-ir:isolated');
    if (evidence) complete += 1;
    else {
      isolatedWithoutEvidence += 1;
      if (status === 'contained') containedButIncomplete += 1;
    }
  }
  return {
    complete,
    isolatedWithoutEvidence,
    failedLoudly,
    lostSilently,
    leftInPassthrough,
    deliveries,
    deadLettered,
    containedButIncomplete,
  };
}

/** The baseline burst: what the SDK alone keeps for the same findings. */
export interface BaselineBurstResult {
  readonly options: BurstOptions;
  readonly wallMs: number;
  readonly calls: number;
  readonly clients: number;
}

/**
 * The baseline of the burst's memory, run in its own process in the same benchmark run: the same
 * findings against the same stateful EC2, through bare EC2 clients kept one per account and region
 * (as a warm container keeps them), each finding one DescribeInstances and the two moves of its
 * interface. What the handler keeps beyond this (its pipeline, caches, outcomes, logs) is the
 * part the burst's ratio judges.
 */
export async function runBaselineBurst(
  fake: FakeAws,
  options: BurstOptions,
  afterFirst?: () => void,
): Promise<BaselineBurstResult> {
  const findings = burstFindings(options);
  const ec2 = new StatefulEc2();
  for (const f of findings) ec2.addInstance(f.instanceId, interfacesOf(f));
  for (const vpc of new Set(findings.flatMap((f) => interfacesOf(f).map((n) => n.vpcId))))
    ec2.addIsolationGroups(vpc);
  fake.reset(ec2.answers());
  const clients = new Map<string, EC2Client>();
  const started = process.hrtime.bigint();
  let first = true;
  await inBatches(findings, options.concurrency, async (f) => {
    const key = `${f.accountId}/${f.region}`;
    let client = clients.get(key);
    if (!client) {
      client = new EC2Client({
        region: f.region,
        credentials: { accessKeyId: `ASIA${f.accountId}`, secretAccessKey: 's', sessionToken: 't' },
      });
      clients.set(key, client);
    }
    await client.send(new DescribeInstancesCommand({ InstanceIds: [f.instanceId] }));
    for (const n of interfacesOf(f)) {
      for (const kind of ['passthrough', 'quarantine']) {
        const group = ec2.group(`security-ir-${kind}`, n.vpcId)?.GroupId ?? '';
        await client.send(
          new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: n.id, Groups: [group] }),
        );
      }
    }
    fake.dropHistory();
    if (first) {
      first = false;
      afterFirst?.();
    }
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { options, wallMs, calls: fake.total, clients: clients.size };
}
