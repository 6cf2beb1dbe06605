import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { matchesPattern, type Pattern } from '../support/event-pattern';
import { resourcesOf, synthMaster } from './support';

const fixture = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', path), 'utf8'));

const { tf } = synthMaster();
const rules = Object.values(resourcesOf(tf, 'aws_cloudwatch_event_rule'));
/** A rule's pattern with the partition data source resolved, as Terraform would at apply. */
const parsePattern = (text: unknown): Pattern =>
  JSON.parse(String(text).replace(/\$\{data\.aws_partition\.partition\.partition\}/g, 'aws'));

const patternOf = (name: string): Pattern => {
  const rule = rules.find((r) => r.name === name);
  if (!rule) throw new Error(`no rule ${name}`);
  return parsePattern(rule.event_pattern);
};

/** Names of the rules that match an event. */
function rulesMatching(event: unknown): string[] {
  return rules
    .filter((r) => matchesPattern(parsePattern(r.event_pattern), event))
    .map((r) => String(r.name));
}

/** A Config event for `ruleName` with a compliance type. */
function configEvent(ruleName: string, complianceType = 'NON_COMPLIANT') {
  const event = structuredClone(fixture('config/sg-restricted-ssh.json')) as {
    detail: { configRuleName: string; newEvaluationResult: { complianceType: string } };
  };
  event.detail.configRuleName = ruleName;
  event.detail.newEvaluationResult.complianceType = complianceType;
  return event;
}

/** A custom-action event of an action target. */
function customAction(arn: string) {
  const event = structuredClone(fixture('securityhub/ec2-isolate-action.json')) as {
    resources: string[];
  };
  event.resources = [arn];
  return event;
}

describe('master rules: GuardDuty findings', () => {
  // escalate-finding sees every GuardDuty finding and leaves the contained ones, quietly.
  it('sends an EC2 backdoor finding to isolate-ec2, and to the catch-all', () => {
    expect(rulesMatching(fixture('guardduty/ec2-backdoor.json'))).toEqual([
      'security-ir-escalate-finding-guardduty',
      'security-ir-isolate-ec2-guardduty',
    ]);
  });

  it('sends a runtime finding on an instance to isolate-ec2, one on an ECS task to isolate-ecs-task', () => {
    expect(rulesMatching(fixture('guardduty/runtime-ec2-reverse-shell.json'))).toEqual([
      'security-ir-escalate-finding-guardduty',
      'security-ir-isolate-ec2-guardduty',
    ]);
    expect(rulesMatching(fixture('guardduty/ecs-fargate-runtime.json'))).toEqual([
      'security-ir-escalate-finding-guardduty',
      'security-ir-isolate-ecs-task-guardduty',
    ]);
    // Execution:Runtime/ReverseShell is also in findingTypes.isolate-ec2, whose rule matches the
    // type on any resource; isolate-ec2 ignores an ECSCluster resource.
    expect(rulesMatching(fixture('guardduty/ecs-ec2-runtime.json'))).toEqual([
      'security-ir-escalate-finding-guardduty',
      'security-ir-isolate-ec2-guardduty',
      'security-ir-isolate-ecs-task-guardduty',
    ]);
  });

  it('sends IAM user, role and root findings to block-principal only', () => {
    for (const f of [
      'guardduty/iam-user-malicious-ip.json',
      'guardduty/iam-role-credential-exfiltration.json',
      'guardduty/iam-root-credential-usage.json',
    ]) {
      expect(rulesMatching(fixture(f))).toEqual([
        'security-ir-block-principal-guardduty',
        'security-ir-escalate-finding-guardduty',
      ]);
    }
  });

  it('sends a finding type nobody contains to the catch-all only', () => {
    const event = structuredClone(fixture('guardduty/ec2-backdoor.json')) as {
      detail: { type: string };
    };
    event.detail.type = 'Recon:EC2/PortProbeUnprotectedPort';

    expect(rulesMatching(event)).toEqual(['security-ir-escalate-finding-guardduty']);
  });

  it('does not match another source with the same detail type', () => {
    const event = structuredClone(fixture('guardduty/ec2-backdoor.json')) as { source: string };
    event.source = 'custom.guardduty';

    expect(rulesMatching(event)).toEqual([]);
  });
});

