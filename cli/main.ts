/**
 * The operator's command line, `security-ir`: `grant` / `revoke` an exception, `audit` the
 * exceptions of the organization, `doctor` the deployment, `respond` to an event file locally,
 * `release` a containment and read the `history` of responses from the ledger.
 * Commander wiring only; each command is a function of its own file. Exit codes (`EXIT`): 0 ok,
 * 1 a problem found, 2 could not run or could not check.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { RESPONDER_NAMES } from '../lambdas/shared/catalogue';
import { DEFAULT_PREFIX } from '../lambdas/shared/defaults';
import { describeSource, loadConfigWithSource } from '../modules/config/load';
import type { Config } from '../modules/config/schema';
import type { ScanOptions } from './accounts';
import type { CREDENTIALS_NEEDED } from './credentials';
import { EXIT, type Output, reportError } from './errors';
import { registerLedgerCommands } from './ledger-commands';
import { RESOURCE_FORMS } from './resource';
import { productVersion } from './version';

/** Where the command line reads its configuration and writes. */
export interface CliIo {
  readonly out: Output;
  readonly err: Output;
  /** @default loadConfigWithSource() (--config or ir.config.json, IR_* variables) */
  readonly config?: () => Config;
}

type Whose = keyof typeof CREDENTIALS_NEEDED;

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('must be 1 to 64');
  return n;
}

const GRANT_HELP = `
The tag value is <ticket> or <ticket>;expires=YYYY-MM-DD. An instance is tagged together with its
network interfaces and EBS volumes (IAM evaluates their own tags); a bucket gets ABAC enabled after
tagging (IAM sees bucket tags only with ABAC). Run with the exception admin's credentials of the
member account: nobody else may touch the tag. See docs/exceptions.md.

Examples:
  $ security-ir grant --resource i-0a1b2c3d4e5f60789 --region eu-west-1 --ticket CHG-1234 --expires 2026-12-31
  $ security-ir grant --resource s3://forensics-archive --ticket SEC-77
  $ security-ir grant --resource arn:aws:iam::222222222222:role/break-glass --ticket INC-9`;

const AUDIT_HELP = `
Runs from the security account with the operator's credentials, which the member role must trust
(configuration key operatorPrincipalArns). Read-only. Flags: expired, malformed, untagged-interfaces,
untagged-volumes; an account that cannot be reached is an error row. Progress goes to stderr. Exit
code 1 when an exception is flagged, 2 when nothing is flagged but a part could not be read, so the
audit can gate a pipeline.

Examples:
  $ security-ir audit
  $ security-ir audit --accounts 222222222222,333333333333 --regions us-east-1,eu-west-1 --json`;

const DOCTOR_HELP = `
Runs from the security account with the operator's credentials (a principal in
operatorPrincipalArns). Per account and region: ROLE the member role can be assumed, TRUST it trusts
only the responders and operatorPrincipalArns, STACKS the stack set instances exist and succeeded
(the regional one holds the Config forwarding rule), GUARDDUTY / SECURITYHUB the security account is
the administrator, GROUPS every VPC has isolate-ec2's isolation groups (security-ir prepare); then
each responder's errors of the last 24 hours and dead-letter depth. A caller not in
operatorPrincipalArns is told the exact value to set; ROLE, TRUST and GROUPS are then not checked
(no member account is tried). Progress goes to stderr. Exit code 0 healthy, 1 a problem found, 2
something could not be checked (also: no credentials, AWS out of reach).

Examples:
  $ security-ir doctor
  $ security-ir doctor --accounts 222222222222 --regions us-east-1,eu-west-1 --json`;

