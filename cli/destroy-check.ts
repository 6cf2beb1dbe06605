/**
 * The check before `npm run destroy -- <stack>`: `cdktf destroy` with an empty or missing state
 * destroys nothing and reports success, leaving every resource in AWS. With local state the check
 * reads the state file the backend names (`modules/backend.ts`); HCP Terraform state cannot be read
 * offline, so it only names the workspace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../modules/config/schema';

/** What the check found: go on, or stop with a warning. */
export interface DestroyCheck {
  readonly ok: boolean;
  readonly message: string;
}

/** Checks that the state of `stack` exists and holds resources. */
export function checkDestroyState(
  projectRoot: string,
  config: Config,
  stack: string,
): DestroyCheck {
  if (config.backend.type === 'cloud') {
    return {
      ok: true,
      message: `state of ${stack}: HCP Terraform workspace ${config.backend.workspacePrefix}${stack} in ${config.backend.organization} (run \`terraform login\` first)`,
    };
  }
  const file = join(projectRoot, config.backend.directory, `${stack}.tfstate`);
  const stop = (why: string): DestroyCheck => ({
    ok: false,
    message:
      `WARNING: ${why}. cdktf destroy would remove nothing, report success and leave every resource ` +
      `of ${stack} in AWS. Restore the state file the deploy wrote (${file}) or configure the backend ` +
      'that holds it, then run again; pass --force to run anyway.',
  });
  if (!existsSync(file)) return stop(`no state file ${file}`);
  let resources: unknown[];
  try {
    resources =
      (JSON.parse(readFileSync(file, 'utf8')) as { resources?: unknown[] }).resources ?? [];
  } catch (error) {
    return stop(`the state file ${file} cannot be read (${(error as Error).message})`);
  }
  if (resources.length === 0) return stop(`the state file ${file} holds no resources`);
  return { ok: true, message: `state of ${stack}: ${file} (${resources.length} resources)` };
}
