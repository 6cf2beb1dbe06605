/**
 * The cdktf app: load and validate the configuration, create the stacks, choose the backend, synth.
 * Offline and deterministic: no AWS call and no credentials (DESIGN invariant 6).
 */
import { App } from 'cdktf';
import { loadForSynth } from './modules/config/synth-load';
import { createStacks } from './stacks/app';

function main(): void {
  const loaded = loadForSynth({ env: process.env, out: process.stdout, err: process.stderr });
  if ('exitCode' in loaded) {
    process.exitCode = loaded.exitCode;
    return;
  }
  const app = new App();
  createStacks(app, loaded.config);
  app.synth();
}

main();
