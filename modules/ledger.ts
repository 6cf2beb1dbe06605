/**
 * The response ledger in the security account: a DynamoDB table (on-demand, point-in-time
 * recovery, encrypted with the product's KMS key, deletion protection, TTL for the hourly
 * counters), a CloudWatch dashboard of the responders' metrics, and an alarm on paused automation.
 * Keys, indexes and metric names come from `lambdas/shared/ledger-schema.ts`, which the
 * responders and the operator CLI read too.
 */

import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';
import {
  APPROVAL_DECISIONS,
  LEDGER_ATTRIBUTES,
  LEDGER_INDEXES,
  LEDGER_KEYS,
  METRIC_NAMES,
  METRICS_NAMESPACE,
} from '../lambdas/shared/ledger-schema';
import { OUTCOME_STATUSES } from '../lambdas/shared/outcome';
import { alertOnAnyDatapoint } from './shared/alarm';
import {
  AWS_LIMITS,
  type LimitCheck,
  overLimitMessage,
  sizeFor,
  withinLimit,
} from './shared/aws-limits';

/**
 * The dashboard's sizes against CloudWatch's dashboard quotas: the metrics of each widget and of
 * the whole dashboard, both growing with the registry's responders.
 */
export function dashboardChecks(
  widgets: readonly { properties: { title: string; metrics: unknown[] } }[],
): LimitCheck[] {
  return [
    ...widgets.map(
      (w): LimitCheck => ({
        limit: 'dashboardWidgetMetrics',
        key: 'the responder registry',
        subject: `the dashboard widget "${w.properties.title}"`,
        size: sizeFor('dashboardWidgetMetrics', w.properties.metrics),
      }),
    ),
    {
      limit: 'dashboardMetrics',
      key: 'the responder registry',
      subject: 'the responses dashboard',
      size: sizeFor(
        'dashboardMetrics',
        widgets.flatMap((w) => w.properties.metrics),
      ),
    },
  ];
}

/** Props of {@link Ledger}. */
export interface LedgerProps {
  readonly prefix: string;
  /** Region of the table and the dashboard (the home region). */
  readonly region: string;
  /** The product's KMS key (the alerts key). */
  readonly kmsKeyArn: string;
  /** Responders whose metrics the dashboard shows (the `service` dimension). */
  readonly responders: readonly string[];
  /**
   * The responders that take blast-radius slots before a change and so can be paused: the alarm
   * sums their `AutomationPaused`. At most `AWS_LIMITS.metricMathAlarmMetrics.max`.
   */
  readonly pausable: readonly string[];
  readonly alertsTopicArn: string;
  /**
   * Tickets are configured: the dashboard counts tickets opened and failed, and an alarm watches
   * the failed ones (summed over `responders`, at most `AWS_LIMITS.metricMathAlarmMetrics.max`).
   * @default false
   */
  readonly tickets?: boolean;
}

