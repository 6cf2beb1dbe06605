/**
 * The resource types member-account actions touch, gathered from the `kinds` each registry entry
 * declares (one owner per kind): the ARN each IAM statement is scoped to, and the kinds that carry
 * the exception tag with what the operator tool needs to know of them. Plain data.
 */
import type {
  ExceptionTagDeclaration,
  ReadAction,
  ResourceKindDeclaration,
  ResourceKind as ResourceKindName,
} from './declaration';
import { RESPONDER_NAMES, RESPONDERS, type ResponderName } from './responders';

type Declared = typeof RESPONDERS;
type KindsOf<D> = D extends { readonly kinds: infer K } ? keyof K & string : never;

/** A resource type some registry entry declares, keyed `<service>:<resource type>`. */
export type ResourceKind = { [N in keyof Declared]: KindsOf<Declared[N]> }[keyof Declared];

/** One declared kind with its owner. */
export interface OwnedKind {
  readonly kind: ResourceKindName;
  readonly owner: ResponderName;
  readonly declaration: ResourceKindDeclaration;
}

/** Every declared kind with the responder that owns it, in registry order. Throws on a second owner. */
export function ownedKinds(): OwnedKind[] {
  const seen = new Map<string, ResponderName>();
  const out: OwnedKind[] = [];
  for (const owner of RESPONDER_NAMES) {
    const kinds: Readonly<Record<string, ResourceKindDeclaration>> =
      (RESPONDERS[owner] as { readonly kinds?: Record<string, ResourceKindDeclaration> }).kinds ??
      {};
    for (const [kind, declaration] of Object.entries(kinds)) {
      const first = seen.get(kind);
      if (first) throw new Error(`resource kind ${kind} is declared by ${first} and ${owner}`);
      seen.set(kind, owner);
      out.push({ kind: kind as ResourceKindName, owner, declaration });
    }
  }
  return out;
}

/** The ARN pattern of each declared kind (`{partition}`, `{account}` filled in per account). */
export const RESOURCE_ARNS = Object.fromEntries(
  ownedKinds().map((k) => [k.kind, k.declaration.arn]),
) as Readonly<Record<ResourceKind, string>>;

/** The ARN pattern of `kind`; throws when no registry entry declares it. */
export function arnPatternOf(kind: string): string {
  const arn = (RESOURCE_ARNS as Readonly<Record<string, string>>)[kind];
  if (arn === undefined) throw new Error(`resource kind ${kind} is declared by no responder`);
  return arn;
}

/** A kind that carries the exception tag, with its owner (whose folder holds `exception-tags.ts`). */
export interface TaggableKind {
  readonly kind: ResourceKindName;
  readonly owner: ResponderName;
  readonly tag: ExceptionTagDeclaration;
}

/** The kinds `grant`, `revoke` and `audit` handle, in registry order. */
export function taggableKinds(): TaggableKind[] {
  return ownedKinds().flatMap((k) =>
    k.declaration.exceptionTag
      ? [{ kind: k.kind, owner: k.owner, tag: k.declaration.exceptionTag }]
      : [],
  );
}

/** The read-only member-account actions of `audit`: each taggable kind's, in registry order. */
export function auditReadDeclarations(): ReadAction[] {
  return taggableKinds().flatMap((k) => [...k.tag.auditReads]);
}

/** What `--resource` accepts, as one sentence (help text and the error of an unknown resource). */
export function resourceForms(): string {
  const forms = taggableKinds().flatMap((k) => [...k.tag.forms]);
  return forms.length < 2
    ? forms.join('')
    : `${forms.slice(0, -1).join(', ')}, or ${forms[forms.length - 1]}`;
}
