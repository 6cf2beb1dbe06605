/**
 * `respond --plan`: what a responder would do with an event, decided from the event and the
 * configuration alone. No AWS call and no credentials: nothing is read live, so the exception tag
 * and the resource's state are named as what a live run checks first, never as checked.
 */
import { declarationOf, type ResponderName } from '../lambdas/registry/responders';
import type { OfflineFinding } from '../lambdas/shared/handler';
import type { Config } from '../modules/config/schema';

/** The response mode of an account as far as the configuration alone decides it. */
export function offlineMode(
  accountId: string,
  config: Pick<Config, 'dryRun' | 'responseModes'>,
): string {
  if (config.dryRun) return 'dry-run (dryRun is true: nothing is changed anywhere)';
  const own = config.responseModes.accounts[accountId];
  if (own) return `${own} (responseModes.accounts.${accountId})`;
  const ous = Object.keys(config.responseModes.organizationalUnits);
  if (ous.length > 0) {
    return (
      `the nearest of responseModes.organizationalUnits above the account (${ous.join(', ')}), else ` +
      `${config.responseModes.default}: not resolved offline (it needs Organizations)`
    );
  }
  return `${config.responseModes.default} (responseModes.default)`;
}

/** The offline plan of one responder for the findings of an event. */
export interface OfflinePlan {
  /** Always true: decided without any AWS call. */
  readonly offline: true;
  readonly responder: ResponderName;
  /** Why this responder (the route the deployed rules take, or --responder). */
  readonly why: string;
  /** What the responder does when it acts (its registry summary). */
  readonly does: string;
  readonly findings: readonly (OfflineFinding & { readonly mode: string })[];
}

/** The plan of `responder` for `findings` under `config`. */
export function offlinePlan(
  responder: ResponderName,
  why: string,
  findings: readonly OfflineFinding[],
  config: Pick<Config, 'dryRun' | 'responseModes'>,
): OfflinePlan {
  return {
    offline: true,
    responder,
    why,
    does: declarationOf(responder).summary,
    findings: findings.map((f) => ({ ...f, mode: offlineMode(f.accountId, config) })),
  };
}

/** The banner every offline plan starts with. */
export const OFFLINE_BANNER =
  'OFFLINE PLAN: decided from the event file and the configuration alone. No AWS call was made and no\n' +
  'credentials were used: nothing was read live and nothing was changed.';

/** The plan as text for a person. */
export function formatOfflinePlan(plan: OfflinePlan, exceptionTagKey: string): string {
  const declared = declarationOf(plan.responder);
  const lines = [OFFLINE_BANNER, '', `Responder: ${plan.responder} (${plan.why})`];
  plan.findings.forEach((f, i) => {
    lines.push(
      '',
      `Finding ${i + 1} of ${plan.findings.length}: ${f.findingId} (${f.findingType})`,
      `  account ${f.accountId}, region ${f.region}, resource ${f.resource}`,
    );
    if (f.decision !== 'respond') {
      lines.push(`  would end ${f.decision}: ${f.reason ?? ''}`, `  response mode: ${f.mode}`);
      return;
    }
    lines.push(
      `  response mode: ${f.mode}`,
      `  a live run would: read ${f.resource} and its tags; skip it if it carries the exception tag ${exceptionTagKey} (on ${declared.exception.on.join(', ')})`,
      `  then, in contain mode: ${plan.does}`,
      '  in dry-run: the same steps, listed as planned, nothing changed',
    );
  });
  lines.push(
    '',
    'For the plan from the live resource, run the same command without --plan, with credentials of the',
    'security account (it stays dry-run unless --contain).',
  );
  return lines.join('\n');
}
