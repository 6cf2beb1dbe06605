/**
 * Configuration mistakes a new user makes, each reported once in the product's words with what
 * to write instead (not the validator's "Invalid key in record" or "expected string, received
 * number").
 */
import { ConfigError, parseConfig } from '../../../modules/config/load';

function messageOf(input: unknown): string {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config errors in the product words', () => {
  it.each([
    [
      'an 11-digit account id as a response-mode key',
      { responseModes: { accounts: { '12345678901': 'contain' } } },
      'responseModes.accounts.12345678901: "12345678901" is not a 12-digit AWS account id',
    ],
    [
      'an account id written as a number',
      { securityAccountId: 123456789012 },
      'securityAccountId: must be a string (in quotes), not the number 123456789012; write it in quotes: "123456789012"',
    ],
    [
      'a response mode misspelt',
      { responseModes: { default: 'contained' } },
      'responseModes.default: "contained" is not one of "contain", "approve", "dry-run", "off"; did you mean "contain"?',
    ],
    [
      'a misspelt mode of one account',
      { responseModes: { accounts: { '123456789012': 'dryrun' } } },
      'responseModes.accounts.123456789012: "dryrun" is not one of "contain", "approve", "dry-run", "off"; did you mean "dry-run"?',
    ],
    [
      'a boolean in quotes',
      { dryRun: 'true' },
      'dryRun: must be true or false (without quotes), not the string "true"; write true without quotes',
    ],
    [
      'a number in quotes',
      { organization: { accountCount: '500' } },
      'organization.accountCount: must be a number, not the string "500"; write 500 without quotes',
    ],
    [
      'one region instead of a list',
      { regions: 'eu-west-1', homeRegion: 'eu-west-1' },
      'regions: must be a list, e.g. [...], not the string "eu-west-1"; write a list: ["eu-west-1"]',
    ],
    [
      'a malformed OU key',
      { responseModes: { organizationalUnits: { 'ou-x': 'contain' } } },
      'responseModes.organizationalUnits.ou-x: "ou-x" is not an organizational unit id (ou-…) or root id (r-…)',
    ],
  ])('reports %s once, with the fix', (_case, input, line) => {
    // Act
    const message = messageOf(input);

    // Assert
    expect(message).toBe(
      `Invalid configuration:\n  ${line}${line.endsWith('"123456789012"') ? " (a JSON number also drops an account id's leading zeros)" : ''}`,
    );
    expect(message).not.toMatch(/Invalid key in record|Invalid input|Invalid option/);
  });
});
