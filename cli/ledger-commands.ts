/** Commander wiring of the ledger commands `release` and `history` (kept apart from main.ts). */
import { type Command, InvalidArgumentError } from 'commander';
import { declarationOf, RESPONDER_NAMES } from '../lambdas/registry/responders';
import type { Config } from '../modules/config/schema';
import type { Output } from './errors';
import { type HistoryOptions, LEDGER_STATUSES, runHistory } from './history';
import { runRelease } from './release';

// What each responder's release restores, from its registry declaration.
const RELEASE_HELP = `
Reads the response from the ledger (security account, home region, your credentials) and acts in
the member account through --role-name. Dry-run unless --apply: prints what would be restored.
Refused (exit 1) when the resource changed since the containment, unless --force.
${RESPONDER_NAMES.map((n) => `${n}: ${declarationOf(n).operator.release}.`).join('\n')}

Examples:
  $ security-ir release i-0a1b2c3d4e5f60789
  $ security-ir release a2c6f1e0b7d94e3f8c5a1b2d3e4f5a6b --apply
  $ security-ir release arn:aws:iam::222222222222:user/alice --apply --role-name IR-Release-Admin`;

const HISTORY_HELP = `
Examples:
  $ security-ir history --account 222222222222 --since 2026-11-30
  $ security-ir history --resource i-0a1b2c3d4e5f60789 --json
  $ security-ir history --status dry-run --since 2026-11-30T15:00Z`;

function limitOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10000)
    throw new InvalidArgumentError('must be 1 to 10000');
  return n;
}

/** Adds `release` and `history` to the program. */
export function registerLedgerCommands(
  program: Command,
  config: () => Config,
  io: { readonly out: Output },
  run: (fn: () => Promise<number>) => Promise<void>,
): void {
  program
    .command('release')
    .description('undo a containment recorded in the ledger (dry-run unless --apply)')
    .argument('<finding-or-resource>', 'a finding id, or the resource as the outcome named it')
    .option('--apply', 'act; without it the plan is printed and nothing changes')
    .option('--force', 'release even though the resource changed since the containment')
    .option('--restore-open-ranges', 'confine-security-group: re-add the revoked world-open ranges')
    .option('--role-name <name>', 'role assumed in the member account (default: the member role)')
    .option('--table-name <name>', 'ledger table (default: <prefix>-ledger)')
    .option('--json', 'print the plans and releases as JSON')
    .addHelpText('after', RELEASE_HELP)
    .action(
      (
        target: string,
        opts: {
          apply?: boolean;
          force?: boolean;
          restoreOpenRanges?: boolean;
          roleName?: string;
          tableName?: string;
          json?: boolean;
        },
      ) => run(() => runRelease({ target, ...opts }, config(), io.out)),
    );

  program
    .command('history')
    .description('list responses from the ledger by account, resource, finding, status and time')
    .option('--account <id>', 'responses in this account')
    .option('--resource <id-or-arn>', 'responses about this resource')
    .option('--finding <id>', 'responses to this finding')
    .option('--status <status>', `one of ${LEDGER_STATUSES.join(', ')}`)
    .option('--since <time>', 'ended at or after this ISO date or time')
    .option('--until <time>', 'ended at or before this ISO date or time')
    .option('--limit <n>', 'at most this many responses', limitOption, 100)
    .option('--table-name <name>', 'ledger table (default: <prefix>-ledger)')
    .option('--json', 'print a JSON array instead of a table')
    .addHelpText('after', HISTORY_HELP)
    .action((opts: HistoryOptions) => run(() => runHistory(opts, config(), io.out)));
}
