/**
 * The dashboard's count of decisions on plans of `approve` mode. Decisions are taken here, with
 * the operator's credentials, outside Lambda, where the responders' embedded-metric lines would
 * reach no one: so the CLI publishes `ApprovalDecisions` (dimensions `service` = the responder,
 * `Decision`) itself with PutMetricData, in the home region. Counting is best effort: a decision
 * stands whether or not it is counted, and a failure to count is said on stderr.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { describeCause } from '../lambdas/shared/errors';
import {
  type APPROVAL_DECISIONS,
  METRIC_NAMES,
  METRICS_NAMESPACE,
} from '../lambdas/shared/ledger-schema';
import { RETRY } from '../lambdas/shared/member-clients';
import type { Output } from './errors';
import type { LedgerConfig } from './ledger-table';

/** A decision the dashboard counts. */
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** Publishes one decision on a plan of `responder`; says on `err` when it could not. */
export async function countDecision(
  config: LedgerConfig,
  responder: string,
  decision: ApprovalDecision,
  err: Output,
): Promise<void> {
  try {
    const cloudwatch = new CloudWatchClient({ region: config.homeRegion, ...RETRY });
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: METRICS_NAMESPACE,
        MetricData: [
          {
            MetricName: METRIC_NAMES.approvalDecisions,
            Dimensions: [
              { Name: 'service', Value: responder },
              { Name: 'Decision', Value: decision },
            ],
            Unit: 'Count',
            Value: 1,
          },
        ],
      }),
    );
  } catch (error) {
    err.write(
      `warning: the decision (${decision}) stands, but the dashboard did not count it (cloudwatch:PutMetricData): ${describeCause(error)}\n`,
    );
  }
}
