// Commander wiring: every command and flag in one place; each command module is loaded only when it runs.
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CommandDeps, CommandResult } from './commands/deps.js';
import type { SandboxFlags } from './commands/sandbox.js';
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
  if (!Number.isFinite(number) || number < 0 || number > 1) throw new InvalidArgumentError('expected a probability from 0 to 1');
  return number;
}

const inputFormatOption = () =>
  new Option('--input-format <format>', 'input format, instead of guessing from the extension (required for -)').choices([
    'ndjson',
    'csv',
  ]);

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

  program
    .command('validate')
    .description('check every record locally (JSON Schema plus business rules) and list what Kraken would refuse')
    .argument('<files...>', 'NDJSON (.ndjson, .jsonl) or CSV (.csv) exports, optionally .gz; - for standard input')
    .option('--config <path>', 'config file (default: ./kraken-import.yaml when present)')
    .option('--json', 'print one JSON result per record, then a summary object (NDJSON)')
    .option('--report <path>', 'write one JSON line per record to this file (NDJSON)')
    .option('--junit <path>', 'write a JUnit XML file with one test case per record')
    .option('--mapping <file.yaml>', 'CSV column mapping: rename columns to payload paths, set constants, map values')
    .option('--import-supplier <code>', 'import supplier code for every record (default: each record\'s own)')
    .addOption(inputFormatOption())
    .option('--workers <n>', 'worker threads that parse and check records (default 0: all on the main thread, least memory)', wholeNumber(0))
    .addHelpText(
      'after',
      '\nExamples:\n  kraken-import validate accounts.ndjson\n  kraken-import validate export.csv --mapping legacy.yaml --report report.ndjson\n  gunzip -c big.ndjson.gz | kraken-import validate - --input-format ndjson --json',
    )
    .action((files: string[], flags: Record<string, unknown>) => {
      onRun(async () => {
        const { validate } = await import('./commands/validate.js');
        return validate({ ...(flags as Omit<ValidateOptions, 'files'>), files }, deps);
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
    .option('--preimported <file>', 'file of account numbers (one a line) that already exist in Kraken')
    .option('--state <file>', 'keep imports in this file across restarts')
    .addOption(new Option('--error-format <format>', 'shape of validation errors').choices(['standard', 'nested']).default('standard'))
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
      '\nExamples:\n  kraken-import sandbox --port 0\n  kraken-import sandbox --latency-ms 50 --rate-429 0.05 --rate-lost-create 0.01 --error-accounts \'7$\'',
    )
    .action((flags: Record<string, unknown>) => {
      onRun(async () => {
        const { sandbox } = await import('./commands/sandbox.js');
        return sandbox(flags as SandboxFlags, deps);
      });
    });

  return program;
}
