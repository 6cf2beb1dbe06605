/**
 * What synth announces about a valid configuration: a plain list that replaces defaults (what it
 * dropped and how to add instead), nothing for `{ add }` or an explicit `{ replace }`, and an empty
 * operatorPrincipalArns.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG_RULES } from '../../../lambdas/registry/config-response';
import { defaultFindingTypes } from '../../../lambdas/registry/responders';
import { ConfigError, loadConfigWithSource, parseConfig } from '../../../modules/config/load';

const ONE_TYPE = 'Backdoor:EC2/C&CActivity.B';
const OPERATOR = ['arn:aws:iam::111111111111:role/ops'];

/** Loads `settings` as an ir.config.json of a fresh project folder. */
function load(settings: object) {
  const dir = mkdtempSync(join(tmpdir(), 'notices-'));
  writeFileSync(join(dir, 'cdktf.json'), '{}');
  writeFileSync(join(dir, 'ir.config.json'), JSON.stringify(settings));
  return loadConfigWithSource({ cwd: dir, env: {} });
}

describe('synth notices: a plain list replaces the defaults', () => {
  it('keeps the list as written and says what it dropped and how to add instead', () => {
    // Act
    const { config, notices } = load({
      findingTypes: { 'isolate-ec2': [ONE_TYPE] },
      operatorPrincipalArns: OPERATOR,
    });

    // Assert
    const defaults = defaultFindingTypes()['isolate-ec2'];
    expect(config.findingTypes['isolate-ec2']).toEqual([ONE_TYPE]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(
      `findingTypes.isolate-ec2: this list replaces the ${defaults.length} defaults; ${defaults.length - 1} dropped (`,
    );
    expect(notices[0]).toContain('write { "add": [...] }');
    expect(notices[0]).toContain('write { "replace": [...] }');
  });

  it('announces a replacing list of Config rules by rule name', () => {
    const first = DEFAULT_CONFIG_RULES[0];
    const { notices } = load({ configRules: [first], operatorPrincipalArns: OPERATOR });
    expect(notices).toEqual([
      expect.stringContaining(
        `configRules: this list replaces the ${DEFAULT_CONFIG_RULES.length} defaults; ${DEFAULT_CONFIG_RULES.length - 1} dropped`,
      ),
    ]);
  });

  it('says nothing for { add }, for an explicit { replace }, or a list that keeps every default', () => {
    const defaults = defaultFindingTypes()['isolate-ec2'];
    for (const edit of [
      { add: ['Recon:EC2/PortProbeUnprotectedPort'] },
      { replace: [ONE_TYPE] },
      [...defaults, 'Recon:EC2/PortProbeUnprotectedPort'],
    ]) {
      const { notices } = load({
        findingTypes: { 'isolate-ec2': edit },
        operatorPrincipalArns: OPERATOR,
      });
      expect(notices).toEqual([]);
    }
  });

  it('notes an empty operatorPrincipalArns, the default', () => {
    const { notices } = load({});
    expect(notices).toEqual([expect.stringMatching(/^operatorPrincipalArns: empty/)]);
  });
});

describe('config: { replace } is the explicit form of a replacing list', () => {
  it('replaces the defaults', () => {
    const config = parseConfig({ findingTypes: { 'isolate-ec2': { replace: [ONE_TYPE] } } });
    expect(config.findingTypes['isolate-ec2']).toEqual([ONE_TYPE]);
  });

  it('refuses replace beside add or remove, naming the key', () => {
    expect(() =>
      parseConfig({
        findingTypes: { 'isolate-ec2': { replace: [ONE_TYPE], remove: ['Backdoor:EC2/Spambot'] } },
      }),
    ).toThrow(
      new ConfigError(
        'Invalid configuration:\n  findingTypes.isolate-ec2.replace: replaces the whole list, so "add" and "remove" beside it would be ignored: keep either "replace" or "add"/"remove"',
      ),
    );
  });
});
