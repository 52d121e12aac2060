// GitHub Actions workflow commands that pin each invalid record's errors to its file and line in the pull request.
import type { RecordResult } from './record-result.js';
import { visible } from './terminal.js';

function escapeData(text: string): string {
  return visible(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Returns one `::error` workflow command for a failed record. */
export function githubAnnotation(result: RecordResult): string {
  const title = `${result.outcome}: ${result.external_account_number ?? 'record'}`;
  const message = result.errors.map((error) => `${error.attr ?? '-'} ${error.code}: ${error.detail}`).join('\n');
  return `::error file=${escapeProperty(result.source)},line=${result.line},title=${escapeProperty(title)}::${escapeData(message || result.outcome)}\n`;
}
