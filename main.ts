/**
 * The cdktf app: load and validate the configuration, create the stacks, choose the backend, synth.
 * Offline and deterministic: no AWS call and no credentials (DESIGN invariant 6).
 */
import { App } from 'cdktf';
import { applyBackend } from './modules/backend';
import { loadForSynth } from './modules/config/synth-load';
import { MasterStack } from './stacks/master';
import { ServiceStack } from './stacks/service';
import { TagGuardStack } from './stacks/tag-guard';

function main(): void {
  const loaded = loadForSynth({ env: process.env, out: process.stdout, err: process.stderr });
  if ('exitCode' in loaded) {
    process.exitCode = loaded.exitCode;
    return;
  }
  const { config } = loaded;
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
