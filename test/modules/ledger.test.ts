import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Testing } from 'cdktf';
// The matchers' types (test/setup.ts installs them at run time).
import type {} from 'cdktf/lib/testing/adapters/jest';
import { containingResponders } from '../../lambdas/shared/catalogue';
import { LEDGER_INDEXES } from '../../lambdas/shared/ledger-schema';
import { OUTCOME_STATUSES } from '../../lambdas/shared/outcome';
import { dashboardChecks, Ledger, type LedgerProps } from '../../modules/ledger';
import { withinLimit } from '../../modules/shared/aws-limits';

type Resource = Readonly<Record<string, unknown>>;
interface Synthesized {
  readonly resource: Readonly<Record<string, Readonly<Record<string, Resource>>>>;
}
interface Widget {
  readonly x: number;
  readonly y: number;
  readonly properties: { title: string; region: string; metrics: unknown[][] };
}
interface MetricQuery {
  readonly id: string;
  readonly expression?: string;
  readonly return_data?: boolean;
  readonly metric?: {
    namespace: string;
    metric_name: string;
    dimensions: Record<string, string>;
    stat: string;
    period: number;
  };
}

const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:acme-ir-alerts';

const DEFAULT_PROPS: LedgerProps = {
  prefix: 'acme-ir',
  region: 'eu-west-1',
  kmsKeyArn: KEY_ARN,
  responders: ['isolate-ec2', 'block-principal'],
  pausable: ['isolate-ec2', 'block-principal'],
  alertsTopicArn: TOPIC_ARN,
};

function synth(overrides: Partial<LedgerProps> = {}) {
  const json = Testing.synthScope((scope) => {
    new Ledger(scope, 'ledger', { ...DEFAULT_PROPS, ...overrides });
  });
  return { json, parsed: JSON.parse(json) as Synthesized };
}