const PREPARE_HELP = `
Runs from the security account with the operator's credentials (a principal in
operatorPrincipalArns), through the member role. In every VPC of each account and region, creates
the passthrough and quarantine groups isolate-ec2 uses, with the responder's own names and rules,
and repairs their rules if changed, so the first isolation in a VPC moves the interfaces at once
(4 sequential AWS round trips instead of 6). Run again after new VPCs appear; doctor's GROUPS
column shows where it is needed. Exit code 1 when an account or region failed.

Examples:
  $ security-ir prepare --dry-run
  $ security-ir prepare --accounts 222222222222 --regions us-east-1,eu-west-1`;

const RESPOND_HELP = `
Runs the responder that the event routes to (GuardDuty finding type, Config rule, Security Hub
custom action), locally, with the operator's credentials of the security account. Dry-run unless
--contain: the responder reads live state and reports the steps it would take. With --contain the
account's configured response mode (responseModes) still applies. --plan (or --offline) stops
before any AWS call: the responder's own validation of the event and what it would do, from the
event and the configuration alone, with no credentials. The file holds one raw EventBridge event
(source, detail-type, detail), not a bare finding. Exit code 2 for an event the responder rejects
or missing credentials, 1 for a failed outcome.

Examples:
  $ security-ir respond test/fixtures/guardduty/ec2-backdoor.json --plan
  $ security-ir respond test/fixtures/guardduty/ec2-backdoor.json
  $ security-ir respond finding.json --responder isolate-ec2 --contain --json`;

const APPROVE_HELP = `
Takes the plan (awaiting-approval) from the ledger with a conditional write: of two people
approving at once, one carries it out and the other is told who. Then runs the responder on the
stored event as \`respond --contain\` does, with the ledger: the resource is read live again, and
the exception tag and the blast-radius limit are checked again. Records who approved (your ARN)
and when. Exit code 0 carried out (contained, or skipped with the reason), 1 not carried out
(expired, already decided) or failed, 2 bad input. Credentials: the security account, a principal
in operatorPrincipalArns. See docs/approval.md.

Examples:
  $ security-ir approve a2c6f1e0b7d94e3f8c5a1b2d3e4f5a6b --responder isolate-ec2`;

const DENY_HELP = `
Records who denied the plan and when; nothing in the member account changes. Exit code 0 denied,
1 already decided or expired, 2 bad input.

Examples:
  $ security-ir deny a2c6f1e0b7d94e3f8c5a1b2d3e4f5a6b --responder isolate-ec2`;