describe('master rules: Config compliance changes', () => {
  it.each([
    ['restricted-ssh', 'security-ir-confine-security-group-config'],
    ['securityhub-restricted-ssh-1a2b3c4d', 'security-ir-confine-security-group-config'],
    ['restricted-ssh-conformance-pack-x7y8z9w0', 'security-ir-confine-security-group-config'],
    ['vpc-sg-open-only-to-authorized-ports', 'security-ir-confine-security-group-config'],
    ['s3-bucket-server-side-encryption-enabled', 'security-ir-start-ssm-automation-config'],
    [
      'securityhub-s3-bucket-public-read-prohibited-0f9e8d7c',
      'security-ir-start-ssm-automation-config',
    ],
    ['encrypted-volumes', 'security-ir-start-ssm-automation-config'],
  ])('sends a non-compliant %s to its responder', (ruleName, expected) => {
    expect(rulesMatching(configEvent(ruleName))).toEqual([expected]);
  });

  it('ignores compliant evaluations and rules that are not configured', () => {
    expect(rulesMatching(configEvent('restricted-ssh', 'COMPLIANT'))).toEqual([]);
    expect(rulesMatching(configEvent('restricted-ssh', 'NOT_APPLICABLE'))).toEqual([]);
    expect(rulesMatching(configEvent('iam-password-policy'))).toEqual([]);
    expect(rulesMatching(configEvent('my-restricted-ssh'))).toEqual([]);
  });

  it('matches the real fixture of a notify-only rule', () => {
    expect(rulesMatching(fixture('config/encrypted-volumes.json'))).toEqual([
      'security-ir-start-ssm-automation-config',
    ]);
  });
});

describe('master rules: Security Hub custom actions', () => {
  const action = (id: string, region = 'us-east-1') =>
    `arn:aws:securityhub:${region}:111111111111:action/custom/${id}`;

  it.each([
    ['IsolateEC2', 'security-ir-isolate-ec2-securityhub'],
    ['BlockPrincipal', 'security-ir-block-principal-securityhub'],
    ['ConfineSG', 'security-ir-confine-security-group-securityhub'],
    ['RemediateS3', 'security-ir-start-ssm-automation-securityhub'],
    ['NotifyTeam', 'security-ir-securityhub-notify'],
  ])('sends action %s to %s only', (id, expected) => {
    expect(rulesMatching(customAction(action(id)))).toEqual([expected]);
  });

  it('does not match an action of another account', () => {
    const other = customAction(
      'arn:aws:securityhub:us-east-1:999999999999:action/custom/IsolateEC2',
    );
    expect(matchesPattern(patternOf('security-ir-isolate-ec2-securityhub'), other)).toBe(false);
  });
});

describe('master rules: the new Security Hub (OCSF, Findings Imported V2)', () => {
  type Finding = Record<string, unknown>;
  const ocsf = (path: string, change: (f: Finding) => void = () => {}) => {
    const event = structuredClone(fixture(`ocsf/${path}`)) as { detail: { findings: Finding[] } };
    change(event.detail.findings[0] as Finding);
    return event;
  };
  const control = (id: string) =>
    ocsf('cspm-cis-config-1.json', (f) => {
      (f.compliance as Finding).control = id;
    });

  it('sends the EC2 runtime sample to isolate-ec2 and the catch-all, by their OCSF rules only', () => {
    expect(rulesMatching(ocsf('guardduty-ec2-runtime.json'))).toEqual([
      'security-ir-escalate-finding-ocsf-guardduty',
      'security-ir-isolate-ec2-ocsf-guardduty',
    ]);
  });

  it('matches no rule for a suppressed, resolved or archived finding', () => {
    for (const status of [3, 4, 5]) {
      const event = ocsf('guardduty-ec2-runtime.json', (f) => {
        f.status_id = status;
      });
      expect(rulesMatching(event)).toEqual([]);
    }
    expect(rulesMatching(ocsf('guardduty-iam-suppressed.json'))).toEqual([]);
  });

  it.each([
    ['EC2.19', 'security-ir-confine-security-group-ocsf-controls'],
    ['EC2.13', 'security-ir-confine-security-group-ocsf-controls'],
    ['S3.2', 'security-ir-start-ssm-automation-ocsf-controls'],
    ['EC2.3', 'security-ir-start-ssm-automation-ocsf-controls'],
  ])('sends a failed control %s to the responder of its Config rule', (id, expected) => {
    expect(rulesMatching(control(id))).toEqual([expected]);
  });

  it('ignores a control the product has no rule for (the CIS sample, Config.1) and passed checks', () => {
    expect(rulesMatching(control('Config.1'))).toEqual([]);
    const passed = ocsf('cspm-cis-config-1.json', (f) => {
      f.compliance = { ...(f.compliance as Finding), control: 'EC2.19', status_id: 1 };
    });
    expect(rulesMatching(passed)).toEqual([]);
  });

  it('creates no OCSF rule when securityHub.ocsfFindings is false', () => {
    const off = synthMaster({ securityHub: { ocsfFindings: false } });
    const names = Object.values(resourcesOf(off.tf, 'aws_cloudwatch_event_rule')).map((r) =>
      String(r.name),
    );
    expect(names.filter((n) => n.includes('-ocsf-'))).toEqual([]);
    expect(names.filter((n) => n.includes('-ocsf-') === false).length).toBe(
      rules.filter((r) => !String(r.name).includes('-ocsf-')).length,
    );
  });
});
