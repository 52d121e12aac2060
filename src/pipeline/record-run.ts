// The per-record tracker of a push: requests made, the last correlation id and status, and the record's report line.
import type { CallInfo, Failure, KrakenClient, StatusResult } from '../api/kraken-client.js';
import type { ImportStatus } from '../api/parse-responses.js';
import type { CheckedRecord } from '../checking/check-item.js';
import type { FieldError } from '../core/field-error.js';
import type { Outcome, RecordResult } from '../report/record-result.js';

/** The account a record imports, as the API names it. */
export interface ImportRef {
  importSupplier: string;
  externalAccountNumber: string;
}

/**
 * Whether this record's import exists: `none` (no create was sent, or each one certainly failed), `maybe` (a create
 * may have been committed, or an earlier run's may have been) or `accepted` (a create was answered 201, or a status
 * lookup found the import). A record past `none` is never reported `failed`: the account may exist.
 */
export type CreateState = 'none' | 'maybe' | 'accepted';

/** Tracks one record's requests and builds its report line. */
export class RecordRun {
  readonly attempts = { validate: 0, create: 0, status: 0 };
  correlationId: string | null = null;
  lastStatus: ImportStatus | undefined;
  createState: CreateState = 'none';
  /** The create intent queued in the journal ahead of the first create (waited for before it is sent). */
  stagedIntent: (() => Promise<void>) | undefined;

  /** `startedAt` (ms) is when the record entered the pipeline: its line says so, for the timings of a report. */
  constructor(
    readonly checked: CheckedRecord,
    private readonly dryRun: boolean,
    private readonly startedAt?: number,
  ) {}

  /** Adds a call's attempts to its endpoint's count and keeps its correlation id. */
  count(endpoint: keyof RecordRun['attempts'], info: CallInfo): void {
    this.attempts[endpoint] += info.attempts;
    if (info.correlationId !== undefined) this.correlationId = info.correlationId;
  }

  /** Builds the record's report line with this outcome, the last status known and the requests made. */
  result(outcome: Outcome, errors: FieldError[] = [], extra: Partial<RecordResult> = {}): RecordResult {
    const { checked } = this;
    return {
      source: checked.source,
      line: checked.line,
      external_account_number: checked.externalAccountNumber ?? null,
      import_supplier: checked.importSupplier ?? null,
      outcome,
      errors,
      status: this.lastStatus?.status ?? null,
      kraken_identifier: this.lastStatus?.kraken_identifier ?? null,
      account_id: null,
      dry_run: this.dryRun,
      attempts: this.attempts,
      correlation_id: this.correlationId,
      ...(checked.warnings === undefined ? {} : { warnings: checked.warnings }),
      ...(this.startedAt === undefined ? {} : { started_at: new Date(this.startedAt).toISOString() }),
      ...extra,
    };
  }

  /** Builds the `failed` line of a request that certainly created nothing and got no usable answer. */
  failed(endpoint: string, failure: Failure): RecordResult {
    // An answer outside the API's documented codes and shapes (a proxy's page, a broken body) says so by its code.
    if (failure.reason.startsWith('unexpected_answer')) {
      const detail = `The ${endpoint} request got an answer the API does not document (${failure.reason}).`;
      return this.result('failed', [{ code: 'unexpected_answer', detail }]);
    }
    return this.result('failed', [
      { code: 'retries_exhausted', detail: `The ${endpoint} request did not get a usable answer (${failure.reason}).` },
    ]);
  }

  /** Builds the `submitted` line of an import that exists or may exist but could not be followed to its end. */
  submitted(code: string, detail: string): RecordResult {
    return this.result('submitted', [{ code, detail: `${detail} ${settleHint}` }]);
  }
}

/** What a team does about a `submitted` record. */
const settleHint = 'Settle it with kraken-import status --from <report>, or push again with --resume.';

/** Looks the record's import up once, counting the request and keeping a found status; a failed lookup tells nothing. */
export async function lookupStatus(client: KrakenClient, run: RecordRun, account: ImportRef): Promise<StatusResult> {
  const found = await client.status(account.importSupplier, account.externalAccountNumber);
  run.count('status', found);
  if (found.kind === 'found') run.lastStatus = found.status;
  return found;
}
