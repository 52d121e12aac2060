// The process boundary: reads argv, installs signal handlers, runs one command and sets the exit code.
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import type { CommandDeps } from './commands/deps.js';
import { ApiUnusableError, ExitCode, exitCodeFor, UsageError } from './core/errors.js';
import { buildProgram, type CommandRunner } from './program.js';
import { createChalk, createLogger } from './report/terminal.js';

function packageVersion(): string {
  const url = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit code. */
export async function run(argv: readonly string[], deps: CommandDeps): Promise<number> {
  let runner: CommandRunner | undefined;
  const program = buildProgram(deps, (chosen) => (runner = chosen), packageVersion());
  const log = createLogger(deps.stderr, createChalk(deps.stderr, deps.env));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (runner === undefined) {
      program.outputHelp();
      return ExitCode.usage;
    }
    return (await runner()).exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof UsageError || error instanceof ApiUnusableError) {
      log.error(error.message);
    } else if (error instanceof Error) {
      log.error(`${error.name}: ${error.message}`);
      if (deps.env['KRAKEN_IMPORT_DEBUG'] !== undefined && error.stack !== undefined)
        deps.stderr.write(`${error.stack}\n`);
    } else {
      log.error(String(error));
    }
    return exitCodeFor(error);
  }
}

/** Entry point of bin/kraken-import.js: wires the real process to `run`. */
export async function main(): Promise<void> {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (name: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      process.stderr.write(`\nsecond ${name}: exiting now\n`);
      process.exit(ExitCode.interrupted);
    }
    process.stderr.write(`\n${name}: stopping after in-flight work (press again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.exitCode = await run(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    argv: process.argv.slice(2),
    now: () => new Date(),
    signal: controller.signal,
  });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
