// Local verdict on one input record: read errors, schema, business rules and repeats within the run.
import { externalAccountNumberOf, importSupplierOf, type InputRecord } from '../records/input-record.js';
import type { FieldError } from './field-error.js';
import { DuplicateAccountTracker, duplicateAccountError, type AccountValidator } from './validate-account.js';

/** Checks records one after another, remembering account numbers to catch repeats. */
export class RecordChecker {
  private readonly duplicates = new DuplicateAccountTracker();

  constructor(
    private readonly validateAccount: AccountValidator,
    /** The supplier that will be used for every record (`--import-supplier`), when set. */
    private readonly importSupplier?: string,
  ) {}

  /** Returns every local error of a record (empty when it may be sent); applies the supplier override first. */
  check(record: InputRecord): FieldError[] {
    if (record.payload === undefined) return record.errors;
    if (this.importSupplier !== undefined) record.payload['import_supplier'] = this.importSupplier;
    const errors = this.validateAccount(record.payload);
    const accountNumber = externalAccountNumberOf(record);
    const supplier = this.importSupplier ?? importSupplierOf(record) ?? '';
    if (accountNumber !== undefined) {
      const firstSeen = this.duplicates.check(supplier, accountNumber, record.source, record.line);
      if (firstSeen !== undefined) errors.push(duplicateAccountError(accountNumber, firstSeen));
    }
    return errors;
  }
}
