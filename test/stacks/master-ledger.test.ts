import { RESPONDER_NAMES } from '../../lambdas/registry/responders';
import { containingResponders } from '../../lambdas/shared/catalogue';
import { LEDGER_INDEXES } from '../../lambdas/shared/ledger-schema';
import { resourcesOf, synthMaster } from './support';

const base = synthMaster();

describe('master stack: the response ledger', () => {
  const tables = Object.values(resourcesOf(base.tf, 'aws_dynamodb_table'));

  it('creates one on-demand table with point-in-time recovery and deletion protection', () => {
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatchObject({
      name: 'security-ir-ledger',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'pk',
      range_key: 'sk',
      point_in_time_recovery: { enabled: true },
      deletion_protection_enabled: true,
      ttl: { attribute_name: 'expiresAt', enabled: true },
    });
  });

  it("encrypts it with the product's KMS key", () => {
    expect(tables[0]?.server_side_encryption).toEqual({
      enabled: true,
      kms_key_arn: expect.stringMatching(/aws_kms_key\.alerts_key_.+\.arn/),
    });
  });

  it('has the account and resource indexes the CLI reads', () => {
    const indexes = tables[0]?.global_secondary_index as { name: string; hash_key: string }[];
    expect(indexes.map((i) => [i.name, i.hash_key])).toEqual(
      LEDGER_INDEXES.map((i) => [i.name, i.hashKey]),
    );
  });

  it('gives every responder the table name and the limits', () => {
    for (const f of Object.values(resourcesOf(base.tf, 'aws_lambda_function'))) {
      const vars = (f.environment as { variables: Record<string, string> }).variables;
      expect(vars.LEDGER_TABLE_NAME).toMatch(/aws_dynamodb_table\.ledger_table_.+\.name/);
      expect([vars.BLAST_RADIUS_PER_ACCOUNT, vars.BLAST_RADIUS_PER_ORGANIZATION]).toEqual([
        '10',
        '50',
      ]);
    }
  });

  it('lets each responder only PutItem, UpdateItem and GetItem (a finding’s claim) on that table', () => {
    const policies = Object.values(resourcesOf(base.tf, 'aws_iam_role_policy')).filter(
      (p) => p.name === 'responder',
    );
    expect(policies).toHaveLength(RESPONDER_NAMES.length);
    for (const p of policies) {
      const doc = JSON.parse(String(p.policy)) as { Statement: { Action: unknown }[] };
      const dynamo = doc.Statement.filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
      expect(dynamo).toEqual(
        ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:GetItem'].map((Action) => ({
          Sid: Action.replace(':', ''),
          Effect: 'Allow',
          Action,
          Resource: expect.stringMatching(/aws_dynamodb_table\.ledger_table_.+\.arn/),
        })),
      );
    }
  });
});

