import { configRuleResponses } from '../../../lambdas/shared/defaults';
import { parseConfig } from '../../../modules/config/load';
import { regionalMemberTemplate } from '../../../modules/member-templates';

// The responder's Config rule is opt-in: added to `configRules`, it routes to the responder and
// deploys as the managed rule scoped to both snapshot types the rule evaluates.

const RULE = {
  name: 'rds-snapshots-public-prohibited',
  sourceIdentifier: 'RDS_SNAPSHOTS_PUBLIC_PROHIBITED',
  response: { responder: 'make-rds-snapshot-private' },
} as const;

describe('make-rds-snapshot-private: configuration', () => {
  it('is not answered by default', () => {
    const config = parseConfig({});

    expect(config.configRules.map((r) => r.name)).not.toContain(RULE.name);
  });

  it('routes the added rule to the responder and deploys it on DB and cluster snapshots', () => {
    // Arrange
    const config = parseConfig({ configRules: { add: [RULE] }, deployConfigRules: true });
    // Act
    const responses = configRuleResponses(config.configRules);
    const template = regionalMemberTemplate(config);
    // Assert
    expect(responses[RULE.name]).toEqual({ responder: 'make-rds-snapshot-private' });
    const deployed = Object.values(template.Resources).find(
      (r) => (r.Properties as { ConfigRuleName?: string }).ConfigRuleName === RULE.name,
    );
    expect(deployed?.Properties).toEqual({
      ConfigRuleName: RULE.name,
      Source: { Owner: 'AWS', SourceIdentifier: RULE.sourceIdentifier },
      Scope: { ComplianceResourceTypes: ['AWS::RDS::DBSnapshot', 'AWS::RDS::DBClusterSnapshot'] },
    });
  });
});