/** The ledger table, its dashboard and the paused-automation alarm. */
export class Ledger extends Construct {
  readonly tableName: string;
  readonly tableArn: string;
  readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: LedgerProps) {
    super(scope, id);
    const table = new DynamodbTable(this, 'table', {
      name: `${props.prefix}-ledger`,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: LEDGER_KEYS.partition,
      rangeKey: LEDGER_KEYS.sort,
      attribute: LEDGER_ATTRIBUTES.map((name) => ({ name, type: 'S' })),
      globalSecondaryIndex: LEDGER_INDEXES.map((i) => ({
        name: i.name,
        hashKey: i.hashKey,
        rangeKey: i.rangeKey,
        projectionType: 'ALL',
      })),
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      deletionProtectionEnabled: true,
      // Only the hourly counters and pause markers carry it; responses are kept.
      ttl: { attributeName: LEDGER_KEYS.ttl, enabled: true },
    });

    const metric = (name: string, extra: Record<string, string>, stat: string) =>
      props.responders.map((r) => [
        METRICS_NAMESPACE,
        name,
        'service',
        r,
        ...Object.entries(extra).flat(),
        {
          stat,
          label: `${r}${Object.values(extra).length ? ` ${Object.values(extra).join(' ')}` : ''}`,
        },
      ]);
    const widget = (title: string, metrics: unknown[], y: number, x: number) => ({
      type: 'metric',
      x,
      y,
      width: 12,
      height: 6,
      properties: { title, region: props.region, metrics, period: 300, view: 'timeSeries' },
    });
    const widgets = [
      widget(
        'Outcomes by status',
        OUTCOME_STATUSES.flatMap((s) => metric(METRIC_NAMES.responses, { Status: s }, 'Sum')),
        0,
        0,
      ),
      widget(
        'Time to contain (s): finding created -> containment ended',
        [
          ...metric(METRIC_NAMES.timeToContain, {}, 'p50'),
          ...metric(METRIC_NAMES.timeToContain, {}, 'Maximum'),
        ],
        0,
        12,
      ),
      widget(
        'Automation paused (findings planned, not contained)',
        metric(METRIC_NAMES.paused, {}, 'Sum'),
        6,
        0,
      ),
      widget(
        'Ledger unavailable (undo manual)',
        metric(METRIC_NAMES.ledgerUnavailable, {}, 'Sum'),
        6,
        12,
      ),
      // Plans are put to a person by the responders (Responses, Status awaiting-approval); the
      // decisions are taken with the operator CLI, which publishes ApprovalDecisions itself.
      widget(
        'Approvals: plans awaiting, and decisions (approved, denied, expired)',
        [
          ...metric(METRIC_NAMES.responses, { Status: 'awaiting-approval' }, 'Sum'),
          ...APPROVAL_DECISIONS.flatMap((d) =>
            metric(METRIC_NAMES.approvalDecisions, { Decision: d }, 'Sum'),
          ),
        ],
        12,
        0,
      ),
      ...(props.tickets
        ? [
            widget(
              'Tickets opened and failed (Security Hub connector)',
              [
                ...metric(METRIC_NAMES.ticketsOpened, {}, 'Sum'),
                ...metric(METRIC_NAMES.ticketsFailed, {}, 'Sum'),
              ],
              12,
              12,
            ),
          ]
        : []),
    ];
    const body = { widgets };
    for (const check of dashboardChecks(widgets)) {
      if (!withinLimit(check)) throw new Error(overLimitMessage(check));
    }
    const dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: `${props.prefix}-responses`,
      dashboardBody: JSON.stringify(body),
    });

    sumAlarms(this, 'paused-alarm', {
      alarmName: `${props.prefix}-automation-paused`,
      description:
        'Responders reached the blast-radius limit and are planning instead of containing; see the alerts and `security-ir history --status dry-run`',
      metricName: METRIC_NAMES.paused,
      responders: props.pausable,
      label: 'findings planned because automation is paused',
      resultId: 'paused',
      alertsTopicArn: props.alertsTopicArn,
    });
    if (props.tickets) {
      sumAlarms(this, 'tickets-alarm', {
        alarmName: `${props.prefix}-tickets-failed`,
        description:
          'A ticket that should have been opened through the Security Hub connector was not; the outcome names the error (`security-ir history`), open it from the Security Hub console',
        metricName: METRIC_NAMES.ticketsFailed,
        responders: props.responders,
        label: 'tickets not opened',
        resultId: 'failed',
        alertsTopicArn: props.alertsTopicArn,
      });
    }

    this.tableName = table.name;
    this.tableArn = table.arn;
    this.dashboardName = dashboard.dashboardName;
  }
}

/** What {@link sumAlarms} alarms on. */
interface SumAlarmsProps {
  /** The first alarm's name; the next ones add `-2`, `-3`, ... */
  readonly alarmName: string;
  readonly description: string;
  /** The metric summed over the responders (dimension `service`). */
  readonly metricName: string;
  readonly responders: readonly string[];
  readonly label: string;
  /** Id of the summing expression. */
  readonly resultId: string;
  readonly alertsTopicArn: string;
}

/**
 * Alarms on any datapoint of a metric summed over responders. Alarms cannot SEARCH, so each
 * responder is one metric query, and AWS refuses more than 10 in one alarm at apply
 * (`metricMathAlarmMetrics`): the responders are split over as many alarms as that takes, so a
 * registry that grows never fails to deploy.
 */
function sumAlarms(scope: Construct, id: string, props: SumAlarmsProps): void {
  const per = AWS_LIMITS.metricMathAlarmMetrics.max;
  for (let start = 0, n = 1; start < props.responders.length; start += per, n += 1) {
    const queries = props.responders.slice(start, start + per).map((r, i) => ({
      id: `m${i}`,
      metric: {
        namespace: METRICS_NAMESPACE,
        metricName: props.metricName,
        dimensions: { service: r },
        period: 300,
        stat: 'Sum',
      },
      returnData: false,
    }));
    // The first alarm keeps the construct id it always had, so existing alarms are not replaced.
    new CloudwatchMetricAlarm(scope, n === 1 ? id : `${id}-${n}`, {
      alarmName: n === 1 ? props.alarmName : `${props.alarmName}-${n}`,
      alarmDescription: props.description,
      metricQuery: [
        ...queries,
        {
          id: props.resultId,
          expression: `SUM([${queries.map((q) => q.id).join(', ')}])`,
          label: props.label,
          returnData: true,
        },
      ],
      ...alertOnAnyDatapoint(props.alertsTopicArn),
    });
  }
}
