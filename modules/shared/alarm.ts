/** What every alarm of the product shares: it fires on any datapoint above 0 and alerts the team. */

/**
 * The settings of an alarm that goes off on the first datapoint above 0 in a period and publishes
 * to the alerts topic; no data (nothing happened) is not breaching.
 */
export function alertOnAnyDatapoint(alertsTopicArn: string) {
  return {
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    alarmActions: [alertsTopicArn],
  };
}
