/**
 * Every command that reaches AWS exits 2 ("could not run or could not check") when AWS cannot be
 * reached or the caller's own credentials are missing or expired, with one message that says which,
 * through the one error path of the command line (cli/errors.ts reportError). The network error is
 * the one Node.js itself raises for a name that does not resolve.
 */
import { lookup } from 'node:dns/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../cli/main';
import { isNetworkError } from '../../cli/network';
import { parseConfig } from '../../modules/config/load';
import { createMocks, resetAll } from '../support/aws';

const mocks = createMocks();
const dynamodb = mockClient(DynamoDBClient);
const CONFIG = parseConfig({ operatorPrincipalArns: ['arn:aws:iam::111111111111:role/ops'] });

/** The error Node.js raises when an endpoint's name does not resolve, as the SDK rethrows it. */
async function unresolvable(): Promise<Error> {
  try {
    // `.invalid` never resolves (RFC 2606): ENOTFOUND, or EAI_AGAIN without any DNS server.
    await lookup('sts.us-east-1.amazonaws.com.invalid');
  } catch (error) {
    return Object.assign(error as Error, { $metadata: { attempts: 6, totalRetryDelay: 3100 } });
  }
  throw new Error('sts.us-east-1.amazonaws.com.invalid resolved');
}

const expired = () =>
  Object.assign(new Error('The security token included in the request is expired'), {
    name: 'ExpiredToken',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
  });
const noCredentials = () =>
  Object.assign(new Error('Could not load credentials from any providers'), {
    name: 'CredentialsProviderError',
  });

const COMMANDS: [string, string[]][] = [
  ['doctor', ['doctor']],
  ['audit', ['audit']],
  ['history', ['history']],
  ['release', ['release', 'i-0a1b2c3d4e5f60789']],
  [
    'grant',
    ['grant', '--resource', 'i-0a1b2c3d4e5f60789', '--ticket', 'CHG-1', '--region', 'eu-west-1'],
  ],
  ['revoke', ['revoke', '--resource', 'i-0a1b2c3d4e5f60789', '--region', 'eu-west-1']],
  ['respond', ['respond', 'test/fixtures/guardduty/ec2-backdoor.json']],
];

/** Every client of every command fails alike. */
function failEverything(error: Error): void {
  resetAll(mocks);
  dynamodb.reset();
  // Thrown as is: `rejects` would copy an error of Node's own realm into a new one.
  const fail = () => Promise.reject(error);
  for (const mock of Object.values(mocks) as (typeof dynamodb)[])
    mock.onAnyCommand().callsFake(fail);
  dynamodb.onAnyCommand().callsFake(fail);
}

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, {
    out: { write: (s: string) => (out += s) },
    err: { write: (s: string) => (err += s) },
    config: () => CONFIG,
  });
  return { code, out, err };
}

describe('command line: AWS out of reach', () => {
  it('recognises the error Node.js raises for a name that does not resolve', async () => {
    const error = await unresolvable();
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain((error as { code?: string }).code);
    expect(isNetworkError(error)).toBe(true);
    expect(isNetworkError(new Error('AccessDenied'))).toBe(false);
  });

  it.each(COMMANDS)('%s exits 2 and says AWS could not be reached', async (_name, args) => {
    // Arrange
    const error = await unresolvable();
    failEverything(error);

    // Act
    const { code, err } = await run(args);

    // Assert
    expect(err).toContain(`error: could not reach AWS (${error.message})`);
    expect(err).toContain('this is no finding about your accounts');
    expect(err.match(/^error:/gm)).toHaveLength(1);
    expect(code).toBe(2);
  });
});

describe('command line: the caller has no usable credentials', () => {
  it.each(COMMANDS)('%s exits 2 when the token has expired', async (_name, args) => {
    // Arrange
    failEverything(expired());

    // Act
    const { code, err } = await run(args);

    // Assert
    expect(err).toContain('error: no valid AWS credentials (ExpiredToken: The security token');
    expect(err).toContain('aws sso login --profile <profile>');
    expect(code).toBe(2);
  });

  it.each(COMMANDS)('%s exits 2 when there are no credentials at all', async (_name, args) => {
    // Arrange
    failEverything(noCredentials());

    // Act
    const { code, err } = await run(args);

    // Assert
    expect(err).toContain('error: no valid AWS credentials (CredentialsProviderError');
    expect(err).not.toMatch(/StackSet|trusts the responders/);
    expect(code).toBe(2);
  });
});
