/**
 * The catalogue of AWS actions each responder may perform: the one source from which the member
 * role's allow list, its exception-tag deny and the responders' own central role are derived.
 *
 * Plain data: no SDK and no cdktf import, so both the Lambda bundles and the stacks import it.
 * A test proves every SDK command a handler sends is declared here. The per-responder actions are
 * declared in the registry (`lambdas/registry/responders.ts`) and only gathered here.
 */
import type {
  MutatingAction,
  ReadAction,
  ResourceKind,
  ResponderDeclaration,
} from '../registry/declaration';
import { readActionOf } from '../registry/declaration';
import { auditReadDeclarations } from '../registry/resource-kinds';
import { RESPONDER_NAMES, RESPONDERS, type ResponderName } from '../registry/responders';

/** Re-exported from the registry's declaration type, where they are defined. */
export type { MutatingAction, ResourceKind } from '../registry/declaration';
export { arnPatternOf, RESOURCE_ARNS } from '../registry/resource-kinds';

/** What one responder may do in a member account (derived from its registry declaration). */
export interface ResponderActions {
  /** Read-only actions in the member account (through the member role). */
  readonly reads: readonly string[];
  /** Mutating actions in the member account (through the member role). */
  readonly mutates: readonly MutatingAction[];
}

/** The catalogue's type: each responder's reads by name and its declared mutating actions. */
export type Catalogue = {
  readonly [K in ResponderName]: {
    readonly reads: readonly string[];
    readonly mutates: (typeof RESPONDERS)[K]['mutates'];
  };
};

function catalogueOf(): Catalogue {
  const out = {} as Record<ResponderName, ResponderActions>;
  for (const n of RESPONDER_NAMES) {
    const d: ResponderDeclaration = RESPONDERS[n];
    out[n] = { reads: d.reads.map(readActionOf), mutates: d.mutates };
  }
  // Each entry was copied from RESPONDERS[n], whose literal type Catalogue names.
  return out as Catalogue;
}

/** Member-account actions per responder, derived from the registry (reads as action names). */
export const CATALOGUE: Catalogue = catalogueOf();

export { RESPONDER_NAMES, type ResponderName };

/**
 * The resource type IAM authorises each scoped read on (Service Authorization Reference): from
 * the registry's scoped reads and the operator's audit reads. Every other read stays on `*`.
 * test/modules/member-policy.test.ts proves this table against AWS's own data, both ways.
 */
export function readResourceKinds(): Readonly<Record<string, ResourceKind>> {
  const scoped: ReadAction[] = [
    ...RESPONDER_NAMES.flatMap((n): readonly ReadAction[] => RESPONDERS[n].reads),
    ...AUDIT_READ_DECLARATIONS,
  ];
  return Object.fromEntries(
    scoped.flatMap((r) => (typeof r === 'string' ? [] : [[r.action, r.on]])),
  );
}

/**
 * Actions every responder performs with its own role in the security account: reaching the
 * member account, resolving the response mode, recording on the finding and notifying.
 * `guardduty:ArchiveFindings` is called here because only the GuardDuty administrator can archive
 * member findings.
 */
export const CENTRAL_ACTIONS = [
  'sts:AssumeRole',
  'sts:SetSourceIdentity',
  'organizations:ListParents',
  'guardduty:ListDetectors',
  'guardduty:ArchiveFindings',
  'securityhub:BatchUpdateFindings',
  // Tickets (`tickets`): CreateTicketV2 through the one configured connector, and GetFindingsV2
  // (authorised as GetFindings) to find the OCSF copy of a GuardDuty finding that arrived natively.
  'securityhub:CreateTicketV2',
  'securityhub:GetFindings',
  'sns:Publish',
  // The response ledger: conditional writes of responses, pause markers and hourly counters.
  // Reading it and releasing are the operator's (security-ir history / release), not a responder's,
  // but for one item: the claim another copy of the finding holds (answer-claim.ts).
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:GetItem',
] as const;

/** Every member-account action of one responder, reads first. */
export function memberActionsOf(name: ResponderName): string[] {
  const entry: ResponderActions = CATALOGUE[name];
  return [...entry.reads, ...entry.mutates.map((m) => m.action)];
}

/** Every member-account action of every responder, without duplicates, sorted. */
export function allMemberActions(): string[] {
  return [...new Set(RESPONDER_NAMES.flatMap(memberActionsOf))].sort();
}

/**
 * The responders that change something in member accounts: they take a blast-radius slot before
 * the first change (`ctx.admit`), so only they can be paused.
 */
export function containingResponders(): ResponderName[] {
  return RESPONDER_NAMES.filter((n) => CATALOGUE[n].mutates.length > 0);
}

/** Every mutating member-account action with the union of the resource types it touches. */
export function allMutatingActions(): MutatingAction[] {
  const byAction = new Map<string, Set<ResourceKind>>();
  for (const name of RESPONDER_NAMES) {
    const entry: ResponderActions = CATALOGUE[name];
    for (const m of entry.mutates) {
      const set = byAction.get(m.action) ?? new Set<ResourceKind>();
      for (const r of m.resources) set.add(r);
      byAction.set(m.action, set);
    }
  }
  return [...byAction.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([action, resources]) => ({ action, resources: [...resources].sort() }));
}

/**
 * Read-only actions of the operator's `audit` command in member accounts (through the member
 * role): what each kind carrying the exception tag declares (`kinds.<kind>.exceptionTag.auditReads`
 * in the registry), e.g. an instance's network interfaces and volumes, to check they carry it too.
 */
export const AUDIT_READ_DECLARATIONS: readonly ReadAction[] = auditReadDeclarations();

/** The audit's read actions by name. */
export const AUDIT_READS: readonly string[] = AUDIT_READ_DECLARATIONS.map(readActionOf);
