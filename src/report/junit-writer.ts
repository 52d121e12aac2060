// Writes a JUnit XML file with one test case per record, so CI systems show each bad account as a failed test.
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { createReadStream, createWriteStream, fchmodSync, type WriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { drained, outputFileHighWaterMark } from './drained.js';
import type { RecordResult } from './record-result.js';
import { successOutcomes } from './record-result.js';

/** Escapes text for an XML attribute or text node, dropping characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A file stream readable by its owner only, also when the file existed before with a wider mode. */
function privateWriteStream(path: string): WriteStream {
  const stream = createWriteStream(path, { mode: 0o600, highWaterMark: outputFileHighWaterMark });
  stream.once('open', (fd: number) => {
    fchmodSync(fd, 0o600);
  });
  return stream;
}

/** Streams test cases to a side file, then writes the suite with its counts around them on close. */
export class JunitWriter {
  private readonly body: WriteStream;
  private tests = 0;
  private failures = 0;
  private failure: Error | undefined;

  private constructor(
    private readonly path: string,
    private readonly suiteName: string,
  ) {
    this.body = privateWriteStream(`${path}.part`);
    // Kept for write() and close() to throw: an 'error' event with no listener would end the process.
    this.body.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Opens a writer for `path`; the suite is named after the command. */
  static open(path: string, suiteName: string): JunitWriter {
    return new JunitWriter(path, suiteName);
  }

  /** Adds one record as a test case. */
  async write(result: RecordResult): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    this.tests += 1;
    const name = `${result.source}:${result.line} ${result.external_account_number ?? '(no account number)'}`;
    let xml = `  <testcase classname="${escapeXml(result.source)}" name="${escapeXml(name)}">`;
    if (!successOutcomes.has(result.outcome)) {
      this.failures += 1;
      const text = result.errors.map((error) => `${error.attr ?? '-'} ${error.code}: ${error.detail}`).join('\n');
      const first = result.errors[0];
      const message = first === undefined ? result.outcome : `${first.attr ?? ''} ${first.code}`.trim();
      xml += `<failure message="${escapeXml(message)}" type="${escapeXml(result.outcome)}">${escapeXml(text)}</failure>`;
    }
    xml += '</testcase>\n';
    if (!this.body.write(xml)) await drained(this.body);
  }

  /** Writes the final file and removes the side file. */
  async close(): Promise<void> {
    this.body.end();
    await once(this.body, 'close');
    if (this.failure !== undefined) throw this.failure;
    const out = privateWriteStream(this.path);
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n');
    out.write(`<testsuites tests="${this.tests}" failures="${this.failures}">\n`);
    out.write(
      `<testsuite name="${escapeXml(this.suiteName)}" tests="${this.tests}" failures="${this.failures}" errors="0">\n`,
    );
    await pipeline(createReadStream(`${this.path}.part`), out, { end: false });
    out.end('</testsuite>\n</testsuites>\n');
    await once(out, 'close');
    await rm(`${this.path}.part`, { force: true });
  }
}