/**
 * Builds the program; each action reports its exit code through `setExit`. Commands import their
 * module (and its AWS SDK clients) when they run, so `--help` and `--version` load none of them.
 */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  let loaded: Config | undefined;
  // Loaded once, on first use, saying on stderr which file it came from.
  const config = (): Config => {
    if (loaded) return loaded;
    if (io.config) {
      loaded = io.config();
      return loaded;
    }
    const file = program.opts<{ config?: string }>().config;
    const { config: c, source } = loadConfigWithSource(file ? { file } : {});
    io.err.write(`${describeSource(source)}\n`);
    loaded = c;
    return c;
  };
  const run = async (whose: Whose, fn: () => Promise<number>): Promise<void> => {
    try {
      setExit(await fn());
    } catch (error) {
      setExit(reportError(error, io.err, whose));
    }
  };
  const program = new Command(DEFAULT_PREFIX)
    .description(
      'Operator commands of the security incident response: exceptions (grant, revoke, audit), health check (doctor), isolation groups ready before an incident (prepare), local response (respond), approval of planned containments (approve, deny), undo (release) and the ledger (history)',
    )
    .version(productVersion(), '-V, --version', 'print the version')
    .option(
      '--config <file>',
      'configuration file (default: IR_CONFIG_FILE, else the first ir.config.json from here up to the project root)',
    )
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('grant')
    .description('grant an exception: put the exception tag on a resource')
    .requiredOption('--resource <id-or-arn>', RESOURCE_FORMS)
    .requiredOption('--ticket <ticket>', 'the approval, e.g. CHG-1234 (not empty, no ";")')
    .option('--expires <YYYY-MM-DD>', 'last day of the exception, UTC (a future date)')
    .option(
      '--region <region>',
      'region of an EC2 resource given by id (default: AWS_REGION or profile); S3 follows the bucket to its region, IAM is global',
    )
    .option('--tag-key <key>', 'exception tag key (default: exceptionTagKey of the configuration)')
    .option('--json', 'print the change as JSON')
    .addHelpText('after', GRANT_HELP)
    .action(
      (opts: {
        resource: string;
        ticket: string;
        expires?: string;
        region?: string;
        tagKey?: string;
        json?: boolean;
      }) =>
        run('member', async () => {
          const { grantException } = await import('./grant');
          await grantException(opts, config(), io.out);
          return EXIT.ok;
        }),
    );

  program
    .command('revoke')
    .description(
      'revoke an exception: remove the exception tag (every letter case) from a resource',
    )
    .requiredOption('--resource <id-or-arn>', RESOURCE_FORMS)
    .option(
      '--region <region>',
      'region of an EC2 resource given by id (default: AWS_REGION or profile); S3 follows the bucket to its region, IAM is global',
    )
    .option('--tag-key <key>', 'exception tag key (default: exceptionTagKey of the configuration)')
    .option('--json', 'print the change as JSON')
    .action((opts: { resource: string; region?: string; tagKey?: string; json?: boolean }) =>
      run('member', async () => {
        const { revokeException } = await import('./grant');
        await revokeException(opts, config(), io.out);
        return EXIT.ok;
      }),
    );

  /** `audit` and `doctor`: read-only scans of accounts x regions with the same options. */
  const scan = (
    name: 'audit' | 'doctor',
    description: string,
    what: { json: string; concurrency: string; help: string },
    runScan: (options: ScanOptions) => Promise<number>,
  ) =>
    program
      .command(name)
      .description(description)
      .option('--accounts <ids|all>', 'comma-separated account ids, or all ACTIVE accounts', 'all')
      .option(
        '--regions <regions>',
        'comma-separated regions (default: the configured regions)',
        list,
      )
      .option('--json', what.json)
      .option('--concurrency <n>', what.concurrency, positiveInt, 8)
      .addHelpText('after', what.help)
      .action(
        (opts: { accounts: string; regions?: string[]; json?: boolean; concurrency: number }) =>
          run('security', () =>
            runScan({
              accounts: opts.accounts.trim() === 'all' ? 'all' : list(opts.accounts),
              ...(opts.regions ? { regions: opts.regions } : {}),
              json: opts.json === true,
              concurrency: opts.concurrency,
            }),
          ),
      );

  scan(
    'audit',
    'list every resource carrying the exception tag, across the organization (read-only)',
    {
      json: 'print a JSON array instead of a table',
      concurrency: 'accounts audited at once',
      help: AUDIT_HELP,
    },
    async (options) => (await import('./audit')).runAudit(options, config(), io),
  );
  scan(
    'doctor',
    'check the deployment in every enrolled account and region (read-only)',
    {
      json: 'print one JSON object instead of tables',
      concurrency: 'accounts checked at once',
      help: DOCTOR_HELP,
    },
    async (options) => (await import('./doctor')).runDoctor(options, config(), io),
  );

  program
    .command('prepare')
    .description(
      "create isolate-ec2's passthrough and quarantine groups in every VPC, before any incident",
    )
    .option('--accounts <ids|all>', 'comma-separated account ids, or all ACTIVE accounts', 'all')
    .option(
      '--regions <regions>',
      'comma-separated regions (default: the configured regions)',
      list,
    )
    .option('--dry-run', 'report the groups to create or repair; change nothing')
    .option('--json', 'print a JSON array instead of a table')
    .option('--concurrency <n>', 'accounts prepared at once', positiveInt, 8)
    .addHelpText('after', PREPARE_HELP)
    .action(
      (opts: {
        accounts: string;
        regions?: string[];
        dryRun?: boolean;
        json?: boolean;
        concurrency: number;
      }) =>
        run('security', async () =>
          (await import('./prepare')).runPrepare(
            {
              accounts: opts.accounts.trim() === 'all' ? 'all' : list(opts.accounts),
              ...(opts.regions ? { regions: opts.regions } : {}),
              dryRun: opts.dryRun === true,
              json: opts.json === true,
              concurrency: opts.concurrency,
            },
            config(),
            io,
          ),
        ),
    );

  program
    .command('respond')
    .description('run the matching responder locally on an event file (dry-run unless --contain)')
    .argument('<event-file>', 'JSON file holding one raw EventBridge event')
    .option('--contain', 'act; without it nothing is changed')
    .addOption(
      new Option(
        '--plan',
        'offline: what the responder would do, from the event alone (no AWS call, no credentials)',
      ).conflicts(['contain', 'topic']),
    )
    .addOption(new Option('--offline', 'the same as --plan').hideHelp().implies({ plan: true }))
    .addOption(
      new Option('--responder <name>', 'run this responder instead').choices(RESPONDER_NAMES),
    )
    .option('--topic <arn>', 'publish the outcomes to this SNS topic (default: publish nothing)')
    .option('--json', 'print the outcomes as JSON')
    .addHelpText('after', RESPOND_HELP)
    .action(
      (
        eventFile: string,
        opts: {
          contain?: boolean;
          plan?: boolean;
          responder?: string;
          topic?: string;
          json?: boolean;
        },
      ) =>
        run('security', async () =>
          (await import('./respond')).respond(
            {
              eventFile,
              contain: opts.contain === true,
              plan: opts.plan === true,
              json: opts.json === true,
              ...(opts.responder ? { responder: opts.responder } : {}),
              ...(opts.topic ? { topicArn: opts.topic } : {}),
            },
            config(),
            io,
          ),
        ),
    );
  /** `approve` / `deny`: a person's decision on a plan of `approve` mode, in the ledger. */
  const decide = (verb: 'approve' | 'deny', description: string, help: string) =>
    program
      .command(verb)
      .description(description)
      .argument('<finding-id>', "the finding id, as the notification's command names it")
      .addOption(
        new Option(
          '--responder <name>',
          'the plan of this responder (when the finding has several)',
        ).choices(RESPONDER_NAMES),
      )
      .option('--table-name <name>', 'ledger table (default: <prefix>-ledger)')
      .option('--json', 'print the outcome as JSON')
      .addHelpText('after', help)
      .action(
        (findingId: string, opts: { responder?: string; tableName?: string; json?: boolean }) =>
          run('security', async () => {
            const options = { findingId, ...opts };
            return verb === 'approve'
              ? (await import('./approve')).runApprove(options, config(), io)
              : (await import('./deny')).runDeny(options, config(), io);
          }),
      );
  decide(
    'approve',
    'carry out a plan of approve mode: live read, exception and limit checked again, then contain',
    APPROVE_HELP,
  );
  decide('deny', 'refuse a plan of approve mode (nothing is changed)', DENY_HELP);
  // Both read the ledger of the security account and act through the member role.
  registerLedgerCommands(program, config, io, (fn) => run('security', fn));
  return program;
}

/** Runs the command line on `args` (without node and script) and returns the exit code. */
export async function main(
  args: readonly string[],
  io: CliIo = { out: process.stdout, err: process.stderr },
): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  program.exitOverride();
  for (const sub of program.commands) sub.exitOverride();
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
  return code;
}

/** Entry point of `bin/security-ir.js`. */
export function runCli(): void {
  // The SDK warns on Node 20 that its releases after January 2027 need Node 22. The README states
  // the supported versions; the operator's output stays the result (@aws-sdk/core's documented switch).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // A closed pipe (`| head`) ends the output quietly instead of with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? EXIT.ok);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = reportError(error, process.stderr);
    },
  );
}
