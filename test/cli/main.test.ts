import { CreateTagsCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { main } from '../../cli/main';
import { parseConfig } from '../../modules/config/load';
import { createMocks, inputsOf, resetAll, sentActions } from '../support/aws';

const mocks = createMocks();

const CONFIG = parseConfig({ exceptionTagKey: 'IR-Exception' });
const INSTANCE = 'i-0a1b2c3d4e5f60789';

function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

async function run(args: string[]) {
  const out = sink();
  const err = sink();
  const code = await main(args, { out, err, config: () => CONFIG });
  return { code, out: out.text(), err: err.text() };
}

beforeEach(() => {
  resetAll(mocks);
});

describe('command line: help', () => {
  it.each([
    ['grant', ['--resource', '--ticket', '--expires', '--region', '--tag-key', 'ABAC']],
    ['revoke', ['--resource', '--region', '--tag-key']],
    ['audit', ['--accounts', '--regions', '--json', '--concurrency', 'operatorPrincipalArns']],
    ['respond', ['<event-file>', '--contain', '--responder', '--topic', '--json']],
  ])('describes %s and its options', async (command, words) => {
    // Act
    const { code, out } = await run([command, '--help']);

    // Assert
    expect(code).toBe(0);
    for (const word of words) expect(out).toContain(word);
  });

  it('lists the commands', async () => {
    // Act
    const { code, out } = await run(['--help']);

    // Assert
    expect(code).toBe(0);
    expect(out).toMatch(/grant[\s\S]*revoke[\s\S]*audit[\s\S]*respond/);
  });
});

describe('command line: grant', () => {
  it('passes the options through and tags with the configured key', async () => {
    // Arrange
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: '222222222222' });
    mocks.ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [{ InstanceId: INSTANCE }] }],
    });
    mocks.ec2.on(CreateTagsCommand).resolves({});

    // Act
    const { code, out } = await run([
      'grant',
      '--resource',
      INSTANCE,
      '--ticket',
      'CHG-1',
      '--expires',
      '2999-12-31',
      '--region',
      'eu-west-1',
    ]);

    // Assert
    expect(code).toBe(0);
    expect(inputsOf(mocks.ec2, CreateTagsCommand)).toEqual([
      { Resources: [INSTANCE], Tags: [{ Key: 'IR-Exception', Value: 'CHG-1;expires=2999-12-31' }] },
    ]);
    expect(out).toContain('Granted IR-Exception=CHG-1;expires=2999-12-31');
  });

  it.each([
    ['an empty --ticket', ['--resource', INSTANCE, '--ticket', ''], '--ticket must not be empty'],
    ['a missing --resource', ['--ticket', 'CHG-1'], "required option '--resource <id-or-arn>'"],
  ])('exits 2 for %s with no AWS call', async (_case, args, message) => {
    // Act
    const { code, err } = await run(['grant', ...args]);

    // Assert
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(sentActions(mocks)).toEqual([]);
  });

  it('exits 1 when AWS refuses the change', async () => {
    // Arrange
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: '222222222222' });
    mocks.ec2.on(DescribeInstancesCommand).rejects(
      Object.assign(new Error('not found'), {
        name: 'InvalidInstanceID.NotFound',
        $metadata: {},
      }),
    );

    // Act
    const { code, err } = await run(['grant', '--resource', INSTANCE, '--ticket', 'CHG-1']);

    // Assert
    expect(code).toBe(1);
    expect(err).toBe('error: InvalidInstanceID.NotFound: not found\n');
  });
});
