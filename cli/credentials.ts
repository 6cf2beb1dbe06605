/**
 * Credential errors in words an operator can act on: whose credentials the command needs and how to
 * get them, instead of the SDK's "Could not load credentials from any providers".
 */

/** SDK and STS error names that mean "no usable credentials". */
const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'TokenRefreshRequired',
  'InvalidAccessKeyId',
]);

const CREDENTIAL_TEXT =
  /could not load credentials|token (has )?expired|sso session .* (expired|invalid)/i;

/** Whether `error` says that the caller's own credentials are missing, expired or wrong. */
export function isCredentialError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return CREDENTIAL_ERRORS.has(error.name) || CREDENTIAL_TEXT.test(error.message);
}

/** Whether a failure reason (an outcome's `reason`) comes from the caller's own credentials. */
export function isCredentialReason(reason: string): boolean {
  return (
    CREDENTIAL_TEXT.test(reason) ||
    [...CREDENTIAL_ERRORS].some((name) => reason.includes(`${name}:`))
  );
}

/** Whose credentials each command runs with. */
export const CREDENTIALS_NEEDED = {
  member: 'the member account that owns the resource, as an exception admin (not the member role)',
  security:
    'the security account, as a principal listed in operatorPrincipalArns (the member role trusts it)',
} as const;

/** The message for a credential error of a command that needs `whose` credentials. */
export function credentialHint(
  error: { name: string; message: string },
  whose?: keyof typeof CREDENTIALS_NEEDED,
): string {
  return (
    `no valid AWS credentials (${error.name}: ${error.message.split('\n')[0]}).\n` +
    (whose ? `  This command needs credentials of ${CREDENTIALS_NEEDED[whose]}.\n` : '') +
    '  Get them with `aws sso login --profile <profile>` and `export AWS_PROFILE=<profile>`, or export\n' +
    '  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN; check with `aws sts get-caller-identity`.'
  );
}
