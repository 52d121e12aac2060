// Keeps the origins of assembled accounts while they are checked (or pushed), so that each error of a finished record
// can name the file, line and column its field came from. An entry lives from reading to the record's result.
import type { FieldError } from '../../core/field-error.js';
import { locateError, type Origin } from './assemble.js';

/** Origins of the records in flight, by source and line. */
export class ProvenanceBook {
  private readonly entries = new Map<string, Origin[]>();

  private static key(source: string, line: number): string {
    return `${line}\u0000${source}`;
  }

  /** Notes the origins of a record just read. */
  keep(source: string, line: number, origins: Origin[]): void {
    if (origins.length > 0) this.entries.set(ProvenanceBook.key(source, line), origins);
  }

  /** Returns the errors with their file, line and column, and forgets the record. */
  locate<E extends FieldError>(source: string, line: number, errors: readonly E[]): E[] {
    const key = ProvenanceBook.key(source, line);
    const origins = this.entries.get(key);
    this.entries.delete(key);
    if (origins === undefined) return [...errors];
    return errors.map((error) => locateError(error, origins) as E);
  }

  /** Records in flight (for tests: the book must end empty). */
  get size(): number {
    return this.entries.size;
  }
}
