// The create journal's group commit: staged intents wait for the next fsync someone needs, and share it.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { readJournal, type JournalEntry } from '../../src/pipeline/journal.js';
import { tempJournal } from './pipeline-fixtures.js';

function intent(number: string): JournalEntry {
  return {
    event: 'create_intent',
    import_supplier: 'ACME',
    external_account_number: number,
    source: 'a.ndjson',
    line: Number(number),
    dry_run: false,
    at: '2026-11-28T00:00:00.000Z',
  };
}

const numbersIn = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as JournalEntry).external_account_number);

describe('CreateJournal', () => {
  it('writes a staged entry only when someone waits for it, together with every entry staged before', async () => {
    const { journal, path } = await tempJournal();
    const first = journal.stage(intent('1'));
    const second = journal.stage(intent('2'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(readFileSync(path, 'utf8')).toBe('');
    await second();
    // The first entry went to disk with the second one's flush: waiting for it needs no more writing.
    expect(numbersIn(path)).toEqual(['1', '2']);
    await first();
    expect(numbersIn(path)).toEqual(['1', '2']);
    await journal.record(intent('3'));
    expect(numbersIn(path)).toEqual(['1', '2', '3']);
    await journal.close();
    expect(await readJournal(path)).toEqual(new Set(['ACME\u00001', 'ACME\u00002', 'ACME\u00003']));
  });

  it('resolves concurrent records once all of them are on disk', async () => {
    const { journal, path } = await tempJournal();
    await Promise.all(['1', '2', '3', '4'].map((number) => journal.record(intent(number))));
    expect(numbersIn(path).sort()).toEqual(['1', '2', '3', '4']);
    await journal.close();
  });

  it('leaves out an entry staged and never waited for', async () => {
    const { journal, path } = await tempJournal();
    journal.stage(intent('1'));
    await journal.close();
    expect(readFileSync(path, 'utf8')).toBe('');
  });
});
