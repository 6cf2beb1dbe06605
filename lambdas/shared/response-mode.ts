/**
 * The response mode of an account: `DRY_RUN=true` forces dry-run; otherwise the account's own
 * entry, then the nearest configured OU above it (resolved with Organizations and cached), then
 * the default. Organizations is called only when OU modes are configured.
 */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { responderEnv } from './config';
import { describeCause, ResponderError } from './errors';
import { lazyModule } from './lazy';
import { partitionOf, RETRY } from './member-clients';
import type { ResponseMode } from './outcome';

let organizations: OrganizationsClient | undefined;
const ancestry = new Map<string, Promise<string[]>>();
// Loaded only where OU modes are configured: the other responders' cold starts never pay for it.
const loadOrganizations = lazyModule(() => import('@aws-sdk/client-organizations'));

/** Organizations has one endpoint per partition. */
function organizationsRegion(): string {
  const partition = partitionOf(process.env.AWS_REGION ?? 'us-east-1');
  if (partition === 'aws-cn') return 'cn-northwest-1';
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  return 'us-east-1';
}

/** The OU and root ids above an account, nearest first. */
async function parentsOf(accountId: string): Promise<string[]> {
  const { ListParentsCommand, OrganizationsClient } = await loadOrganizations();
  organizations ??= new OrganizationsClient({ region: organizationsRegion(), ...RETRY });
  const chain: string[] = [];
  let child = accountId;
  for (let depth = 0; depth < 6; depth++) {
    const out = await organizations.send(new ListParentsCommand({ ChildId: child }));
    const parent = out.Parents?.[0];
    if (!parent?.Id) break;
    chain.push(parent.Id);
    if (parent.Type === 'ROOT') break;
    child = parent.Id;
  }
  return chain;
}

/** Whether resolving modes needs an Organizations call (OU modes are configured). */
export function modeNeedsLookup(accountId: string): boolean {
  const env = responderEnv();
  if (env.DRY_RUN || env.RESPONSE_MODES.accounts[accountId]) return false;
  return Object.keys(env.RESPONSE_MODES.organizationalUnits).length > 0;
}

/**
 * Resolves the response mode of an account. Throws if the OU chain cannot be read. In the run of
 * `security-ir approve` (`APPROVED_BY` set), `approve` reads as `contain`: the plan was approved.
 */
export async function responseModeFor(accountId: string): Promise<ResponseMode> {
  const mode = await configuredModeFor(accountId);
  return mode === 'approve' && responderEnv().APPROVED_BY ? 'contain' : mode;
}

async function configuredModeFor(accountId: string): Promise<ResponseMode> {
  const env = responderEnv();
  if (env.DRY_RUN) return 'dry-run';
  const modes = env.RESPONSE_MODES;
  const own = modes.accounts[accountId];
  if (own) return own;
  if (!modeNeedsLookup(accountId)) return modes.default;
  let pending = ancestry.get(accountId);
  if (!pending) {
    pending = parentsOf(accountId);
    ancestry.set(accountId, pending);
    pending.catch(() => ancestry.delete(accountId));
  }
  let chain: string[];
  try {
    chain = await pending;
  } catch (cause) {
    throw new ResponderError(
      `cannot resolve the response mode of account ${accountId}: organizations:ListParents failed ` +
        `(${describeCause(cause)}); not acting`,
      { cause },
    );
  }
  for (const id of chain) {
    const mode = modes.organizationalUnits[id];
    if (mode) return mode;
  }
  return modes.default;
}

/** Forgets cached OU chains (tests). */
export function resetResponseModes(): void {
  ancestry.clear();
  organizations = undefined;
}
