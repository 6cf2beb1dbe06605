/**
 * Part 1: the critical path of each scenario. Every SDK call is answered after a fixed delay; the
 * tracker gives the sequential round trips and the simulated time up to the last containment call
 * (the last mutating member-account call; recording and notification excluded), and the counts.
 */
import type { Outcome } from '../lambdas/shared/outcome';
import { centralAnswers, coldContainer, type FakeAws, isContainment } from './fake-aws';
import { RoundTripTracker } from './round-trips';
import type { Scenario } from './scenarios';

/** The measured critical path of one scenario, beside its target. */
export interface PathResult {
  readonly id: string;
  readonly label: string;
  readonly container: 'cold' | 'warm';
  /** Sequential round trips from the handler's start to the last containment call. */
  readonly sequential: number;
  /** Measured time to the last containment call with every call taking `delayMs`. */
  readonly simulatedMs: number;
  /** Whether `simulatedMs / delayMs` rounds to `sequential`. */
  readonly agrees: boolean;
  readonly totalCalls: number;
  /** Sequential round trips of the whole invocation, recording and notification included. */
  readonly depthOfAll: number;
  readonly assumeRoleCalls: number;
  readonly containmentCalls: number;
  /** Outcome statuses of the invocation (`contained` expected). */
  readonly statuses: readonly string[];
  readonly chain: readonly string[];
  readonly target?: number;
  readonly meetsTarget?: boolean;
}

/** Runs one scenario with every call delayed by `delayMs`. */
export async function measurePath(
  fake: FakeAws,
  scenario: Scenario,
  delayMs: number,
): Promise<PathResult> {
  const published: Outcome[] = [];
  fake.useMocks();
  fake.reset({ ...centralAnswers(published), ...scenario.member() });
  coldContainer(scenario.env);
  if (scenario.warmUp) await scenario.handler(scenario.warmUp());
  published.length = 0;
  fake.counts.clear();
  const tracker = new RoundTripTracker(delayMs);
  fake.tracker = tracker;
  tracker.restart();
  let statuses: string[];
  try {
    const result = await scenario.handler(scenario.event());
    statuses = result.outcomes.map((o) => o.status);
  } catch (error) {
    statuses = published.length > 0 ? published.map((o) => o.status) : [`threw ${String(error)}`];
  }
  fake.tracker = undefined;
  const path = tracker.summary(isContainment);
  return {
    id: scenario.id,
    label: scenario.label,
    container: scenario.container,
    sequential: path.sequential,
    simulatedMs: path.elapsedMs,
    agrees: path.agrees,
    totalCalls: path.totalCalls,
    depthOfAll: path.depthOfAll,
    assumeRoleCalls: fake.count('sts:AssumeRole'),
    containmentCalls: tracker.calls.filter((c) => isContainment(c.action)).length,
    statuses,
    chain: path.chain,
    ...(scenario.target === undefined
      ? {}
      : { target: scenario.target, meetsTarget: path.sequential <= scenario.target }),
  };
}

/** Runs every scenario in turn (one at a time: the depth is per run). */
export async function measurePaths(
  fake: FakeAws,
  all: readonly Scenario[],
  delayMs: number,
): Promise<PathResult[]> {
  const out: PathResult[] = [];
  for (const scenario of all) out.push(await measurePath(fake, scenario, delayMs));
  return out;
}
