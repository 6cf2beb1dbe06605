/**
 * The responders' own role policy in the security account, derived from the catalogue's central
 * actions: every action gets the narrowest resource the service allows.
 */
import { CENTRAL_ACTIONS } from '../../lambdas/shared/catalogue';
import type { Statement } from './policy';

/** What the central statements are scoped to. */
export interface CentralScope {
  readonly partition: string;
  readonly accountId: string;
  readonly organizationId: string;
  readonly memberRoleName: string;
  readonly alertsTopicArn: string;
  /** Whether response modes per OU are configured (only then Organizations is read). */
  readonly needsOrganizations: boolean;
  /** The response ledger's table; without it, no DynamoDB statement. */
  readonly ledgerTableArn?: string;
  /** The ticketing connector (`tickets`); without it, no ticket statement. */
  readonly tickets?: { readonly region: string; readonly connectorId: string };
}

type CentralAction = (typeof CENTRAL_ACTIONS)[number];

/** The resource and condition of each central action. Keyed by the union: a missing action fails to compile. */
function scopeOf(
  s: CentralScope,
): Record<CentralAction, Omit<Statement, 'Effect' | 'Action'> | undefined> {
  const memberRole = {
    Resource: `arn:${s.partition}:iam::*:role/${s.memberRoleName}`,
    Condition: { StringEquals: { 'aws:ResourceOrgID': s.organizationId } },
  };
  return {
    'sts:AssumeRole': memberRole,
    'sts:SetSourceIdentity': memberRole,
    'organizations:ListParents': s.needsOrganizations ? { Resource: '*' } : undefined,
    // ListDetectors supports no resource-level permission.
    'guardduty:ListDetectors': { Resource: '*' },
    // No resource-level permission (Service Authorization Reference); only the administrator's
    // detector can archive member findings anyway.
    'guardduty:ArchiveFindings': { Resource: '*' },
    'securityhub:BatchUpdateFindings': {
      Resource: `arn:${s.partition}:securityhub:*:${s.accountId}:hub/default`,
    },
    // The connectorv2 resource type (Service Authorization Reference): this connector only.
    'securityhub:CreateTicketV2': s.tickets
      ? {
          Resource: `arn:${s.partition}:securityhub:${s.tickets.region}:${s.accountId}:connectorv2/${s.tickets.connectorId}`,
        }
      : undefined,
    // GetFindings takes the hub (CSPM) or hubv2 (the new Security Hub, id unknown at synth)
    // resource types; only in the region the connector and the aggregated findings live in.
    'securityhub:GetFindings': s.tickets
      ? {
          Resource: [
            `arn:${s.partition}:securityhub:${s.tickets.region}:${s.accountId}:hub/default`,
            `arn:${s.partition}:securityhub:${s.tickets.region}:${s.accountId}:hubv2/*`,
          ],
        }
      : undefined,
    'sns:Publish': { Resource: s.alertsTopicArn },
    'dynamodb:PutItem': s.ledgerTableArn ? { Resource: s.ledgerTableArn } : undefined,
    'dynamodb:UpdateItem': s.ledgerTableArn ? { Resource: s.ledgerTableArn } : undefined,
    'dynamodb:GetItem': s.ledgerTableArn ? { Resource: s.ledgerTableArn } : undefined,
  };
}

/** The statements of the central actions, one per action (Sid = the action, camel-cased). */
export function centralStatements(scope: CentralScope): Statement[] {
  const scopes = scopeOf(scope);
  return CENTRAL_ACTIONS.flatMap((action) => {
    const s = scopes[action];
    if (!s) return [];
    return [
      { Sid: action.replace(/[^A-Za-z0-9]/g, ''), Effect: 'Allow' as const, Action: action, ...s },
    ];
  });
}
