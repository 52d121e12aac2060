// What every command receives from the process boundary, so that tests can pass their own streams and clock.
import type { Readable } from 'node:stream';
import type { OutputStream } from '../report/terminal.js';

/** The outside world of a command. */
export interface CommandDeps {
  stdin: Readable;
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now: () => Date;
  /** The command line as typed (without node and the script), for messages such as how to resume. */
  argv: readonly string[];
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
}

/** What a command returns: the exit code the process boundary sets. */
export interface CommandResult {
  exitCode: number;
}
