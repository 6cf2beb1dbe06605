/**
 * The seed design's call counts, to set beside ours. The seed is not in the repository: its counts
 * are derived from its call sequence as the issue describes it, and, for the responders the issue
 * gives no sequence for, from a straightforward sequential implementation. Every derivation is
 * returned with the count, so the report states it.
 */

/** Calls of the seed up to its last containment call, and in all. */
export interface SeedCount {
  /** Sequential round trips from the start of the handler to the last containment call. */
  readonly sequential: number;
  /** Every call, recording and notification included (the seed awaits each in turn). */
  readonly total: number;
  /** How the counts follow from the seed's call sequence. */
  readonly derivation: string;
  /** What the seed cannot do in this scenario, if anything. */
  readonly caveat?: string;
}

/**
 * The seed's isolation of an instance with `interfaces` network interfaces in `vpcs` VPCs, from
 * the issue: it assumes the member role twice, reads the instance, creates a new quarantine group
 * and revokes its default egress for every finding, then moves the interfaces one after another
 * (5 + N to the last interface), and records and notifies after that (3 more: 8 + N in all).
 * Caches play no part: the seed makes the same calls on a warm and a cold container.
 */
export function seedIsolation(interfaces: number, vpcs: number): SeedCount {
  return {
    sequential: 5 + interfaces,
    total: 8 + interfaces,
    derivation: `issue: 5 + N to the last interface, 8 + N in all, N = ${interfaces}`,
    ...(vpcs > 1
      ? { caveat: 'the seed cannot isolate the interfaces of the second VPC: it would fail there' }
      : {}),
  };
}

/**
 * A straightforward sequential responder: one `sts:AssumeRole` before the first call of each SDK
 * client it uses (no credential cache shared between clients), every call awaited in turn, then
 * the recording and notification calls one after another.
 */
export function seedSequential(
  memberCalls: readonly string[],
  recording: readonly string[],
): SeedCount {
  const services = new Set<string>();
  const sequence: string[] = [];
  for (const call of memberCalls) {
    const service = call.split(':')[0] ?? call;
    if (!services.has(service)) {
      services.add(service);
      sequence.push('sts:AssumeRole');
    }
    sequence.push(call);
  }
  return {
    sequential: sequence.length,
    total: sequence.length + recording.length,
    derivation: `assumed: ${[...sequence, ...recording].join(' -> ')}`,
  };
}

/** The recording calls of a GuardDuty finding in the seed: archive, Security Hub note, notify. */
export const SEED_GUARDDUTY_RECORDING = [
  'guardduty:ArchiveFindings',
  'securityhub:BatchUpdateFindings',
  'sns:Publish',
] as const;

/** A Config evaluation is not a finding to record: the seed only notifies. */
export const SEED_CONFIG_RECORDING = ['sns:Publish'] as const;
