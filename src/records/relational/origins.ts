// Where each part of an assembled account came from, and the file, line and column an error of it points at. Apart
// from the assembler (and its CSV reader) so that a run that reads no relational export does not load them.
import type { FieldError } from '../../core/field-error.js';
import type { TablePlan } from './table-plan.js';

/** Where one part of an assembled account came from: the element at `attr` ('' for the account) is one row. */
export interface Origin {
  attr: string;
  plan: TablePlan;
  line: number;
}

/** A row's place: its table's file and its line. */
export const where = (plan: TablePlan, line: number) => `${plan.source}:${line}`;

/** Finds the origin of an error's field: the file, line and column it came from; the error unchanged when none. */
export function locateError(error: FieldError, origins: readonly Origin[]): FieldError {
  if (error.attr === undefined || error.source !== undefined || origins.length === 0) return error;
  const attr = error.attr;
  let best: Origin | undefined;
  for (const origin of origins) {
    const matches = origin.attr === '' || attr === origin.attr || attr.startsWith(`${origin.attr}.`);
    if (matches && (best === undefined || origin.attr.length > best.attr.length)) best = origin;
  }
  if (best === undefined) return error;
  const located: FieldError = { ...error, source: where(best.plan, best.line) };
  let rest = best.attr === '' ? attr : attr.slice(best.attr.length + 1);
  while (rest !== '') {
    const column = best.plan.columnOf.get(rest);
    if (column !== undefined) return { ...located, column };
    const cut = rest.lastIndexOf('.');
    rest = cut === -1 ? '' : rest.slice(0, cut);
  }
  return located;
}
