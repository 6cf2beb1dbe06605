/**
 * Counts sequential AWS round trips. Every answered call waits a fixed delay; its depth is one
 * more than the deepest call that had completed when it started, so calls sent together share a
 * depth and a chain of calls that each waited on the previous one gets 1, 2, 3, ... With equal
 * delays and instant code in between, the depth of a call times the delay is also the time at
 * which it completes: both are reported, and they must agree.
 */

/** One call as the tracker saw it. */
export interface TrackedCall {
  /** IAM action, e.g. `ec2:DescribeInstances`. */
  readonly action: string;
  readonly depth: number;
  /** Milliseconds from {@link RoundTripTracker.restart} to the start and the end of the call. */
  readonly startMs: number;
  endMs: number;
  failed: boolean;
}

/** The critical path of one run, up to the last call that `isTarget` selects. */
export interface PathSummary {
  /** Depth of the deepest selected call: sequential round trips up to it (0 when none). */
  readonly sequential: number;
  /** When the last selected call completed, in ms from the start (0 when none). */
  readonly elapsedMs: number;
  /** Whether `elapsedMs / delay`, rounded, equals `sequential`. */
  readonly agrees: boolean;
  /** Depth of the deepest call of all. */
  readonly depthOfAll: number;
  readonly totalCalls: number;
  /** The calls of each depth, `a || b x2` sorted, depth 1 first. */
  readonly chain: readonly string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Tracks the depth and timing of calls answered after a fixed delay. */
export class RoundTripTracker {
  readonly calls: TrackedCall[] = [];
  private deepestDone = 0;
  private startedAt = process.hrtime.bigint();

  /** @param delayMs simulated latency of every call */
  constructor(readonly delayMs: number) {}

  /** Forgets the calls so far and starts the clock: the next call is counted from zero. */
  restart(): void {
    this.calls.length = 0;
    this.deepestDone = 0;
    this.startedAt = process.hrtime.bigint();
  }

  /** Answers a call after the delay, recording its depth and timing; rethrows the answer's error. */
  async call<T>(action: string, answer: () => T | Promise<T>): Promise<T> {
    const entry: TrackedCall = {
      action,
      depth: this.deepestDone + 1,
      startMs: this.now(),
      endMs: Number.NaN,
      failed: false,
    };
    this.calls.push(entry);
    await sleep(this.delayMs);
    try {
      return await answer();
    } catch (error) {
      entry.failed = true;
      throw error;
    } finally {
      entry.endMs = this.now();
      this.deepestDone = Math.max(this.deepestDone, entry.depth);
    }
  }

  /** The critical path up to the last call `isTarget` selects. */
  summary(isTarget: (action: string) => boolean): PathSummary {
    const selected = this.calls.filter((c) => isTarget(c.action));
    const sequential = Math.max(0, ...selected.map((c) => c.depth));
    const elapsedMs = Math.max(0, ...selected.map((c) => c.endMs));
    const depthOfAll = Math.max(0, ...this.calls.map((c) => c.depth));
    const chain = Array.from({ length: depthOfAll }, (_, i) =>
      countedActions(this.calls.filter((c) => c.depth === i + 1)),
    );
    const agrees = this.delayMs > 0 && Math.round(elapsedMs / this.delayMs) === sequential;
    return { sequential, elapsedMs, agrees, depthOfAll, totalCalls: this.calls.length, chain };
  }

  private now(): number {
    return Number(process.hrtime.bigint() - this.startedAt) / 1e6;
  }
}

/** `ec2:A || ec2:B x3`: the actions of `calls`, sorted, repeats counted. */
function countedActions(calls: readonly TrackedCall[]): string {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(c.action, (counts.get(c.action) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([action, n]) => (n > 1 ? `${action} x${n}` : action))
    .join(' || ');
}
