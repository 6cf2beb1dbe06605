import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityhubActionTarget } from '@cdktf/provider-aws/lib/securityhub-action-target';
import { Testing } from 'cdktf';
// The matchers' types (test/setup.ts installs them at run time).
import type {} from 'cdktf/lib/testing/adapters/jest';
import { RESPONDER_NAMES } from '../../lambdas/registry/responders';
import {
  CUSTOM_ACTIONS,
  identifiersFor,
  SecurityHubActions,
} from '../../modules/securityhub-actions';

type Resource = Readonly<Record<string, unknown>>;
interface Synthesized {
  readonly resource: Readonly<Record<string, Readonly<Record<string, Resource>>>>;
}

/** The construct alone, with a home provider and one aliased provider per other region. */
function synth(regions: readonly string[], partition = 'aws') {
  let actions: SecurityHubActions | undefined;
  const json = Testing.synthScope((scope) => {
    const providers = new Map(
      regions.map((region, i) => [
        region,
        new AwsProvider(scope, `aws-${region}`, i === 0 ? { region } : { region, alias: region }),
      ]),
    );
    actions = new SecurityHubActions(scope, 'actions', {
      providers,
      partition,
      accountId: '111122223333',
    });
  });
  if (!actions) throw new Error('the construct was not created');
  return { json, parsed: JSON.parse(json) as Synthesized, actions };
}

const targetsOf = (parsed: Synthesized): Resource[] =>
  Object.values(parsed.resource.aws_securityhub_action_target ?? {});

describe('securityhub actions: targets', () => {
  const { json, parsed } = synth(['us-east-1', 'eu-west-1']);

  it('creates every custom action of the registry, plus Notify, in every region', () => {
    // Assert
    const placed = targetsOf(parsed).map((t) => `${t.provider} ${t.identifier}`);
    const expected = ['aws', 'aws.eu-west-1'].flatMap((p) =>
      CUSTOM_ACTIONS.map((a) => `${p} ${a.identifier}`),
    );
    expect(placed.sort()).toEqual(expected.sort());
    expect(CUSTOM_ACTIONS.map((a) => a.identifier)).toContain('NotifyTeam');
  });

  it('takes identifier, name and description from the registry', () => {
    // Assert
    for (const action of CUSTOM_ACTIONS) {
      expect(json).toHaveResourceWithProperties(SecurityhubActionTarget, {
        identifier: action.identifier,
        name: action.name,
        description: action.description,
      });
    }
  });

  it('gives each responder that declares a custom action its own target', () => {
    // Assert
    const routed = RESPONDER_NAMES.filter((n) => identifiersFor(n).length > 0);
    expect(routed.length).toBeGreaterThan(0);
    for (const name of routed) {
      expect(identifiersFor(name)).toHaveLength(1);
    }
    expect(identifiersFor('notify')).toEqual(['NotifyTeam']);
  });

  it('keeps every action within Security Hub limits, each identifier once', () => {
    // CreateActionTarget: Id ≤ 20 alphanumerics, Name ≤ 20, Description ≤ 256.
    // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateActionTarget.html
    const offenders = targetsOf(parsed).filter(
      (t) =>
        !/^[A-Za-z0-9]{1,20}$/.test(String(t.identifier)) ||
        String(t.name).length > 20 ||
        String(t.description).length > 256,
    );
    const ids = CUSTOM_ACTIONS.map((a) => a.identifier);

    expect(offenders).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('securityhub actions: ARNs', () => {
  it('lists, per identifier, the ARN of its target in every region, in region order', () => {
    // Act
    const { actions } = synth(['us-east-1', 'eu-west-1']);

    // Assert
    expect([...actions.arnsByIdentifier.keys()].sort()).toEqual(
      CUSTOM_ACTIONS.map((a) => a.identifier).sort(),
    );
    expect(actions.arnsByIdentifier.get('NotifyTeam')).toEqual([
      'arn:aws:securityhub:us-east-1:111122223333:action/custom/NotifyTeam',
      'arn:aws:securityhub:eu-west-1:111122223333:action/custom/NotifyTeam',
    ]);
  });

  it('returns the ARNs of the actions that go to one target', () => {
    // Arrange
    const { actions } = synth(['us-east-1', 'eu-west-1']);
    const [responder] = RESPONDER_NAMES.filter((n) => identifiersFor(n).length > 0);
    if (!responder) throw new Error('no responder declares a custom action');
    const [identifier] = identifiersFor(responder);

    // Act
    const arns = actions.arnsFor(responder);

    // Assert
    expect(arns).toEqual([
      `arn:aws:securityhub:us-east-1:111122223333:action/custom/${identifier}`,
      `arn:aws:securityhub:eu-west-1:111122223333:action/custom/${identifier}`,
    ]);
    expect(actions.arnsFor('notify')).not.toEqual(expect.arrayContaining(arns));
  });

  it('writes the ARNs in the given partition', () => {
    // Act
    const { actions } = synth(['cn-north-1'], 'aws-cn');

    // Assert
    expect(actions.arnsFor('notify')).toEqual([
      'arn:aws-cn:securityhub:cn-north-1:111122223333:action/custom/NotifyTeam',
    ]);
  });
});
