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

// C0 and C1 controls (newline aside), DEL, and the Unicode controls that reorder or hide text on a terminal.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacters = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Shows control characters from data (file names, account fields, server answers) as visible escapes such as `\x1b`,
 * so that text meant for a person can never move the cursor, retitle the window or clear the screen. Newlines stay.
 */
export function visible(text: string): string {
  return text.replace(controlCharacters, (character) => {
    const code = character.charCodeAt(0);
    if (character === '\t') return '\\t';
    if (character === '\r') return '\\r';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
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
    info: (message) => stream.write(`${visible(message)}\n`),
    warn: (message) => stream.write(`${chalk.yellow('warning:')} ${visible(message)}\n`),
    error: (message) => stream.write(`${chalk.red('error:')} ${visible(message)}\n`),
  };
}

/**
 * Quotes a word for a POSIX shell when it needs it, so that a printed command can be pasted as it is; control
 * characters become bash's `$'\x1b'` escapes, so that the command is safe to print and still the same word.
 */
export function shellQuote(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (!/[\u0000-\u001f\u007f]/.test(word)) return `'${word.replace(/'/g, `'\\''`)}'`;
  // eslint-disable-next-line no-control-regex -- control characters are what this escapes
  const escaped = word.replace(/[\\']/g, '\\$&').replace(/[\u0000-\u001f\u007f]/g, (character) => {
    return `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `$'${escaped}'`;
}
