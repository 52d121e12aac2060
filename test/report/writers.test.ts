// Report writers and terminal formatting: escaping, colours, and the exact shapes CI tools read.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { githubAnnotation } from '../../src/report/github-annotations.js';
import { escapeXml, JunitWriter } from '../../src/report/junit-writer.js';
import { NdjsonWriter, rewriteNdjson } from '../../src/report/ndjson-writer.js';
import type { RecordResult } from '../../src/report/record-result.js';
import { createProgress } from '../../src/report/progress.js';
import { createChalk } from '../../src/report/terminal.js';
import { CapturedStream } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kraken-import-writers-'));
const invalid: RecordResult = {
  source: 'a,b:c.ndjson',
  line: 7,
  external_account_number: 'X<1>',
  outcome: 'invalid',
  errors: [{ code: 'invalid_phone_number', attr: 'customers.0.landline', detail: '100% "wrong" & <bad>\nnext' }],
};

describe('escapeXml', () => {
  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml('a<b>&"c"\u0001\u0000d')).toBe('a&lt;b&gt;&amp;&quot;c&quot;d');
  });
});

describe('JunitWriter', () => {
  it('writes counts and one escaped test case per record', async () => {
    const path = join(dir, 'junit.xml');
    const writer = JunitWriter.open(path, 'suite');
    await writer.write(invalid);
    await writer.write({ ...invalid, line: 8, outcome: 'valid', errors: [] });
    await writer.close();
    const xml = readFileSync(path, 'utf8');
    expect(xml).toContain('<testsuite name="suite" tests="2" failures="1" errors="0">');
    expect(xml).toContain('name="a,b:c.ndjson:7 X&lt;1&gt;"');
    expect(xml).toContain('100% &quot;wrong&quot; &amp; &lt;bad&gt;\nnext</failure>');
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  });
});

describe('NdjsonWriter', () => {
  it('appends when asked, one line per object', async () => {
    const path = join(dir, 'report.ndjson');
    const first = await NdjsonWriter.open(path);
    await first.write({ n: 1 });
    await first.close();
    const second = await NdjsonWriter.open(path, true);
    await second.write({ n: 2 });
    await second.close();
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
  });
});

describe('rewriteNdjson', () => {
  it('replaces the file with exactly the new lines and leaves no temporary file behind', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kraken-import-rewrite-'));
    const path = join(folder, 'report.ndjson');
    writeFileSync(path, '{"n":1}\n{"n":2}\n{"n":3}\n');
    await rewriteNdjson(path, [{ n: 3 }, { n: 1 }]);
    expect(readFileSync(path, 'utf8')).toBe('{"n":3}\n{"n":1}\n');
    expect(readdirSync(folder)).toEqual(['report.ndjson']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('githubAnnotation', () => {
  it('escapes properties and message as workflow commands require', () => {
    expect(githubAnnotation(invalid)).toBe(
      '::error file=a%2Cb%3Ac.ndjson,line=7,title=invalid%3A X<1>::customers.0.landline invalid_phone_number: 100%25 "wrong" & <bad>%0Anext\n',
    );
  });
});

describe('createChalk', () => {
  const tty = Object.assign(new CapturedStream(), { isTTY: true });
  it.each([
    ['a terminal', tty, {}, 1],
    ['a terminal with NO_COLOR', tty, { NO_COLOR: '1' }, 0],
    ['a pipe', new CapturedStream(), {}, 0],
    ['a pipe with FORCE_COLOR', new CapturedStream(), { FORCE_COLOR: '1' }, 1],
  ])('colours %s at level %i', (_name, stream, env, level) => {
    expect(createChalk(stream, env).level).toBe(level);
  });
});

describe('createProgress off a terminal', () => {
  it('writes one line at most every 10 seconds, with the total and ETA once known', () => {
    let now = 0;
    const stream = new CapturedStream();
    const progress = createProgress(stream, 'push', () => now);
    progress.setTotal(100);
    for (let second = 1; second <= 25; second += 1) {
      now = second * 1000;
      progress.tick({ processed: second });
    }
    progress.stop();
    expect(stream.text().trim().split('\n')).toEqual([
      'push 10/100 (10%): processed 10; 1.0 records/s, ETA 1m30s',
      'push 20/100 (20%): processed 20; 1.0 records/s, ETA 1m20s',
    ]);
  });
});