const only = (parsed: Synthesized, type: string): Resource => {
  const all = Object.values(parsed.resource[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0] as Resource;
};
const widgetsOf = (parsed: Synthesized): Widget[] =>
  (
    JSON.parse(String(only(parsed, 'aws_cloudwatch_dashboard').dashboard_body)) as {
      widgets: Widget[];
    }
  ).widgets;
const queriesOf = (parsed: Synthesized): MetricQuery[] =>
  only(parsed, 'aws_cloudwatch_metric_alarm').metric_query as MetricQuery[];

describe('ledger: table', () => {
  const { json, parsed } = synth();
  const table = only(parsed, 'aws_dynamodb_table');

  it('is on demand, with point-in-time recovery and deletion protection', () => {
    // Assert
    expect(json).toHaveResourceWithProperties(DynamodbTable, {
      name: 'acme-ir-ledger',
      billing_mode: 'PAY_PER_REQUEST',
      point_in_time_recovery: { enabled: true },
      deletion_protection_enabled: true,
    });
    expect(table.read_capacity).toBeUndefined();
    expect(table.write_capacity).toBeUndefined();
  });

  it('is encrypted with the given KMS key, not the AWS-owned one', () => {
    // Assert
    expect(table.server_side_encryption).toEqual({ enabled: true, kms_key_arn: KEY_ARN });
  });

  it('expires items by the TTL attribute the counters carry', () => {
    // Assert
    expect(table.ttl).toEqual({ attribute_name: 'expiresAt', enabled: true });
  });

  it('declares exactly the key attributes of the table and its indexes, as strings', () => {
    // DynamoDB rejects an attribute definition that no key or index uses, and a key without one.
    const indexes = table.global_secondary_index as {
      name: string;
      hash_key: string;
      range_key: string;
      projection_type: string;
    }[];
    const keys = new Set([
      String(table.hash_key),
      String(table.range_key),
      ...indexes.flatMap((i) => [i.hash_key, i.range_key]),
    ]);
    const attributes = table.attribute as { name: string; type: string }[];

    // Assert
    expect([table.hash_key, table.range_key]).toEqual(['pk', 'sk']);
    expect(attributes.map((a) => a.name).sort()).toEqual([...keys].sort());
    expect(attributes.every((a) => a.type === 'S')).toBe(true);
    expect(indexes).toEqual(
      LEDGER_INDEXES.map((i) => ({
        name: i.name,
        hash_key: i.hashKey,
        range_key: i.rangeKey,
        projection_type: 'ALL',
      })),
    );
  });
});

describe('ledger: dashboard', () => {
  const { json, parsed } = synth();
  const widgets = widgetsOf(parsed);
  const lines = (title: string) => widgets.find((w) => w.properties.title === title)?.properties;

  it('is named after the prefix and shows the given region', () => {
    // Assert
    expect(json).toHaveResourceWithProperties(CloudwatchDashboard, {
      dashboard_name: 'acme-ir-responses',
    });
    expect(widgets.map((w) => w.properties.region)).toEqual(Array(5).fill('eu-west-1'));
  });

  it('draws one outcome line per given responder and status', () => {
    // Assert
    const metrics = lines('Outcomes by status')?.metrics ?? [];
    expect(metrics.map((m) => `${m[3]} ${m[5]}`).sort()).toEqual(
      ['isolate-ec2', 'block-principal']
        .flatMap((r) => OUTCOME_STATUSES.map((s) => `${r} ${s}`))
        .sort(),
    );
    expect(metrics.every((m) => m[0] === 'SecurityIR' && m[1] === 'Responses')).toBe(true);
  });

  it('shows time to contain (median and maximum), pauses and ledger failures of every given responder', () => {
    // Assert
    const contain = lines('Time to contain (s): finding created -> containment ended')?.metrics;
    expect(contain?.map((m) => `${m[1]} ${m[3]} ${(m.at(-1) as { stat: string }).stat}`)).toEqual([
      'TimeToContainSeconds isolate-ec2 p50',
      'TimeToContainSeconds block-principal p50',
      'TimeToContainSeconds isolate-ec2 Maximum',
      'TimeToContainSeconds block-principal Maximum',
    ]);
    expect(
      lines('Automation paused (findings planned, not contained)')?.metrics.map((m) => m[3]),
    ).toEqual(['isolate-ec2', 'block-principal']);
    expect(lines('Ledger unavailable (undo manual)')?.metrics.map((m) => m[1])).toEqual([
      'LedgerUnavailable',
      'LedgerUnavailable',
    ]);
  });

  it('lays the widgets out without overlap', () => {
    // Assert
    const cells = widgets.map((w) => `${w.x},${w.y}`);
    expect(new Set(cells).size).toBe(widgets.length);
  });
});

describe('ledger: paused-automation alarm', () => {
  it('sums one paused query per given responder and alarms to the alerts topic on any pause', () => {
    // Act
    const { json, parsed } = synth();

    // Assert
    expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'acme-ir-automation-paused',
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
      evaluation_periods: 1,
      treat_missing_data: 'notBreaching',
      alarm_actions: [TOPIC_ARN],
    });
    expect(queriesOf(parsed)).toEqual([
      {
        id: 'm0',
        return_data: false,
        metric: {
          namespace: 'SecurityIR',
          metric_name: 'AutomationPaused',
          dimensions: { service: 'isolate-ec2' },
          period: 300,
          stat: 'Sum',
        },
      },
      {
        id: 'm1',
        return_data: false,
        metric: {
          namespace: 'SecurityIR',
          metric_name: 'AutomationPaused',
          dimensions: { service: 'block-principal' },
          period: 300,
          stat: 'Sum',
        },
      },
      {
        id: 'paused',
        expression: 'SUM([m0, m1])',
        label: 'findings planned because automation is paused',
        return_data: true,
      },
    ]);
  });

  it("sums the registry's containing responders only, within the 10-metric limit of metric math alarms", () => {
    // Arrange: PutMetricAlarm takes at most 10 MetricStat queries and exactly one with ReturnData;
    // apply (not plan) enforces it.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html
    const pausable = containingResponders();

    // Act
    const { parsed } = synth({ pausable });

    // Assert: escalate-finding changes nothing, so it is never paused and not summed.
    const queries = queriesOf(parsed);
    const metrics = queries.filter((q) => q.metric);
    expect(pausable).not.toContain('escalate-finding');
    expect(metrics.map((q) => q.metric?.dimensions.service)).toEqual(pausable);
    expect(metrics.length).toBeLessThanOrEqual(10);
    expect(queries.filter((q) => q.return_data)).toEqual([
      expect.objectContaining({ id: 'paused' }),
    ]);
  });

  it('splits 11 responders over two alarms, each within the AWS limit of 10 metrics', () => {
    // Arrange
    const pausable = Array.from({ length: 11 }, (_, i) => `responder-${i}`);

    // Act
    const { parsed } = synth({ pausable });

    // Assert
    const alarms = (Object.values(parsed.resource.aws_cloudwatch_metric_alarm ?? {}) as Resource[])
      .slice()
      .sort((a, b) => String(a.alarm_name).localeCompare(String(b.alarm_name)));
    const services = (a: Resource) =>
      (a.metric_query as MetricQuery[]).flatMap((q) => q.metric?.dimensions.service ?? []);
    expect(alarms.map((a) => [a.alarm_name, services(a).length])).toEqual([
      ['acme-ir-automation-paused', 10],
      ['acme-ir-automation-paused-2', 1],
    ]);
    expect(alarms.flatMap(services)).toEqual(pausable);
    expect(alarms.map((a) => (a.metric_query as MetricQuery[]).at(-1)?.expression)).toEqual([
      'SUM([m0, m1, m2, m3, m4, m5, m6, m7, m8, m9])',
      'SUM([m0])',
    ]);
  });
});

