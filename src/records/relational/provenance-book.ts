// Keeps the origins of assembled accounts while they are checked (or pushed), so that each error of a finished record
// can name the file, line and column its field came from. An entry lives from reading to the record's result.
import type { FieldError } from '../../core/field-error.js';
import { locateError, type Origin } from './origins.js';

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

  /** Returns the errors (and warnings) with their file, line and column, and forgets the record. */
  locate(
    source: string,
    line: number,
    errors: readonly FieldError[],
    warnings: readonly FieldError[] = [],
  ): { errors: FieldError[]; warnings: FieldError[] } {
    const key = ProvenanceBook.key(source, line);
    const origins = this.entries.get(key);
    this.entries.delete(key);
    if (origins === undefined) return { errors: [...errors], warnings: [...warnings] };
    const locate = (error: FieldError) => locateError(error, origins);
    return { errors: errors.map(locate), warnings: warnings.map(locate) };
  }

  /** Records in flight (for tests: the book must end empty). */
  get size(): number {
    return this.entries.size;
  }
}
