/** Arrangement of the contain-lambda-function tests: the fixture and a healthy member account. */
import { GetRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  GetFunctionCommand,
  type GetFunctionCommandOutput,
  PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import fixture from '../../fixtures/guardduty/lambda-c2-activity.json';
import { type Mocks, resetAll } from '../../support/aws';

export const ACCOUNT = '222222222222';
export const NAME = 'orders-processor';
export const ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${NAME}`;
export const ROLE = 'orders-processor-role';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
export const FINDING = fixture.detail.id;

/** A fresh copy of the Lambda Protection finding event. */
export const event = () => structuredClone(fixture);

/** What the live function and role look like. */
export interface LiveFunctionSpec {
  readonly reserved?: number;
  readonly tags?: Record<string, string>;
  readonly roleTags?: { Key: string; Value: string }[];
}

/** Resets the mocks and answers GetFunction, GetRole and the two writes with success. */
export function arrange(
  mocks: Mocks,
  live: LiveFunctionSpec = {},
  env: Record<string, string> = {},
) {
  resetAll(mocks, env);
  mocks.lambda.on(GetFunctionCommand).resolves({
    Configuration: { FunctionName: NAME, FunctionArn: ARN, Role: ROLE_ARN },
    Tags: live.tags ?? { team: 'payments' },
    ...(live.reserved !== undefined
      ? { Concurrency: { ReservedConcurrentExecutions: live.reserved } }
      : {}),
  } as GetFunctionCommandOutput);
  mocks.lambda.on(PutFunctionConcurrencyCommand).resolves({ ReservedConcurrentExecutions: 0 });
  mocks.iam.on(GetRoleCommand).resolves({
    Role: {
      RoleName: ROLE,
      Arn: ROLE_ARN,
      Path: '/',
      RoleId: 'AROAEXAMPLEROLEID0001',
      CreateDate: new Date(),
      Tags: live.roleTags ?? [],
    },
  });
  mocks.iam.on(PutRolePolicyCommand).resolves({});
}
