/**
 * The state backend of a stack: local state at a path relative to the project by default (cdktf's
 * own default path is absolute and machine-specific), or HCP Terraform / Terraform Cloud with one
 * workspace per stack.
 */
import { CloudBackend, LocalBackend, NamedCloudWorkspace, type TerraformStack } from 'cdktf';
import type { Config } from './config/schema';

/** Applies the configured backend to `stack`. */
export function applyBackend(stack: TerraformStack, config: Config, stackName: string): void {
  const backend = config.backend;
  if (backend.type === 'cloud') {
    new CloudBackend(stack, {
      hostname: backend.hostname,
      organization: backend.organization,
      workspaces: new NamedCloudWorkspace(`${backend.workspacePrefix}${stackName}`),
    });
    return;
  }
  // Terraform runs in cdktf.out/stacks/<stack>: three levels below the project.
  new LocalBackend(stack, { path: `../../../${backend.directory}/${stackName}.tfstate` });
}
