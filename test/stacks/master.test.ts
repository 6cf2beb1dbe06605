import { Testing } from 'cdktf';
import { declarationOf, RESPONDER_NAMES } from '../../lambdas/registry/responders';
import { memberActionsOf } from '../../lambdas/shared/catalogue';
import { CUSTOM_ACTIONS } from '../../modules/shared/custom-actions';
import { resourcesOf, synthMaster } from './support';

const base = synthMaster();

describe('master stack: responders', () => {
  const functions = Object.values(resourcesOf(base.tf, 'aws_lambda_function'));

  it('deploys the four responders on nodejs22.x arm64 from bundled assets', () => {
    expect(functions.map((f) => f.function_name).sort()).toEqual(
      RESPONDER_NAMES.map((n) => `security-ir-${n}`).sort(),
    );
    for (const f of functions) {
      expect(f).toMatchObject({
        runtime: 'nodejs22.x',
        architectures: ['arm64'],
        handler: `${String(f.function_name).replace('security-ir-', '')}/index.handler`,
      });
      expect(String(f.filename)).toMatch(/^assets\/.+\.zip$/);
      expect(f.source_code_hash).toBeTruthy();
    }
  });

  it('gives every responder its environment from the configuration', () => {
    for (const f of functions) {
      const vars = (f.environment as { variables: Record<string, string> }).variables;
      expect(vars).toMatchObject({
        SECURITY_TAG_KEY: 'SecurityException',
        MEMBER_ROLE_NAME: 'Security-IR-Role',
        DRY_RUN: 'false',
        ALLOWED_CIDR_V4: '10.0.0.0/8',
      });
      expect(vars.ALERTS_TOPIC_ARN).toMatch(/aws_sns_topic\.alerts_topic_/);
    }
  });

  it('sends failed asynchronous invocations to an encrypted dead-letter queue and alarms on them', () => {
    const invokeConfigs = Object.values(
      resourcesOf(base.tf, 'aws_lambda_function_event_invoke_config'),
    );
    const queues = Object.values(resourcesOf(base.tf, 'aws_sqs_queue'));
    const alarms = Object.values(resourcesOf(base.tf, 'aws_cloudwatch_metric_alarm'));

    expect(invokeConfigs).toHaveLength(RESPONDER_NAMES.length);
    for (const c of invokeConfigs) {
      expect(c).toMatchObject({
        maximum_retry_attempts: 2,
        destination_config: {
          on_failure: { destination: expect.stringMatching(/aws_sqs_queue\./) },
        },
      });
    }
    expect(queues).toHaveLength(RESPONDER_NAMES.length);
    for (const q of queues) expect(q.sqs_managed_sse_enabled).toBe(true);
    expect(alarms.filter((a) => a.metric_name === 'Errors')).toHaveLength(RESPONDER_NAMES.length);
    expect(
      alarms.filter((a) => a.metric_name === 'ApproximateNumberOfMessagesVisible'),
    ).toHaveLength(RESPONDER_NAMES.length);
    for (const a of alarms)
      expect(String((a.alarm_actions as string[])[0])).toMatch(/aws_sns_topic\.alerts_topic/);
  });

  it('creates each invoke config and function only after the role policy that lets them work', () => {
    // Lambda checks the on-failure destination against the role's policy on creation.
    const byId = resourcesOf(base.tf, 'aws_lambda_function_event_invoke_config');
    const functions = Object.values(resourcesOf(base.tf, 'aws_lambda_function'));

    for (const [id, c] of Object.entries(byId)) {
      const responder = id.replace(/_async_.*$/, '');
      expect(c.depends_on).toEqual([
        expect.stringMatching(new RegExp(`^aws_iam_role_policy\\.${responder}_policy_`)),
      ]);
    }
    for (const f of functions) {
      expect(f.depends_on).toEqual(
        expect.arrayContaining([expect.stringMatching(/^aws_iam_role_policy\./)]),
      );
    }
  });

  it('gives each responder its own role that may assume only the member role inside the organization', () => {
    const roles = Object.values(resourcesOf(base.tf, 'aws_iam_role')).filter((r) =>
      String(r.assume_role_policy).includes('lambda.amazonaws.com'),
    );
    const policies = Object.values(resourcesOf(base.tf, 'aws_iam_role_policy')).filter(
      (p) => p.name === 'responder',
    );

    expect(roles.map((r) => r.name).sort()).toEqual(
      RESPONDER_NAMES.map((n) => `security-ir-${n}`).sort(),
    );
    expect(policies).toHaveLength(RESPONDER_NAMES.length);
    for (const p of policies) {
      const doc = JSON.parse(String(p.policy));
      const assume = doc.Statement.find((s: { Action: string }) => s.Action === 'sts:AssumeRole');
      expect(assume).toEqual({
        Sid: 'stsAssumeRole',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: expect.stringMatching(/:iam::\*:role\/Security-IR-Role$/),
        Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-abcdefghij' } },
      });
      expect(JSON.stringify(doc)).not.toMatch(/"Action":"\*"|"[a-z0-9]+:\*"/);
      expect(
        doc.Statement.some((s: { Action: string }) => s.Action === 'organizations:ListParents'),
      ).toBe(false);
    }
  });

  it('grants organizations:ListParents only when response modes per OU are configured', () => {
    const { tf } = synthMaster({
      responseModes: { organizationalUnits: { 'ou-ab12-cdefgh34': 'dry-run' } },
    });
    const policy = Object.values(resourcesOf(tf, 'aws_iam_role_policy')).find(
      (p) => p.name === 'responder',
    );

    expect(String(policy?.policy)).toContain('organizations:ListParents');
  });
});

