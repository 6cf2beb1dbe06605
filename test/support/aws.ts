/**
 * Test support for responders: mocks of every SDK client the product uses, a reset of every
 * per-container cache, and the check that a handler sent only commands its catalogue declares.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { S3Client } from '@aws-sdk/client-s3';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import {
  CATALOGUE,
  CENTRAL_ACTIONS,
  memberActionsOf,
  type ResponderName,
} from '../../lambdas/shared/catalogue';
import { resetResponderEnv } from '../../lambdas/shared/config';
import { resetMemberClients } from '../../lambdas/shared/member-clients';
import type { Outcome } from '../../lambdas/shared/outcome';
import { resetReporting } from '../../lambdas/shared/report';
import { resetResponseModes } from '../../lambdas/shared/response-mode';

/** IAM service prefix of each mocked client. */
const PREFIXES = {
  ec2: EC2Client,
  ecs: ECSClient,
  iam: IAMClient,
  lambda: LambdaClient,
  ssm: SSMClient,
  sts: STSClient,
  s3: S3Client,
  tag: ResourceGroupsTaggingAPIClient,
  organizations: OrganizationsClient,
  guardduty: GuardDutyClient,
  securityhub: SecurityHubClient,
  sns: SNSClient,
  cloudwatch: CloudWatchClient,
} as const;

type Prefix = keyof typeof PREFIXES;

/** One mock per client class, created once per test file. */
export type Mocks = { [P in Prefix]: AwsClientStub<InstanceType<(typeof PREFIXES)[P]>> };

/** Creates the mocks (call once at the top of a test file). */
export function createMocks(): Mocks {
  const out: Partial<Record<Prefix, unknown>> = {};
  for (const [prefix, Client] of Object.entries(PREFIXES)) {
    // biome-ignore lint/suspicious/noExplicitAny: mockClient's overloads do not accept a union of classes
    out[prefix as Prefix] = mockClient(Client as any);
  }
  return out as Mocks;
}

/** Default environment of a responder in tests. */
export const TEST_ENV = {
  SECURITY_TAG_KEY: 'SecurityException',
  MEMBER_ROLE_NAME: 'Security-IR-Role',
  ALERTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:111111111111:security-ir-alerts',
  DRY_RUN: 'false',
  ALLOWED_CIDR_V4: '10.0.0.0/8',
  ALLOWED_CIDR_V6: '',
  // The embedded default observes (dry-run); handler tests contain unless a case says otherwise.
  RESPONSE_MODES: '{"default":"contain","accounts":{},"organizationalUnits":{}}',
} as const;

/** The environment variables a responder reads: cleared before each test or cold container. */
export const RESPONDER_ENV_KEYS =
  /^(SECURITY_TAG_KEY|MEMBER_ROLE_NAME|AUTOMATION_ROLE_NAME|ALERTS_TOPIC_ARN|DRY_RUN|ALLOWED_CIDR_V[46]|RESPONSE_MODES|CONFIG_RULES|FINDING_TYPES|DENY_POLICY_ARN|DENY_POLICY_ON_ROLES|PRESERVE_EVIDENCE|RESOURCE_PREFIX|OCSF_FINDINGS|APPROVED_BY|APPROVAL_EXPIRY_MINUTES|TICKETS)$/;

/**
 * Resets every mock and per-container cache, sets `env` over {@link TEST_ENV}, and answers the
 * calls every responder makes with success: AssumeRole, ListDetectors, ArchiveFindings,
 * BatchUpdateFindings, Publish.
 */
export function resetAll(mocks: Mocks, env: Record<string, string | undefined> = {}): void {
  for (const m of Object.values(mocks)) m.reset();
  for (const key of Object.keys(process.env)) {
    if (RESPONDER_ENV_KEYS.test(key)) delete process.env[key];
  }
  for (const [k, v] of Object.entries({ ...TEST_ENV, ...env })) {
    if (v !== undefined) process.env[k] = v;
  }
  resetResponderEnv();
  resetMemberClients();
  resetReporting();
  resetResponseModes();
  mocks.sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIAFAKEMEMBERKEY001',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(Date.now() + 3600_000),
    },
  });
  mocks.guardduty.onAnyCommand().resolves({});
  mocks.guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ['admindetector0001'] });
  mocks.securityhub.onAnyCommand().resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
  mocks.sns.onAnyCommand().resolves({ MessageId: 'm-1' });
}

/**
 * API operations that IAM authorises under another action's name. BatchUpdateFindingsV2: "both use
 * securityhub:BatchUpdateFindings in the Action element of an IAM policy statement"
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateFindingsV2.html).
 */
const COMMAND_ACTIONS: Readonly<Record<string, string>> = {
  'securityhub:BatchUpdateFindingsV2': 'BatchUpdateFindings',
  // The Service Authorization Reference lists no GetFindingsV2 action: it is authorised as
  // GetFindings, whose resource types include the new Security Hub's hubv2.
  'securityhub:GetFindingsV2': 'GetFindings',
};

/** Every command sent through the mocks, as IAM actions (`ec2:DescribeInstances`), in call order. */
export function sentActions(mocks: Mocks): string[] {
  const out: string[] = [];
  for (const [prefix, mock] of Object.entries(mocks) as [
    Prefix,
    { calls(): { args: unknown[] }[] },
  ][]) {
    for (const call of mock.calls()) {
      const command = call.args[0] as { constructor: { name: string } };
      const name = command.constructor.name.replace(/Command$/, '');
      out.push(`${prefix}:${COMMAND_ACTIONS[`${prefix}:${name}`] ?? name}`);
    }
  }
  return out;
}

/** The commands sent that `responder` did not declare (member catalogue or central actions). */
export function undeclaredActions(mocks: Mocks, responder: ResponderName): string[] {
  const declared = new Set<string>([...memberActionsOf(responder), ...CENTRAL_ACTIONS]);
  return [...new Set(sentActions(mocks))].filter((a) => !declared.has(a));
}

/** The commands of one kind a mock received, as their inputs. */
export function inputsOf<I>(
  mock: { commandCalls(command: never): { args: [{ input: unknown }] }[] },
  Command: new (input: I) => unknown,
): I[] {
  return mock.commandCalls(Command as never).map((c) => c.args[0].input as I);
}

/** Catalogue re-export so tests name responders without another import. */
export { CATALOGUE };

/** An AWS SDK error as a client throws it (no `$retryable`: the mock is not retried). */
export function awsError(name: string, message = `${name} (simulated)`): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: {} });
}

/** The outcomes published to SNS, in publish order: also the record of a rejected invocation. */
export function publishedOutcomes(mocks: Mocks): Outcome[] {
  return mocks.sns.calls().map((c) => {
    const message = (c.args[0] as { input: { Message?: string } }).input.Message ?? '';
    return JSON.parse(message.slice(message.indexOf('\n\n{') + 2)) as Outcome;
  });
}
