/**
 * The cdktf app: load and validate the configuration, create the stacks, choose the backend, synth.
 * Offline and deterministic: no AWS call and no credentials (DESIGN invariant 6).
 */
import { App } from 'cdktf';
import { applyBackend } from './modules/backend';
import { ConfigError, loadConfig } from './modules/config/load';
import { MasterStack } from './stacks/master';
import { ServiceStack } from './stacks/service';
import { TagGuardStack } from './stacks/tag-guard';

function main(): void {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = new App();
  const master = new MasterStack(app, 'master', { config });
  applyBackend(master, config, 'master');
  const service = new ServiceStack(app, 'service', { config });
  applyBackend(service, config, 'service');
  if (config.tagGuard.enabled) {
    // Management-account credentials (or a delegated policy admin): never part of `master`.
    const tagGuard = new TagGuardStack(app, 'tag-guard', { config });
    applyBackend(tagGuard, config, 'tag-guard');
  }
  app.synth();
}

main();
