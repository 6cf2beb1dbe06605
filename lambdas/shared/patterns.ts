/**
 * The identifier patterns the configuration, the Lambda environment, the events and the operator
 * tool all check, written once. Plain data.
 */

/** A 12-digit AWS account id. */
export const ACCOUNT_ID = /^\d{12}$/;

/** An organizational unit id (`ou-…`) or a root id (`r-…`). */
export const OU_OR_ROOT_ID = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;

/**
 * An exact IAM role or user ARN, no wildcard: partition, account, `role` or `user`, and the name
 * (after an optional path) as groups.
 */
export const IAM_ROLE_OR_USER_ARN =
  /^arn:(aws[\w-]*):iam::(\d{12}):(role|user)\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

/** An IAM user or role name: 1 to 64 letters, digits and `+=,.@_-` (IAM's own rule). */
export const IAM_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * A tag key a customer may write: 1-128 letters, spaces, digits and `_.:/=+-@`, not starting with
 * the reserved `aws:` prefix (any letter case).
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
 */
export const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/iu;

/**
 * The id of a Security Hub ConnectorV2 (a Jira Cloud or ServiceNow ticketing integration): a UUID,
 * as CreateTicketV2's `ConnectorId` and the `connectorv2/<id>` ARN name it.
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateTicketV2.html
 */
export const CONNECTOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
