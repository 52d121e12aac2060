// Commander wiring: every command and flag in one place; each command module is loaded only when it runs.
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CommandDeps, CommandResult } from './commands/deps.js';
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

  return program;
}
