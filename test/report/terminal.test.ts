// Text for people never carries raw control characters: `visible` escapes them, the logger applies it.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { Chalk } from 'chalk';
import { createLogger, shellQuote, visible } from '../../src/report/terminal.js';
import { formatFailedRecord } from '../../src/report/format-result.js';
import { CapturedStream } from '../helpers.js';

describe('visible', () => {
  it.each([
    ['plain text', 'plain text'],
    ['title \u001b]0;owned\u0007', 'title \\x1b]0;owned\\x07'],
    ['clear \u001b[2J', 'clear \\x1b[2J'],
    ['over\rwrite', 'over\\rwrite'],
    ['tab\there', 'tab\\there'],
    ['nul\u0000byte', 'nul\\x00byte'],
    ['c1 \u009b31m', 'c1 \\x9b31m'],
    ['bidi \u202eevil', 'bidi \\u202eevil'],
    ['two\nlines', 'two\nlines'],
    ['José Müller', 'José Müller'],
  ])('%j → %j', (input, expected) => {
    expect(visible(input)).toBe(expected);
  });
});

describe('shellQuote', () => {
  it.each([
    ['plain/path.ndjson', 'plain/path.ndjson'],
    ['with space.ndjson', "'with space.ndjson'"],
    ["it's.ndjson", "'it'\\''s.ndjson'"],
    ['esc\u001b[2J.ndjson', "$'esc\\x1b[2J.ndjson'"],
    ["bell\u0007 'q'", "$'bell\\x07 \\'q\\''"],
  ])('%j → %s', (input, expected) => {
    expect(shellQuote(input)).toBe(expected);
  });

  it('gives bash back the same word', () => {
    const word = "a b\u001b]0;t\u0007'c'";
    const echoed = spawnSync('bash', ['-c', `printf %s ${shellQuote(word)}`], { encoding: 'utf8' }).stdout;
    expect(echoed).toBe(word);
  });
});

describe('terminal output', () => {
  it('escapes control characters in log messages and failed-record lines', () => {
    const stream = new CapturedStream();
    const log = createLogger(stream, new Chalk({ level: 0 }));
    log.error('cannot read \u001b[2Jreport.ndjson');
    const line = formatFailedRecord(
      {
        source: 'in\u001b]0;x\u0007.ndjson',
        line: 3,
        external_account_number: '12\u001b[31m3',
        outcome: 'invalid',
        errors: [{ code: 'invalid', attr: 'customers.0.given_name', detail: 'bad\nvalue \u0007' }],
      },
      new Chalk({ level: 0 }),
    );
    expect(stream.text()).toBe('error: cannot read \\x1b[2Jreport.ndjson\n');
    expect(line).toBe('in\\x1b]0;x\\x07.ndjson:3 12\\x1b[31m3 customers.0.given_name invalid bad value \\x07');
  });
});
