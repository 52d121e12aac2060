// Commander wiring: every command and flag in one place; each command module is loaded only when it runs.
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CommandDeps, CommandResult } from './commands/deps.js';
import type { PushFlags } from './commands/push.js';
import type { StatusFlags } from './commands/status.js';
import type { ValidateOptions } from './commands/validate.js';

/** Runs the chosen command; set by the action commander calls. */
export type CommandRunner = () => Promise<CommandResult>;

function wholeNumber(minimum: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < minimum) {
      throw new InvalidArgumentError(`expected a whole number of at least ${minimum}`);
    }
    return number;
  };
}

function probability(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1)
    throw new InvalidArgumentError('expected a probability from 0 to 1');
  return number;
}

function addRemoteOptions(command: Command): Command {
  return command
    .option('--base-url <url>', 'Kraken API base URL (env KRAKEN_BASE_URL, config base_url)')
    .option(
      '--api-key-file <path>',
      'file holding the API key (env KRAKEN_API_KEY, config api_key_file); never the key itself',
    )
    .addOption(
      new Option('--auth <scheme>', 'Token header or a JWT from obtainKrakenToken (env KRAKEN_AUTH)').choices([
        'token',
        'jwt',
      ]),
    )
    .option('--import-supplier <code>', "import supplier code (env KRAKEN_IMPORT_SUPPLIER; default: each record's own)")
    .option('--concurrency <n>', 'requests in flight at most (default 8)', wholeNumber(1))
    .option('--rate <n>', 'requests per second at most', positiveNumber)
    .option('--allow-insecure-http', 'allow a plain http:// base URL that is not loopback')
    .option('--max-attempts <n>', 'attempts per request before giving up on it (default 8)', wholeNumber(1))
    .option('--config <path>', 'config file (default: ./kraken-import.yaml when present)');
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a number above 0');
  return number;
}

/** The input side shared by validate and push: files, their format and mapping, and NDJSON output. */
function addInputOptions(command: Command): Command {
  return command
    .argument('<files...>', 'NDJSON (.ndjson, .jsonl) or CSV (.csv) exports, optionally .gz; - for standard input')
    .option('--mapping <file.yaml>', 'CSV column mapping: rename columns to payload paths, set constants, map values')
    .addOption(
      new Option(
        '--input-format <format>',
        'input format, instead of guessing from the extension (required for -)',
      ).choices(['ndjson', 'csv']),
    )
    .option('--json', 'print one JSON result per record, then a summary object (NDJSON)');
}

