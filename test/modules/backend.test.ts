import { TerraformStack, Testing } from 'cdktf';
import { applyBackend } from '../../modules/backend';
import { parseConfig } from '../../modules/config/load';

function backendOf(input: Parameters<typeof parseConfig>[0], stackName: string) {
  const stack = new TerraformStack(Testing.app(), stackName);
  applyBackend(stack, parseConfig(input), stackName);
  return JSON.parse(Testing.synth(stack)).terraform;
}

describe('backend: local by default', () => {
  it('keeps the state under state/ relative to the project, one file per stack', () => {
    // cdktf runs terraform in cdktf.out/stacks/<stack>, three levels below the project.
    expect(backendOf({}, 'master').backend).toEqual({
      local: { path: '../../../state/master.tfstate' },
    });
    expect(
      backendOf({ backend: { type: 'local', directory: 'tf-state' } }, 'service').backend,
    ).toEqual({
      local: { path: '../../../tf-state/service.tfstate' },
    });
  });
});

describe('backend: HCP Terraform / Terraform Cloud', () => {
  it('uses one workspace per stack in the configured organization', () => {
    const tf = backendOf(
      { backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'ir-' } },
      'master',
    );

    expect(tf.backend).toBeUndefined();
    expect(tf.cloud).toEqual({
      hostname: 'app.terraform.io',
      organization: 'acme',
      workspaces: { name: 'ir-master' },
    });
  });
});
