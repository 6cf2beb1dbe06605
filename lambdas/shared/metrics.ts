/**
 * The responders' metrics, published as CloudWatch Embedded Metric Format lines through
 * Powertools Metrics: every outcome by status, the time from the finding's creation to the end of
 * containment, paused automation and an unavailable ledger. Dimension `service` is the responder
 * (POWERTOOLS_SERVICE_NAME), so the dashboard and the alarm name each responder.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { type APPROVAL_DECISIONS, METRIC_NAMES, METRICS_NAMESPACE } from './ledger-schema';
import type { Outcome } from './outcome';

/** What a response adds to its outcome for the metrics. */
export interface ResponseFacts {
  /** Seconds from the finding's creation to the end of containment (contained only). */
  readonly secondsToContain?: number;
  readonly paused: boolean;
  readonly ledgerUnavailable: boolean;
}

let metrics: Metrics | undefined;

/**
 * Publishes the metrics of one response. Only inside Lambda, where the EMF lines on stdout become
 * metrics: elsewhere (the operator CLI, tests) stdout is for people.
 */
export function publishResponseMetrics(outcome: Outcome, facts: ResponseFacts): void {
  if (!process.env.AWS_LAMBDA_FUNCTION_NAME) return;
  metrics ??= new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? outcome.responder,
  });
  const byStatus = metrics.singleMetric();
  byStatus.addDimension('Status', outcome.status);
  byStatus.addMetric(METRIC_NAMES.responses, MetricUnit.Count, 1);
  if (facts.secondsToContain !== undefined) {
    metrics.addMetric(METRIC_NAMES.timeToContain, MetricUnit.Seconds, facts.secondsToContain);
  }
  if (facts.paused) metrics.addMetric(METRIC_NAMES.paused, MetricUnit.Count, 1);
  if (facts.ledgerUnavailable)
    metrics.addMetric(METRIC_NAMES.ledgerUnavailable, MetricUnit.Count, 1);
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/**
 * Publishes one ticket opened or failed (`TicketsOpened` / `TicketsFailed`, dimension `service`),
 * the count the dashboard shows and the tickets alarm watches. Only inside Lambda, as above.
 */
export function publishTicketMetric(responder: string, result: 'opened' | 'failed'): void {
  if (!process.env.AWS_LAMBDA_FUNCTION_NAME) return;
  metrics ??= new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? responder,
  });
  const name = result === 'opened' ? METRIC_NAMES.ticketsOpened : METRIC_NAMES.ticketsFailed;
  metrics.addMetric(name, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}

/**
 * Publishes one decision on a plan of `responder` taken by the approval queue
 * (`ApprovalDecisions`, dimensions `service` = the plan's responder and `Decision`), as the CLI
 * does with PutMetricData for its own decisions (cli/decision-metric.ts). Only inside Lambda.
 */
export function publishDecisionMetric(
  responder: string,
  decision: (typeof APPROVAL_DECISIONS)[number],
): void {
  if (!process.env.AWS_LAMBDA_FUNCTION_NAME) return;
  // The dimension `service` names the plan's responder, not this function: a Metrics of its own.
  const decisions = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: responder });
  decisions.addDimension('Decision', decision);
  decisions.addMetric(METRIC_NAMES.approvalDecisions, MetricUnit.Count, 1);
  decisions.publishStoredMetrics();
}

/** Forgets the metrics object (tests change the environment). */
export function resetMetrics(): void {
  metrics = undefined;
}