/** Builds the commander program; the chosen command's runner is handed to `onRun`. */
export function buildProgram(deps: CommandDeps, onRun: (runner: CommandRunner) => void, version: string): Command {
  const program = new Command('kraken-import')
    .description('Validate customer account exports and import them into Kraken through the Account Import API.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => deps.stdout.write(text),
      writeErr: (text) => deps.stderr.write(text),
    })
    .exitOverride();

  addRemoteOptions(
    addInputOptions(
      program
        .command('validate')
        .description('check every record locally (JSON Schema plus business rules) and list what Kraken would refuse'),
    )
      .option('--report <path>', 'write one JSON line per record to this file (NDJSON)')
      .option('--junit <path>', 'write a JUnit XML file with one test case per record')
      .option(
        '--workers <n>',
        'worker threads that parse and check records (default 0: all on the main thread, least memory)',
        wholeNumber(0),
      )
      .option('--remote', 'also call the validate endpoint for records that pass locally'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  kraken-import validate accounts.ndjson\n  kraken-import validate export.csv --mapping legacy.yaml --report report.ndjson\n  gunzip -c big.ndjson.gz | kraken-import validate - --input-format ndjson --json\n  KRAKEN_API_KEY=... kraken-import validate accounts.ndjson --remote --base-url https://api.example.kraken.tech',
    )
    .action((files: string[], flags: Record<string, unknown>) => {
      onRun(async () => {
        const { validate } = await import('./commands/validate.js');
        return validate({ ...(flags as Omit<ValidateOptions, 'files'>), files }, deps);
      });
    });

  addRemoteOptions(
    addInputOptions(
      program
        .command('push')
        .description(
          'validate, create and follow every record until Kraken has imported it; writes a per-record report',
        ),
    )
      .option(
        '--report <path>',
        'per-record report (NDJSON); its .journal makes the run crash-safe',
        'kraken-import-report.ndjson',
      )
      .option('--resume', 'finish an earlier run with the same --report: skip what succeeded, look up what may exist')
      .option('--dry-run', 'ask Kraken for dry runs (is_dry_run: true): processed, then rolled back')
      .option('--no-wait', 'stop after create (outcome submitted) instead of polling the status')
      .option('--skip-remote-validate', 'do not call the validate endpoint before create')
      .option('--window-start <datetime>', 'schedule window start (ISO 8601), not in the past')
      .option('--window-end <datetime>', 'schedule window end (ISO 8601), at most 4 days ahead')
      .option(
        '--wait-timeout <seconds>',
        'give up waiting for one import after this long (default 600)',
        positiveNumber,
      ),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  KRAKEN_API_KEY=... kraken-import push accounts.ndjson --base-url https://api.example.kraken.tech --concurrency 8\n  kraken-import push accounts.ndjson --dry-run --report dry-run.ndjson\n  kraken-import push accounts.ndjson --report run1.ndjson --resume',
    )
    .action((files: string[], flags: Record<string, unknown>) => {
      onRun(async () => {
        const { push } = await import('./commands/push.js');
        return push({ ...(flags as Omit<PushFlags, 'files'>), files }, deps);
      });
    });

  addRemoteOptions(
    program
      .command('status')
      .description('print the import status of accounts (exit 0 when all are found and none failed)')
      .argument('[accounts...]', 'external account numbers')
      .option('--watch', 'poll until every import reaches a terminal status')
      .option('--interval <seconds>', 'seconds between polls with --watch (default 2)', positiveNumber)
      .option('--json', 'print one JSON status object per account')
      .option(
        '--from <report.ndjson>',
        'refresh the records of a push report that were submitted or timed out, and rewrite it',
      ),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  kraken-import status 8888888889 --import-supplier ACME\n  kraken-import status 8888888889 --watch\n  kraken-import status --from kraken-import-report.ndjson',
    )
    .action((accounts: string[], flags: Record<string, unknown>) => {
      onRun(async () => {
        const { status } = await import('./commands/status.js');
        return status({ ...(flags as Omit<StatusFlags, 'accounts'>), accounts }, deps);
      });
    });

  program
    .command('sandbox')
    .description('start the local Kraken account-import emulator for rehearsals and tests')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on; 0 picks a free one', wholeNumber(0), 4010)
    .option('--token <key>', 'API key the sandbox accepts', 'sandbox-key')
    .option('--forbidden-token <key>', 'an API key that is known but lacks permission (403)')
    .option('--jwt-ttl <seconds>', 'lifetime of tokens from obtainKrakenToken', wholeNumber(1), 3600)
    .option('--processing-ms <ms>', 'time an import takes from PENDING to a terminal status', wholeNumber(0), 2000)
    .option('--error-accounts <regex>', 'account numbers matching this end ERRORED')
    .option('--cancel-accounts <regex>', 'account numbers matching this end CANCELLED')
    .option('--status-lag-ms <ms>', 'for this long after a create, its status answers 404', wholeNumber(0))
    .option('--preimported <file>', 'file of account numbers (one a line) that already exist in Kraken')
    .option('--state <file>', 'keep imports in this file across restarts')
    .addOption(
      new Option('--error-format <format>', 'shape of validation errors')
        .choices(['standard', 'nested'])
        .default('standard'),
    )
    .option('--seed <n>', 'seed of the fault injection', wholeNumber(0), 1)
    .option('--latency-ms <ms>', 'added latency per request', wholeNumber(0), 0)
    .option('--jitter-ms <ms>', 'random +/- added to the latency', wholeNumber(0), 0)
    .option('--rate-429 <p>', 'probability of a 429 with Retry-After', probability)
    .option('--retry-after <seconds>', 'Retry-After of injected 429s', wholeNumber(0), 1)
    .option('--rate-5xx <p>', 'probability of a 503', probability)
    .option('--rate-reset <p>', 'probability of dropping the connection without an answer', probability)
    .option('--rate-lost-create <p>', 'probability that a create is committed but its answer is lost', probability)
    .option('--max-concurrent <n>', 'requests in flight past this get 429', wholeNumber(1))
    .option('--config <path>', 'config file whose tenant lists the sandbox validates against')
    .option('--quiet', 'no per-request log lines')
    .addHelpText(
      'after',
      "\nExamples:\n  kraken-import sandbox --port 0\n  kraken-import sandbox --latency-ms 50 --rate-429 0.05 --rate-lost-create 0.01 --error-accounts '7$'",
    )
    .action((flags: Record<string, unknown>) => {
      onRun(async () => {
        const { sandbox } = await import('./commands/sandbox.js');
        return sandbox(flags, deps);
      });
    });

  return program;
}
