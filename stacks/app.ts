/**
 * The stacks of the app, by the account each is deployed with: `master` (security account),
 * `service` (management account, or one account a StackSet cannot reach) and, when the tag guard
 * is enabled, `tag-guard` (management account or a delegated policy administrator). Composition
 * only; main.ts loads the configuration and synthesizes.
 */
import type { App, TerraformStack } from 'cdktf';
import { applyBackend } from '../modules/backend';
import type { Config } from '../modules/config/schema';
import { MasterStack } from './master';
import { ServiceStack } from './service';
import { TagGuardStack } from './tag-guard';

/** Creates every stack of `config` in `app`, each with its backend. */
export function createStacks(app: App, config: Config): TerraformStack[] {
  const master = new MasterStack(app, 'master', { config });
  applyBackend(master, config, 'master');
  const service = new ServiceStack(app, 'service', { config });
  applyBackend(service, config, 'service');
  if (!config.tagGuard.enabled) return [master, service];
  // Management-account credentials (or a delegated policy admin): never part of `master`.
  const tagGuard = new TagGuardStack(app, 'tag-guard', { config });
  applyBackend(tagGuard, config, 'tag-guard');
  return [master, service, tagGuard];
}