describe('master stack: alerts topic', () => {
  it('lets alarms (by account) and EventBridge (no condition, its KMS calls carry none) use the key', () => {
    const key = Object.values(resourcesOf(base.tf, 'aws_kms_key'))[0];
    const statements = JSON.parse(String(key?.policy)).Statement as {
      Sid: string;
      Principal: { Service?: string };
      Condition?: unknown;
    }[];
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));

    expect(bySid.AlarmsPublishToTopic?.Principal.Service).toBe('cloudwatch.amazonaws.com');
    expect(bySid.AlarmsPublishToTopic?.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '111111111111' },
    });
    expect(bySid.EventRulesPublishToTopic?.Principal.Service).toBe('events.amazonaws.com');
    expect(bySid.EventRulesPublishToTopic?.Condition).toBeUndefined();
  });

  it('is KMS-encrypted with a rotating key', () => {
    expect(base.json).toHaveResourceWithProperties({ tfResourceType: 'aws_sns_topic' } as never, {
      name: 'security-ir-alerts',
      kms_master_key_id: expect.stringMatching(/aws_kms_key\./),
    });
    expect(Object.values(resourcesOf(base.tf, 'aws_kms_key'))[0]).toMatchObject({
      enable_key_rotation: true,
    });
  });

  it('admits no Principal * and service principals only with a condition', () => {
    const policy = JSON.parse(
      String(Object.values(resourcesOf(base.tf, 'aws_sns_topic_policy'))[0]?.policy),
    );
    for (const s of policy.Statement) {
      expect(s.Principal).not.toBe('*');
      expect(s.Principal.AWS).not.toBe('*');
      if (s.Principal.Service) expect(s.Condition).toBeDefined();
    }
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      'OwnerManages',
      'AlarmsPublish',
      'NotifyRulesPublish',
    ]);
  });

  it('subscribes the configured e-mail addresses', () => {
    const { tf } = synthMaster({ alerts: { emails: ['soc@example.com', 'ir@example.com'] } });

    expect(
      Object.values(resourcesOf(tf, 'aws_sns_topic_subscription')).map((s) => [
        s.protocol,
        s.endpoint,
      ]),
    ).toEqual([
      ['email', 'soc@example.com'],
      ['email', 'ir@example.com'],
    ]);
  });
});

