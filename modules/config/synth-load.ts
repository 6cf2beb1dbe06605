/**
 * The configuration as `cdktf synth` loads it: the line naming the file it used (or the embedded
 * defaults), then the notices, on stdout; an invalid configuration printed once, in the product's
 * words. cdktf repeats everything a failing app printed (live, then in its "Command output"
 * block), so under cdktf (`CDKTF_OUTDIR` set) the app removes the stale manifest and ends without
 * synthesizing: cdktf then fails on the missing manifest, and the message stands once.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, describeSource, loadConfigWithSource } from './load';
import type { Config } from './schema';

/** Where synth loads from and writes to. */
export interface SynthLoadOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
}

/** The loaded configuration, or the exit code of a configuration error (already reported). */
export type SynthLoad = { readonly config: Config } | { readonly exitCode: number };

/** Loads the configuration for synth; reports an invalid one once. */
export function loadForSynth(options: SynthLoadOptions): SynthLoad {
  try {
    const { config, source, notices } = loadConfigWithSource({
      env: options.env,
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    // One write, after an empty line: cdktf prints the app's output as it comes, and on a
    // terminal its spinner redraw erases the first line of it.
    const lines = [describeSource(source), ...notices.map((n) => `note: ${n}`)];
    options.out.write(`${options.env.CDKTF_OUTDIR ? '\n' : ''}${lines.join('\n')}\n`);
    return { config };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const outdir = options.env.CDKTF_OUTDIR;
    if (!outdir) {
      options.err.write(`${error.message}\n`);
      return { exitCode: 1 };
    }
    // A stale manifest would let cdktf deploy the previous synth: remove it, so cdktf fails.
    rmSync(join(outdir, 'manifest.json'), { force: true });
    options.err.write(
      `${error.message}\nNothing was synthesized (cdktf adds that no manifest was written).\n`,
    );
    return { exitCode: 0 };
  }
}