describe('ledger: approvals and tickets on the dashboard', () => {
  const APPROVALS = 'Approvals: plans awaiting, and decisions (approved, denied, expired)';
  const TICKETS = 'Tickets opened and failed (Security Hub connector)';
  const linesOf = (parsed: Synthesized, title: string) =>
    widgetsOf(parsed).find((w) => w.properties.title === title)?.properties.metrics ?? [];
  const named = (m: unknown[]) => `${m[1]} ${m[3]}${m.length > 5 ? ` ${m[5]}` : ''}`;

  it('counts plans awaiting approval (responders) and each decision (the operator CLI)', () => {
    // Act
    const { parsed } = synth();

    // Assert
    expect(linesOf(parsed, APPROVALS).map((m) => named(m))).toEqual([
      'Responses isolate-ec2 awaiting-approval',
      'Responses block-principal awaiting-approval',
      'ApprovalDecisions isolate-ec2 approved',
      'ApprovalDecisions block-principal approved',
      'ApprovalDecisions isolate-ec2 denied',
      'ApprovalDecisions block-principal denied',
      'ApprovalDecisions isolate-ec2 expired',
      'ApprovalDecisions block-principal expired',
    ]);
    expect(linesOf(parsed, APPROVALS).map((m) => m[4])).toEqual([
      'Status',
      'Status',
      ...Array(6).fill('Decision'),
    ]);
  });

  it('has no ticket widget and no tickets alarm without tickets', () => {
    // Act
    const { parsed } = synth();

    // Assert
    expect(linesOf(parsed, TICKETS)).toEqual([]);
    expect(Object.values(parsed.resource.aws_cloudwatch_metric_alarm ?? {})).toHaveLength(1);
  });

  it('counts tickets opened and failed, and alarms on any failed ticket, with tickets', () => {
    // Act
    const { json, parsed } = synth({ tickets: true });

    // Assert
    expect(linesOf(parsed, TICKETS).map((m) => named(m))).toEqual([
      'TicketsOpened isolate-ec2',
      'TicketsOpened block-principal',
      'TicketsFailed isolate-ec2',
      'TicketsFailed block-principal',
    ]);
    expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'acme-ir-tickets-failed',
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
      treat_missing_data: 'notBreaching',
      alarm_actions: [TOPIC_ARN],
      metric_query: expect.arrayContaining([
        expect.objectContaining({ id: 'failed', expression: 'SUM([m0, m1])', return_data: true }),
        expect.objectContaining({
          id: 'm1',
          metric: expect.objectContaining({
            metric_name: 'TicketsFailed',
            dimensions: { service: 'block-principal' },
          }),
        }),
      ]),
    });
    const cells = widgetsOf(parsed).map((w) => `${w.x},${w.y}`);
    expect(new Set(cells).size).toBe(cells.length);
  });

  it('fails at synth, naming the CloudWatch quota and its source, when a widget passes 500 metrics', () => {
    // Arrange: 72 responders draw 72 × 7 = 504 outcome lines in one widget.
    const responders = Array.from({ length: 72 }, (_, i) => `responder-${i}`);

    // Act
    const act = () => synth({ responders });

    // Assert
    expect(act).toThrow(
      /dashboard widget "Outcomes by status" would be 504 metrics, over the AWS limit of 500 .*cloudwatch_limits\.html/,
    );
  });

  it('checks the whole dashboard against the 2,500-metric quota', () => {
    // Arrange: widgets of 400 metrics each stay under the widget quota, not the dashboard's.
    const widgets = Array.from({ length: 7 }, (_, i) => ({
      properties: { title: `w${i}`, metrics: Array(400).fill([]) },
    }));

    // Act
    const over = dashboardChecks(widgets).filter((c) => !withinLimit(c));

    // Assert
    expect(over.map((c) => [c.limit, c.size])).toEqual([['dashboardMetrics', 2800]]);
  });
});