describe('master stack: dashboard and paused-automation alarm', () => {
  it('shows outcomes, time to contain, paused automation and an unavailable ledger', () => {
    const [dashboard] = Object.values(resourcesOf(base.tf, 'aws_cloudwatch_dashboard'));
    const body = JSON.parse(String(dashboard?.dashboard_body)) as {
      widgets: { properties: { title: string; metrics: unknown[][] } }[];
    };
    expect(body.widgets.map((w) => w.properties.title)).toEqual([
      'Outcomes by status',
      'Time to contain (s): finding created -> containment ended',
      'Automation paused (findings planned, not contained)',
      'Ledger unavailable (undo manual)',
      'Approvals: plans awaiting, and decisions (approved, denied, expired)',
    ]);
    expect(body.widgets[0]?.properties.metrics[0]?.slice(0, 6)).toEqual([
      'SecurityIR',
      'Responses',
      'service',
      'isolate-ec2',
      'Status',
      'contained',
    ]);
  });

  it('alarms to the alerts topic when any responder that changes something paused', () => {
    const alarm = Object.values(resourcesOf(base.tf, 'aws_cloudwatch_metric_alarm')).find(
      (a) => a.alarm_name === 'security-ir-automation-paused',
    );
    const queries = alarm?.metric_query as { id: string; expression?: string; metric?: unknown }[];
    const pausable = containingResponders();
    const services = queries.flatMap((q) =>
      q.metric ? [(q.metric as { dimensions: { service: string } }).dimensions.service] : [],
    );
    // escalate-finding changes nothing, takes no blast-radius slot and is never paused.
    expect(services).toEqual(pausable);
    expect(services).not.toContain('escalate-finding');
    expect(pausable.length).toBe(RESPONDER_NAMES.length - 1);
    expect(queries.at(-1)?.expression).toBe(`SUM([${pausable.map((_, i) => `m${i}`).join(', ')}])`);
    expect(alarm).toMatchObject({ threshold: 0, comparison_operator: 'GreaterThanThreshold' });
    expect(String((alarm?.alarm_actions as string[] | undefined)?.[0])).toMatch(
      /aws_sns_topic\.alerts_topic/,
    );
  });

  it('reads the configured limits', () => {
    const { tf } = synthMaster({ blastRadius: { perAccountPerHour: 2 } });
    const [f] = Object.values(resourcesOf(tf, 'aws_lambda_function'));
    const vars = (f?.environment as { variables: Record<string, string> } | undefined)?.variables;
    expect([vars?.BLAST_RADIUS_PER_ACCOUNT, vars?.BLAST_RADIUS_PER_ORGANIZATION]).toEqual([
      '2',
      '50',
    ]);
  });
});

describe('master stack: tickets', () => {
  const CONNECTOR = '8f3c2a1b-4d5e-4f60-9a7b-0c1d2e3f4a5b';
  const { tf } = synthMaster({ tickets: { connectorId: CONNECTOR, on: ['failed'] } });

  it('gives every responder the connector, the home region and the statuses in one variable', () => {
    for (const f of Object.values(resourcesOf(tf, 'aws_lambda_function'))) {
      const vars = (f.environment as { variables: Record<string, string> }).variables;
      expect(JSON.parse(vars.TICKETS as string)).toEqual({
        connectorId: CONNECTOR,
        region: 'us-east-1',
        on: ['failed'],
      });
    }
    for (const f of Object.values(resourcesOf(base.tf, 'aws_lambda_function'))) {
      const vars = (f.environment as { variables: Record<string, string> }).variables;
      expect(vars.TICKETS).toBeUndefined();
    }
  });

  it('lets each responder open tickets through that connector only', () => {
    const policies = Object.values(resourcesOf(tf, 'aws_iam_role_policy')).filter(
      (p) => p.name === 'responder',
    );
    expect(policies).toHaveLength(RESPONDER_NAMES.length);
    for (const p of policies) {
      const doc = JSON.parse(String(p.policy)) as { Statement: { Action: unknown }[] };
      expect(doc.Statement.find((s) => s.Action === 'securityhub:CreateTicketV2')).toEqual({
        Sid: 'securityhubCreateTicketV2',
        Effect: 'Allow',
        Action: 'securityhub:CreateTicketV2',
        Resource: expect.stringMatching(
          new RegExp(`^arn:\\$\\{.+\\}:securityhub:us-east-1:.+:connectorv2/${CONNECTOR}$`),
        ),
      });
    }
  });

  it('adds the tickets widget and the tickets-failed alarm to the alerts topic', () => {
    const [dashboard] = Object.values(resourcesOf(tf, 'aws_cloudwatch_dashboard'));
    const body = JSON.parse(String(dashboard?.dashboard_body)) as {
      widgets: { properties: { title: string } }[];
    };
    expect(body.widgets.at(-1)?.properties.title).toBe(
      'Tickets opened and failed (Security Hub connector)',
    );
    const alarm = Object.values(resourcesOf(tf, 'aws_cloudwatch_metric_alarm')).find(
      (a) => a.alarm_name === 'security-ir-tickets-failed',
    );
    expect(alarm).toMatchObject({ threshold: 0, comparison_operator: 'GreaterThanThreshold' });
    const queries = alarm?.metric_query as { metric?: unknown }[];
    expect(queries.filter((q) => q.metric)).toHaveLength(RESPONDER_NAMES.length);
  });
});