describe('master stack: rules and custom actions', () => {
  const rules = Object.values(resourcesOf(base.tf, 'aws_cloudwatch_event_rule'));
  const sources = rules.flatMap((r) => JSON.parse(String(r.event_pattern)).source as string[]);

  it('has rules for aws.guardduty, aws.config and aws.securityhub', () => {
    expect(new Set(sources)).toEqual(new Set(['aws.guardduty', 'aws.config', 'aws.securityhub']));
  });

  it('passes raw events to every target (no input transformer)', () => {
    for (const t of Object.values(resourcesOf(base.tf, 'aws_cloudwatch_event_target'))) {
      expect(t.input_transformer).toBeUndefined();
      expect(t.input).toBeUndefined();
      expect(t.input_path).toBeUndefined();
    }
  });

  it('creates each responder’s Security Hub custom action from the registry, and Notify', () => {
    const targets = Object.values(resourcesOf(base.tf, 'aws_securityhub_action_target'));

    const declared = RESPONDER_NAMES.flatMap(
      (n) => declarationOf(n).customAction?.identifier ?? [],
    );

    expect(declared.length).toBeGreaterThan(5);
    expect(targets.map((t) => t.identifier).sort()).toEqual([...declared, 'NotifyTeam'].sort());
    for (const t of targets) {
      expect(String(t.identifier).length).toBeLessThanOrEqual(20);
      expect(String(t.name).length).toBeLessThanOrEqual(20);
    }
  });

  it('lets every responder rule invoke only its own function', () => {
    const permissions = Object.values(resourcesOf(base.tf, 'aws_lambda_permission'));

    expect(permissions.length).toBe(rules.length - 1);
    for (const p of permissions) {
      expect(p).toMatchObject({
        principal: 'events.amazonaws.com',
        action: 'lambda:InvokeFunction',
      });
      expect(String(p.source_arn)).toMatch(/aws_cloudwatch_event_rule\./);
    }
  });

  it('admits accounts of the organization to the home bus and nobody else', () => {
    const permissions = Object.values(resourcesOf(base.tf, 'aws_cloudwatch_event_permission'));

    expect(permissions).toEqual([
      expect.objectContaining({
        event_bus_name: 'default',
        statement_id: 'security-ir-organization-put-events',
        principal: '*',
        action: 'events:PutEvents',
        condition: { key: 'aws:PrincipalOrgID', type: 'StringEquals', value: 'o-abcdefghij' },
      }),
    ]);
  });

  it('adds one statement to the default bus policy and never replaces the whole policy', () => {
    expect(resourcesOf(base.tf, 'aws_cloudwatch_event_bus_policy')).toEqual({});
  });
});

describe('master stack: other enrolled regions', () => {
  const { tf } = synthMaster({ regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] });

  it('creates custom actions and forwarding rules in every other region, raw, through a role', () => {
    const providers = tf as unknown as { provider: { aws: { alias?: string; region: string }[] } };
    const forwarders = Object.values(resourcesOf(tf, 'aws_cloudwatch_event_target')).filter((t) =>
      String(t.arn).endsWith(':event-bus/default'),
    );

    expect(providers.provider.aws.map((p) => p.region).sort()).toEqual([
      'ap-southeast-2',
      'eu-west-1',
      'us-east-1',
    ]);
    expect(Object.values(resourcesOf(tf, 'aws_securityhub_action_target'))).toHaveLength(
      3 * CUSTOM_ACTIONS.length,
    );
    // Per region: every GuardDuty finding once (the GuardDuty catch-all sees them all), Config,
    // Security Hub.
    expect(forwarders).toHaveLength(2 * 3);
    for (const f of forwarders) {
      expect(f.depends_on).toEqual([
        expect.stringMatching(/^aws_iam_role_policy\.routing_forwarder-policy_/),
      ]);
      expect(f.arn).toMatch(
        /^arn:\$\{data\.aws_partition\.partition\.partition\}:events:us-east-1:111111111111:event-bus\/default$/,
      );
      expect(String(f.role_arn)).toMatch(/aws_iam_role\.routing_forwarder/);
      expect(String(f.provider)).toMatch(/aws\.(eu-west-1|ap-southeast-2)/);
    }
  });
});

