// Terminal helpers: one chalk instance per stream that honours NO_COLOR and FORCE_COLOR, and the stderr logger.
import { Chalk, type ChalkInstance } from 'chalk';
import type { Writable } from 'node:stream';

/** An output stream that may be a terminal. */
export type OutputStream = Writable & { isTTY?: boolean; columns?: number };

/** Returns a chalk instance that colours only a terminal, never when NO_COLOR is set. */
export function createChalk(stream: OutputStream, env: NodeJS.ProcessEnv): ChalkInstance {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return new Chalk({ level: 0 });
  const forced = env['FORCE_COLOR'];
  if (forced !== undefined && forced !== '' && forced !== '0') return new Chalk({ level: 1 });
  return new Chalk({ level: stream.isTTY === true && env['TERM'] !== 'dumb' ? 1 : 0 });
}

/** Messages for people, on standard error. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Creates a logger that writes to a stream (standard error in the CLI). */
export function createLogger(stream: OutputStream, chalk: ChalkInstance): Logger {
  return {
    info: (message) => stream.write(`${message}\n`),
    warn: (message) => stream.write(`${chalk.yellow('warning:')} ${message}\n`),
    error: (message) => stream.write(`${chalk.red('error:')} ${message}\n`),
  };
}
