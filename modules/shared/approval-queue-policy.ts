/**
 * The policies of the approval queue (`approval.endpoint`), as plain documents: the queue's own
 * policy decides who may send a decision (an IAM decision, simulated in test/iam), and the
 * function's role reads the queue, the ledger, the approvers' unique ids and invokes only the
 * responders that contain (from the registry).
 */
import { containingResponders } from '../../lambdas/shared/catalogue';
import { type PolicyDocument, policy } from './policy';

/** What the queue policy needs. */
export interface ApprovalQueuePolicyProps {
  readonly queueArn: string;
  readonly approverArns: readonly string[];
}

/**
 * Only the approvers may send: an Allow for them and a Deny for every other principal (a Deny in
 * the queue's policy binds principals of the same account whose own policies allow `sqs:*`), and
 * no request without TLS. Reading and deleting stay with the function's role.
 */
export function approvalQueuePolicy(props: ApprovalQueuePolicyProps): PolicyDocument {
  return policy(
    {
      Sid: 'ApproversSend',
      Effect: 'Allow',
      Principal: { AWS: [...props.approverArns] },
      Action: 'sqs:SendMessage',
      Resource: props.queueArn,
    },
    {
      Sid: 'NobodyElseSends',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sqs:SendMessage',
      Resource: props.queueArn,
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': [...props.approverArns] } },
    },
    {
      Sid: 'TlsOnly',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sqs:*',
      Resource: props.queueArn,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  );
}

/** What the function's role policy needs. */
export interface ApprovalFunctionPolicyProps {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  readonly prefix: string;
  readonly queueArn: string;
  readonly ledgerTableArn: string;
  readonly logGroupArn: string;
  readonly approverArns: readonly string[];
}

/** The function's least privilege, with the responders it may invoke derived from the registry. */
export function approvalFunctionPolicy(props: ApprovalFunctionPolicyProps): PolicyDocument {
  const roles = props.approverArns.filter((a) => a.split(':')[5]?.startsWith('role/'));
  const users = props.approverArns.filter((a) => a.split(':')[5]?.startsWith('user/'));
  return policy(
    {
      Sid: 'Logs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `${props.logGroupArn}:*`,
    },
    {
      Sid: 'ReadDecisions',
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'],
      Resource: props.queueArn,
    },
    {
      // The plan, and the conditional transitions of a decision (approval-ledger.ts).
      Sid: 'Ledger',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      Resource: props.ledgerTableArn,
    },
    {
      Sid: 'CarryOut',
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: containingResponders().map(
        (n) =>
          `arn:${props.partition}:lambda:${props.region}:${props.accountId}:function:${props.prefix}-${n}`,
      ),
    },
    ...(roles.length > 0
      ? [
          {
            Sid: 'ApproverRoleIds',
            Effect: 'Allow' as const,
            Action: 'iam:GetRole',
            Resource: roles,
          },
        ]
      : []),
    ...(users.length > 0
      ? [
          {
            Sid: 'ApproverUserIds',
            Effect: 'Allow' as const,
            Action: 'iam:GetUser',
            Resource: users,
          },
        ]
      : []),
  );
}
