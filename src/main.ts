// The process boundary: reads argv, installs signal handlers, runs one command and sets the exit code.
import { CommanderError } from 'commander';
import type { CommandDeps } from './commands/deps.js';
import { packageIdentity } from './core/package-files.js';
import { holdHeapGrowth } from './core/hold-heap-growth.js';
import { ApiUnusableError, ExitCode, exitCodeFor, UsageError } from './core/errors.js';
import { buildProgram, commandNamedBy, type CommandRunner } from './program.js';
import { createChalk, createLogger } from './report/terminal.js';

/** What happens to a key typed on the command line: refused, never echoed. */
const keyOnCommandLine =
  '--api-key is not accepted: a key on the command line is kept in shell history and shown in process lists; ' +
  'set KRAKEN_API_KEY or put the key in a file and pass --api-key-file <path>';

/** Exit code when standard output is closed early (`| head`): what a process killed by SIGPIPE reports. */
export const brokenPipeExitCode = 141;

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit code. */
export async function run(argv: readonly string[], deps: CommandDeps): Promise<number> {
  let runner: CommandRunner | undefined;
  const program = buildProgram(deps, (chosen) => (runner = chosen), packageIdentity().version, commandNamedBy(argv));
  const log = createLogger(deps.stderr, createChalk(deps.stderr, deps.env));
  if (argv.some((argument) => argument === '--api-key' || argument.startsWith('--api-key='))) {
    log.error(keyOnCommandLine);
    return ExitCode.usage;
  }
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

/** What the first and the second SIGINT or SIGTERM tell the user, by command ('' for any other). */
const signalMessages: Record<string, { stopping: string; quitting: string }> & {
  '': { stopping: string; quitting: string };
} = {
  '': { stopping: 'stopping', quitting: 'quitting' },
  validate: {
    stopping: 'stopping: every record read gets its line in the report',
    quitting: 'the records in flight have no line: run it again (with --force to replace its report)',
  },
  push: {
    stopping: 'stopping: every record read gets its line in the report',
    quitting:
      'the report lacks the records in flight: finish the run with the same command and --resume (no account is created twice)',
  },
  sandbox: { stopping: 'stopping the sandbox', quitting: 'quitting' },
};

/** Entry point of bin/kraken-import.cjs: wires the real process to `run`. */
export async function main(): Promise<void> {
  const stopHoldingHeaps = holdHeapGrowth();
  const controller = new AbortController();
  let signals = 0;
  // What a first signal does (validate and push finish every record read; the sandbox closes its server), and what
  // quitting at once on a second leaves: a report without the records in flight.
  const { stopping, quitting } = signalMessages[process.argv[2] ?? ''] ?? signalMessages[''];
  const onSignal = (name: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      process.stderr.write(`\nsecond ${name}: quitting at once; ${quitting}\n`);
      // The process ends by the signal itself, as a kill would: exit status 130 promises a complete report, which a
      // quit at once cannot keep. Once no listener is left, Node gives the signal its default action again.
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // A progress bar hides the terminal's cursor until it stops: show it again.
      if (process.stderr.isTTY) process.stderr.write('\x1b[?25h');
      process.kill(process.pid, name);
      // Only if something else still listens for the signal, so that the kill did not end the process. Not at once:
      // the kernel may hand the signal to another of the process's threads a moment after kill returns.
      setTimeout(() => process.exit(name === 'SIGINT' ? 130 : 143), 1000);
      return;
    }
    process.stderr.write(`\n${name}: ${stopping} (press again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A reader that stops early (`kraken-import validate … --json | head -1`) ends the run quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(brokenPipeExitCode);
    });
  }
  process.exitCode = await run(process.argv.slice(2), {
    // Made on first read, by a run with an input named `-` (prepare-inputs.ts).
    get stdin() {
      return process.stdin;
    },
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
  stopHoldingHeaps();
}
