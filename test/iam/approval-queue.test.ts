import { runSimulation } from '@cloud-copilot/iam-simulate';
import { containingResponders, RESPONDER_NAMES } from '../../lambdas/shared/catalogue';
import { resourcesOf, synthMaster, TEST_IDS } from '../stacks/support';

// Arrange (shared): the policies as the master stack synthesizes them, with the approval queue on.
const SECURITY = TEST_IDS.securityAccountId;
const OTHER = '999988887777';
const APPROVER = `arn:aws:iam::${SECURITY}:role/chat-approver-jane`;
const OPERATOR = `arn:aws:iam::${SECURITY}:role/ir-operator`;
const QUEUE = `arn:aws:sqs:us-east-1:${SECURITY}:security-ir-approvals`;
const { tf } = synthMaster({
  approval: { endpoint: { enabled: true, approverArns: [APPROVER] } },
});

/** A synthesized policy with the Terraform references it holds replaced by their values. */
function resolved(text: string): unknown {
  return JSON.parse(
    text
      .replace(/\$\{aws_sqs_queue\.[\w-]+\.arn\}/g, QUEUE)
      .replace(
        /\$\{aws_dynamodb_table\.[\w-]+\.arn\}/g,
        `arn:aws:dynamodb:us-east-1:${SECURITY}:table/security-ir-ledger`,
      )
      .replace(
        /\$\{aws_cloudwatch_log_group\.[\w-]+\.arn\}/g,
        `arn:aws:logs:us-east-1:${SECURITY}:log-group:/aws/lambda/security-ir-approvals`,
      )
      .replace(/\$\{data\.aws_partition\.[\w-]+\.partition\}/g, 'aws'),
  );
}
const [queuePolicy] = Object.values(resourcesOf(tf, 'aws_sqs_queue_policy')).filter((p) =>
  String(p.policy).includes('ApproversSend'),
);
const [functionPolicy] = Object.values(resourcesOf(tf, 'aws_iam_role_policy')).filter(
  (p) => p.name === 'approval-queue',
);
const sqsAll = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
};

/** Whether `principalArn` (a role, seen through one of its sessions) may send to the queue. */
async function send(
  principalArn: string,
  { identity = [] as { name: string; policy: unknown }[], tls = true } = {},
): Promise<string> {
  const account = principalArn.split(':')[4] as string;
  const result = await runSimulation(
    {
      identityPolicies: identity as never,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: resolved(String(queuePolicy?.policy)) as never,
      request: {
        principal: principalArn
          .replace(':iam::', ':sts::')
          .replace(':role/', ':assumed-role/')
          .concat('/s'),
        action: 'sqs:SendMessage',
        resource: { resource: QUEUE, accountId: SECURITY },
        contextVariables: {
          'aws:PrincipalArn': principalArn,
          'aws:PrincipalAccount': account,
          'aws:SecureTransport': String(tls),
        },
      },
    },
    {},
  );
  return result.resultType === 'error' ? `error: ${result.errors.message}` : result.overallResult;
}

describe('approval queue policy: who may approve is an IAM decision', () => {
  it('allows a listed approver, with no policy of its own', async () => {
    expect(await send(APPROVER)).toBe('Allowed');
  });

  it('denies an unlisted principal of the security account, even one allowed sqs:* on *', async () => {
    expect(await send(OPERATOR, { identity: [{ name: 'sqs-admin', policy: sqsAll }] })).toBe(
      'ExplicitlyDenied',
    );
    expect(await send(OPERATOR)).not.toBe('Allowed');
  });

  it('denies a principal of another account, even one allowed sqs:* on *', async () => {
    const stranger = `arn:aws:iam::${OTHER}:role/chat-approver-jane`;
    expect(await send(stranger, { identity: [{ name: 'sqs-admin', policy: sqsAll }] })).toBe(
      'ExplicitlyDenied',
    );
  });

  it('denies a listed approver without TLS', async () => {
    expect(await send(APPROVER, { tls: false })).toBe('ExplicitlyDenied');
  });
});

describe('approval queue function: least privilege', () => {
  const FUNCTION_ROLE = `arn:aws:iam::${SECURITY}:role/security-ir-approvals`;

  async function may(action: string, resource: string): Promise<string> {
    const result = await runSimulation(
      {
        identityPolicies: [
          { name: 'approval-queue', policy: resolved(String(functionPolicy?.policy)) as never },
        ],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        request: {
          principal: `arn:aws:sts::${SECURITY}:assumed-role/security-ir-approvals/fn`,
          action,
          resource: { resource, accountId: SECURITY },
          contextVariables: { 'aws:PrincipalArn': FUNCTION_ROLE },
        },
      },
      {},
    );
    return result.resultType === 'error' ? `error: ${result.errors.message}` : result.overallResult;
  }
  const fn = (name: string) => `arn:aws:lambda:us-east-1:${SECURITY}:function:security-ir-${name}`;

  it('invokes exactly the responders that contain (from the registry)', async () => {
    for (const name of RESPONDER_NAMES) {
      const expected = containingResponders().includes(name) ? 'Allowed' : 'ImplicitlyDenied';
      expect([name, await may('lambda:InvokeFunction', fn(name))]).toEqual([name, expected]);
    }
    expect(await may('lambda:InvokeFunction', fn('approvals'))).toBe('ImplicitlyDenied');
  });

  it('reads the queue and the approvers, and cannot send decisions itself', async () => {
    expect(await may('sqs:ReceiveMessage', QUEUE)).toBe('Allowed');
    expect(await may('sqs:DeleteMessage', QUEUE)).toBe('Allowed');
    expect(await may('sqs:SendMessage', QUEUE)).toBe('ImplicitlyDenied');
    expect(await may('iam:GetRole', APPROVER)).toBe('Allowed');
    expect(await may('iam:GetRole', OPERATOR)).toBe('ImplicitlyDenied');
  });

  it('takes the ledger transitions and nothing else of the table', async () => {
    const table = `arn:aws:dynamodb:us-east-1:${SECURITY}:table/security-ir-ledger`;
    expect(await may('dynamodb:UpdateItem', table)).toBe('Allowed');
    expect(await may('dynamodb:GetItem', table)).toBe('Allowed');
    expect(await may('dynamodb:DeleteItem', table)).toBe('ImplicitlyDenied');
    expect(await may('dynamodb:Scan', table)).toBe('ImplicitlyDenied');
  });
});
