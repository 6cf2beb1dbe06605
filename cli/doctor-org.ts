/**
 * `doctor`'s reads in the security account, each once for the whole organization: the stack set
 * instances (`modules/org-enrollment.ts`), the GuardDuty and Security Hub members of every region,
 * and the responders' recent errors and dead-letter depth (`modules/responder.ts`). A read that
 * fails makes its checks `unknown`, never the end of the run.
 */
import {
  type CloudFormationClient,
  paginateListStackInstances,
  type StackInstanceSummary,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  GuardDutyClient,
  ListDetectorsCommand,
  paginateListMembers,
} from '@aws-sdk/client-guardduty';
import {
  paginateListMembers as paginateHubMembers,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { RESPONDER_NAMES, type ResponderName } from '../lambdas/shared/catalogue';
import { describeCause } from '../lambdas/shared/errors';
import { RETRY } from '../lambdas/shared/member-clients';
import { type Check, fail, OK, unknown } from './doctor-checks';

/** Stack instances by `account/region`, or why they could not be listed. */
export type Instances = Map<string, StackInstanceSummary> | { error: string };

/** Names of the two member stack sets (`modules/org-enrollment.ts`). */
export const stackSetNames = (prefix: string) => ({
  global: `${prefix}-member-global`,
  regional: `${prefix}-member-regional`,
});

/** Every instance of a stack set, keyed `account/region`. */
export async function listInstances(
  cfn: CloudFormationClient,
  stackSetName: string,
  callAs: 'SELF' | 'DELEGATED_ADMIN',
): Promise<Instances> {
  try {
    const found = new Map<string, StackInstanceSummary>();
    for await (const page of paginateListStackInstances(
      { client: cfn },
      { StackSetName: stackSetName, CallAs: callAs },
    )) {
      for (const s of page.Summaries ?? []) found.set(`${s.Account}/${s.Region}`, s);
    }
    return found;
  } catch (error) {
    return { error: `cannot list the instances of ${stackSetName}: ${describeCause(error)}` };
  }
}

/** The check of one stack instance: present, CURRENT and its last operation SUCCEEDED. */
export function instanceCheck(
  instances: Instances,
  account: string,
  region: string,
  what: string,
): Check {
  if ('error' in instances) return unknown(instances.error as string);
  const s = instances.get(`${account}/${region}`);
  if (!s)
    return fail(`no ${what} stack instance (account not in a targeted OU, or not deployed yet)`);
  const detailed = s.StackInstanceStatus?.DetailedStatus;
  if (s.Status !== 'CURRENT' || (detailed && detailed !== 'SUCCEEDED')) {
    return fail(
      `${what} stack instance is ${s.Status}${detailed ? `/${detailed}` : ''}${s.StatusReason ? `: ${s.StatusReason}` : ''}`,
    );
  }
  return OK;
}

/** Member account ids by relationship status, or why they could not be read. */
export type Members = Map<string, string> | { error: string };

/** GuardDuty members of the security account's detector in `region`. */
export async function guardDutyMembers(region: string): Promise<Members> {
  try {
    const gd = new GuardDutyClient({ region, ...RETRY });
    const detectorId = (await gd.send(new ListDetectorsCommand({}))).DetectorIds?.[0];
    if (!detectorId) return new Map();
    const found = new Map<string, string>();
    for await (const page of paginateListMembers(
      { client: gd },
      { DetectorId: detectorId, OnlyAssociated: 'true' },
    )) {
      for (const m of page.Members ?? [])
        if (m.AccountId) found.set(m.AccountId, m.RelationshipStatus ?? '');
    }
    return found;
  } catch (error) {
    return { error: `cannot list GuardDuty members in ${region}: ${describeCause(error)}` };
  }
}

/** Security Hub members of the security account in `region`. */
export async function securityHubMembers(region: string): Promise<Members> {
  try {
    const hub = new SecurityHubClient({ region, ...RETRY });
    const found = new Map<string, string>();
    for await (const page of paginateHubMembers({ client: hub }, { OnlyAssociated: true })) {
      for (const m of page.Members ?? [])
        if (m.AccountId) found.set(m.AccountId, m.MemberStatus ?? '');
    }
    return found;
  } catch (error) {
    return { error: `cannot list Security Hub members in ${region}: ${describeCause(error)}` };
  }
}

/** Whether `account` has the security account as its administrator in a service. */
export function adminCheck(
  members: Members,
  account: string,
  securityAccount: string,
  service: string,
): Check {
  if (account === securityAccount) return OK;
  if ('error' in members) return unknown(members.error as string);
  const status = members.get(account);
  if (status === 'Enabled') return OK;
  return fail(
    status
      ? `${service} member status is ${status}, not Enabled`
      : `${service}: not a member of the security account (its administrator is another account, or none)`,
  );
}

/** The health of one responder in the security account's home region. */
export interface ResponderHealth {
  readonly responder: ResponderName;
  readonly functionName: string;
  /** Sum of the function's `Errors` metric over the window. */
  readonly errors?: number;
  /** Messages waiting in its dead-letter queue (failed findings). */
  readonly deadLetters?: number;
  readonly check: Check;
}

/** Errors of the last `hours` and dead-letter depth of every responder. */
export async function responderHealth(
  prefix: string,
  homeRegion: string,
  now: Date,
  hours = 24,
): Promise<ResponderHealth[]> {
  // Names as modules/responder.ts creates them: function `<prefix>-<responder>`, queue `<function>-dlq`.
  const names = RESPONDER_NAMES.map((r) => ({ responder: r, functionName: `${prefix}-${r}` }));
  const cw = new CloudWatchClient({ region: homeRegion, ...RETRY });
  const sqs = new SQSClient({ region: homeRegion, ...RETRY });
  let errors: number[] | string;
  try {
    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(now.getTime() - hours * 3600_000),
        EndTime: now,
        MetricDataQueries: names.map((n, i) => ({
          Id: `e${i}`,
          MetricStat: {
            Metric: {
              Namespace: 'AWS/Lambda',
              MetricName: 'Errors',
              Dimensions: [{ Name: 'FunctionName', Value: n.functionName }],
            },
            Period: hours * 3600,
            Stat: 'Sum',
          },
        })),
      }),
    );
    const byId = new Map((out.MetricDataResults ?? []).map((r) => [r.Id, r.Values ?? []]));
    errors = names.map((_, i) => (byId.get(`e${i}`) ?? []).reduce((a, b) => a + b, 0));
  } catch (error) {
    errors = `cannot read the Errors metric: ${describeCause(error)}`;
  }
  return Promise.all(
    names.map(async (n, i) => {
      let deadLetters: number | string;
      try {
        const { QueueUrl } = await sqs.send(
          new GetQueueUrlCommand({ QueueName: `${n.functionName}-dlq` }),
        );
        const out = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl,
            AttributeNames: ['ApproximateNumberOfMessages'],
          }),
        );
        deadLetters = Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
      } catch (error) {
        deadLetters = `cannot read the dead-letter queue: ${describeCause(error)}`;
      }
      const errs = typeof errors === 'string' ? errors : (errors[i] ?? 0);
      const problems = [
        typeof errs === 'number' && errs > 0
          ? `${errs} error(s) in the last ${hours} h`
          : undefined,
        typeof deadLetters === 'number' && deadLetters > 0
          ? `${deadLetters} failed finding(s) in the dead-letter queue`
          : undefined,
      ].filter((p): p is string => p !== undefined);
      const unreadable = [errs, deadLetters].filter((v): v is string => typeof v === 'string');
      const check = problems.length
        ? fail(problems.join('; '))
        : unreadable.length
          ? unknown(unreadable.join('; '))
          : OK;
      return {
        responder: n.responder,
        functionName: n.functionName,
        ...(typeof errs === 'number' ? { errors: errs } : {}),
        ...(typeof deadLetters === 'number' ? { deadLetters } : {}),
        check,
      };
    }),
  );
}