describe('master stack: organization enrollment', () => {
  it('has a global and a regional SERVICE_MANAGED stack set with auto-deployment and instances', () => {
    const sets = Object.values(resourcesOf(base.tf, 'aws_cloudformation_stack_set'));
    const instances = Object.values(resourcesOf(base.tf, 'aws_cloudformation_stack_set_instance'));

    expect(sets.map((s) => s.name)).toEqual([
      'security-ir-member-global',
      'security-ir-member-regional',
    ]);
    for (const s of sets) {
      expect(s).toMatchObject({
        permission_model: 'SERVICE_MANAGED',
        auto_deployment: { enabled: true },
        call_as: 'DELEGATED_ADMIN',
        capabilities: ['CAPABILITY_NAMED_IAM'],
        managed_execution: { active: true },
      });
    }
    expect(instances.length).toBeGreaterThanOrEqual(2);
    for (const i of instances) {
      expect(i).toMatchObject({
        deployment_targets: { organizational_unit_ids: ['r-ab12'] },
        call_as: 'DELEGATED_ADMIN',
      });
    }
  });

  it('passes the configuration to the enrollment: prefix, OUs, regions, call_as and timeouts', () => {
    // Arrange / Act
    const ous = ['ou-ab12-11111111', 'ou-ab12-22222222'];
    const { tf } = synthMaster({
      prefix: 'acme-ir',
      callAs: 'SELF',
      homeRegion: 'us-east-1',
      regions: ['us-east-1', 'eu-west-1'],
      organization: { targetOuIds: ous, accountCount: 5000 },
    });
    const sets = Object.values(resourcesOf(tf, 'aws_cloudformation_stack_set'));
    const instances = Object.values(resourcesOf(tf, 'aws_cloudformation_stack_set_instance'));
    // Assert: per OU one global instance (home region) and one per region of the regional set.
    expect(sets.map((s) => s.name)).toEqual(['acme-ir-member-global', 'acme-ir-member-regional']);
    expect(sets.every((s) => s.call_as === 'SELF')).toBe(true);
    expect(
      instances
        .map(
          (i) =>
            `${(i.deployment_targets as { organizational_unit_ids: string[] }).organizational_unit_ids} ${i.region}`,
        )
        .sort(),
    ).toEqual([
      `${ous[0]} eu-west-1`,
      `${ous[0]} us-east-1`,
      `${ous[0]} us-east-1`,
      `${ous[1]} eu-west-1`,
      `${ous[1]} us-east-1`,
      `${ous[1]} us-east-1`,
    ]);
    // 30 min + 5,000 accounts × 2 regions / 100.
    for (const i of instances) expect(i.timeouts).toMatchObject({ create: '130m' });
  });

  it('pushes a member role with the configured name that admits only the responders roles', () => {
    const global = Object.values(resourcesOf(base.tf, 'aws_cloudformation_stack_set')).find(
      (s) => s.name === 'security-ir-member-global',
    );
    const template = JSON.parse(String(global?.template_body));
    const role = Object.values(
      template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>,
    ).find((r) => r.Properties.RoleName === 'Security-IR-Role');
    const trust = JSON.stringify(role?.Properties.AssumeRolePolicyDocument);

    expect(role?.Type).toBe('AWS::IAM::Role');
    // A responder with no member-account action (the GuardDuty catch-all) is not trusted.
    for (const name of RESPONDER_NAMES) {
      const expected = `:role/security-ir-${name}"`;
      if (memberActionsOf(name).length > 0) expect(trust).toContain(expected);
      else expect(trust).not.toContain(expected);
    }
    expect(trust).toContain('aws:PrincipalArn');
  });
});

describe('master stack: one config change reaches every place', () => {
  it('carries a renamed exception tag key to the Lambdas and the member policy', () => {
    const { json, tf } = synthMaster({
      exceptionTagKey: 'ApprovedDeviation',
      tagGuard: { enabled: true, adminPrincipalArns: ['arn:aws:iam::*:role/ExceptionAdmin'] },
    });
    const functions = Object.values(resourcesOf(tf, 'aws_lambda_function'));

    for (const f of functions) {
      expect(
        (f.environment as { variables: Record<string, string> }).variables.SECURITY_TAG_KEY,
      ).toBe('ApprovedDeviation');
    }
    expect(json).toContain('aws:ResourceTag/ApprovedDeviation');
    expect(json).not.toContain('SecurityException');
  });

  it('leaves the tag guard SCP out even when it is enabled: it has its own stack', () => {
    const { tf } = synthMaster({
      tagGuard: { enabled: true, adminPrincipalArns: ['arn:aws:iam::*:role/ExceptionAdmin'] },
    });

    expect(resourcesOf(tf, 'aws_organizations_policy')).toEqual({});
    expect(resourcesOf(tf, 'aws_organizations_policy_attachment')).toEqual({});
  });

  it('routes changed finding types to the responder rule', () => {
    const { tf } = synthMaster({ findingTypes: { 'isolate-ec2': ['Backdoor:EC2/Spambot'] } });
    const rule = Object.values(resourcesOf(tf, 'aws_cloudwatch_event_rule')).find(
      (r) => r.name === 'security-ir-isolate-ec2-guardduty',
    );

    // The listed types, or a runtime / malware finding on an instance (guardduty-routes.ts).
    const { $or } = JSON.parse(String(rule?.event_pattern)).detail;
    expect($or[0]).toEqual({ type: ['Backdoor:EC2/Spambot'] });
    expect($or[1]).toEqual({
      type: [{ wildcard: '*:Runtime/*' }, { wildcard: 'Execution:EC2/MaliciousFile' }],
      resource: { resourceType: ['Instance'] },
    });
  });
});

describe('master stack: Terraform', () => {
  it('is valid Terraform', () => {
    expect(Testing.fullSynth(base.stack)).toBeValidTerraform();
  });

  it('plans offline with fake credentials and no data source that calls AWS', () => {
    const offline = synthMaster({ regions: ['us-east-1', 'eu-west-1'] }, true);

    expect(offline.tf.data?.aws_caller_identity).toBeUndefined();
    expect(offline.tf.data?.aws_organizations_organization).toBeUndefined();
    expect(Testing.fullSynth(offline.stack)).toPlanSuccessfully();
  });
});
