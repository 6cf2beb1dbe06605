/**
 * The inline policy that revokes a role's or user's sessions issued before a moment, shared by the
 * responders that cut sessions of a principal. FACTS.md: "revoke older sessions" is an inline Deny
 * `*` with `DateLessThan aws:TokenIssueTime <now>`, as the IAM console's "Revoke active sessions"
 * writes it; long-term keys carry no `aws:TokenIssueTime`, so they are unaffected, and new sessions
 * keep working.
 */

/** The revoke policy document, denying everything to sessions issued before `issuedBefore`. */
export function revokeSessionsPolicy(issuedBefore: Date): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Action: ['*'],
        Resource: ['*'],
        Condition: { DateLessThan: { 'aws:TokenIssueTime': issuedBefore.toISOString() } },
      },
    ],
  });
}
