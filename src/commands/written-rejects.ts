// What a run's --rejects wrote, and how the summary says it (shared by both kinds of rejects and both commands).
import { visible } from '../report/terminal.js';

/** What was written: the rejects file, its reasons, and how many records it holds. */
export interface WrittenRejects {
  /** The rejects file, or for a relational export the mapping copy that reads its tables. */
  path: string;
  reasonsPath: string;
  records: number;
  /** A relational export's tables, beside the mapping copy. */
  extraFiles?: string[];
}

/** The summary's `rejects` object for --json, or nothing without --rejects. */
export function rejectsSummary(written: WrittenRejects | undefined): Record<string, unknown> {
  if (written === undefined) return {};
  const tables = written.extraFiles === undefined ? {} : { tables: written.extraFiles };
  return { rejects: { path: written.path, reasons: written.reasonsPath, records: written.records, ...tables } };
}

/** The summary's line about the rejects file, or nothing without --rejects. */
export function rejectsLines(written: WrittenRejects | undefined): string[] {
  if (written === undefined) return [];
  if (written.records === 0) return [`Rejects: none (${visible(written.path)} holds no record).`];
  if (written.extraFiles !== undefined) {
    return [
      `Rejects: ${written.records} ${written.records === 1 ? 'record' : 'records'} to fix in the tables beside ${visible(written.path)}, ` +
        `the reasons in ${visible(written.reasonsPath)}; fix them and run kraken-import validate --mapping ${visible(written.path)}.`,
    ];
  }
  return [
    `Rejects: ${written.records} ${written.records === 1 ? 'record' : 'records'} to fix in ${visible(written.path)}, ` +
      `the reasons in ${visible(written.reasonsPath)}; fix that file and run it again.`,
  ];
}
