// Which input a report belongs to (names, sizes, SHA-256), kept beside it so that --resume refuses another input.
import { readFile } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
import type { InputScanner } from '../records/scan-inputs.js';
import { rewriteNdjson } from '../report/ndjson-writer.js';

/** One input of a run: its name as given, and for a file its size and SHA-256 (null for standard input). */
export interface InputIdentity {
  name: string;
  size: number | null;
  sha256: string | null;
}

/** Returns the path of the identity file that belongs to a report. */
export function identityPathFor(reportPath: string): string {
  return `${reportPath}.input`;
}

/** Identifies each input (from the run's scan of its files); standard input (`-`) cannot be identified and gets nulls. */
export async function identifyInputs(paths: readonly string[], scanner: InputScanner): Promise<InputIdentity[]> {
  const identities: InputIdentity[] = [];
  for (const name of paths) {
    const scan = await scanner.scan(name);
    identities.push({ name, size: scan?.size ?? null, sha256: scan?.sha256 ?? null });
  }
  return identities;
}

/** Writes the identity of a run's inputs beside its report, durably (synced and renamed into place). */
export async function recordInputIdentity(reportPath: string, inputs: readonly InputIdentity[]): Promise<void> {
  await rewriteNdjson(identityPathFor(reportPath), [{ inputs }]);
}

/** Reads the identity recorded beside a report; undefined when there is none (a report of an older version). */
async function readInputIdentity(reportPath: string): Promise<InputIdentity[] | undefined> {
  let text: string;
  try {
    text = await readFile(identityPathFor(reportPath), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as { inputs?: unknown };
    return Array.isArray(parsed.inputs) ? (parsed.inputs as InputIdentity[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Says how one input differs from the one recorded, or undefined when it is the same. */
function difference(recorded: InputIdentity | undefined, current: InputIdentity | undefined): string | undefined {
  if (recorded === undefined || current === undefined) return 'the number of inputs differs';
  if (recorded.name !== current.name) return `${current.name} is not ${recorded.name}`;
  if (recorded.size !== current.size || recorded.sha256 !== current.sha256) {
    return `${current.name} changed (${String(recorded.size)} bytes then, ${String(current.size)} now; SHA-256 differs)`;
  }
  return undefined;
}

/**
 * Checks, before anything is sent, that a resume reads the very inputs its report was started with. Standard input
 * cannot be identified, so its resume is refused. Returns a warning when the report has no recorded identity.
 */
export async function checkResumeInputs(
  reportPath: string,
  current: readonly InputIdentity[],
): Promise<string | undefined> {
  const fresh = `push them to a new report (--report <new path>): accounts that already exist then end already_imported`;
  if (current.some((input) => input.name === '-')) {
    throw new UsageError(
      `--resume cannot tell whether standard input (-) is the input ${reportPath} was started with; save it to a file and ${fresh}`,
    );
  }
  const recorded = await readInputIdentity(reportPath);
  if (recorded === undefined) {
    return `${reportPath} does not say which input it was started with (no ${identityPathFor(reportPath)}): resuming without checking`;
  }
  const length = Math.max(recorded.length, current.length);
  for (let index = 0; index < length; index += 1) {
    const differs = difference(recorded[index], current[index]);
    if (differs !== undefined) {
      throw new UsageError(
        `--resume: ${reportPath} belongs to other input (${differs}). Resume with the same input, or ${fresh}`,
      );
    }
  }
  return undefined;
}
