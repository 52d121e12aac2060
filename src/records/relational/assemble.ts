// Joins the key-sorted tables of a relational export, one account key at a time, into assembled accounts: the root
// row becomes the account, child rows become list elements under their parent, in order; every element remembers
// the file and line it came from. Orphans, duplicates and missing children become findings, never silent drops.
import type { FieldError } from '../../core/field-error.js';
import type { JsonObject } from '../../core/json.js';
import type { InputRecord } from '../input-record.js';
import type { ChildMapping } from '../load-mapping.js';
import { cellsOf, type KeyedRow, type RowGroup } from './sort-rows.js';
import { where, type Origin } from './origins.js';
import { buildElement, describeKey, keyOf, type TablePlan } from './table-plan.js';

/** An assembled account (or a finding of its own), with the origin of each element. */
export interface AssembledRecord extends InputRecord {
  origins: Origin[];
}

interface Parent {
  element: JsonObject;
  attr: string;
  plan: TablePlan;
  line: number;
  /** Rows of the child table being placed, gathered per parent. */
  rows: KeyedRow[];
}

function childOf(plan: TablePlan): ChildMapping {
  return plan.table as ChildMapping;
}

/** The list at `segments` under `element`, created when missing. */
function listAt(element: JsonObject, segments: readonly (string | number)[]): unknown[] {
  let node: Record<string | number, unknown> = element;
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    let next = node[segment];
    if (last) {
      if (!Array.isArray(next)) {
        next = [];
        node[segment] = next;
      }
    } else if (typeof next !== 'object' || next === null) {
      next = typeof segments[index + 1] === 'number' ? [] : {};
      node[segment] = next;
    }
    node = next as Record<string | number, unknown>;
  });
  return node as unknown as unknown[];
}

function relativeSegments(child: ChildMapping): (string | number)[] {
  return child.relativePath.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function compareOrder(plan: TablePlan): ((a: KeyedRow, b: KeyedRow) => number) | undefined {
  const index = plan.orderIndex;
  if (index === undefined) return undefined;
  if (plan.orderNumeric) {
    const value = (row: KeyedRow) => {
      const number = Number(cellsOf(row)[index]);
      return Number.isFinite(number) ? number : Number.POSITIVE_INFINITY;
    };
    return (a, b) => value(a) - value(b);
  }
  return (a, b) => {
    const x = cellsOf(a)[index] ?? '';
    const y = cellsOf(b)[index] ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

/** Builds, for each table, the per-table data assembling needs once (segments, comparators). */
export class Assembler {
  private readonly segments: (string | number)[][];
  private readonly comparators: (((a: KeyedRow, b: KeyedRow) => number) | undefined)[];
  private readonly rootColumns: string[];
  /** Per table: the key columns then the id columns, which tell its rows apart under one parent. */
  private readonly identityIndexes: number[][];
  /** Whether a table has children, so that its elements need an identity. */
  private readonly isParent: Set<string>;

  constructor(private readonly plans: readonly TablePlan[]) {
    this.segments = plans.map((plan, index) => (index === 0 ? [] : relativeSegments(childOf(plan))));
    this.comparators = plans.map(compareOrder);
    this.identityIndexes = plans.map((plan) => [...plan.keyIndexes, ...plan.idIndexes]);
    this.rootColumns = plans[0]?.table.key ?? [];
    this.isParent = new Set(plans.slice(1).map((plan) => childOf(plan).parent));
  }

  private root(): TablePlan {
    return this.plans[0] as TablePlan;
  }

  /** A row that belongs to no account: a record of its own. */
  private loose(plan: TablePlan, row: KeyedRow, key: string, isRoot: boolean): AssembledRecord {
    const rootPlan = this.root();
    let error: FieldError;
    if (row.error !== undefined) error = row.error;
    else if (key === '') {
      const columns = isRoot ? rootPlan.table.key : plan.table.key.slice(0, this.rootColumns.length);
      error = {
        code: 'missing_key',
        detail: `The row has no ${columns.join(', ')}: it cannot be joined to an account.`,
      };
    } else {
      error = {
        code: 'orphan_row',
        detail: `No account with ${describeKey(this.rootColumns, key)} in ${rootPlan.source}: this row of ${plan.table.name} was not imported.`,
      };
    }
    return { source: plan.source, line: row.line, payload: undefined, errors: [error], origins: [] };
  }

  /** Assembles the rows of one account key from every table (index 0 the root) into records. */
  assemble(key: string, groups: readonly (RowGroup | undefined)[]): AssembledRecord[] {
    const rootPlan = this.root();
    const rootRows = groups[0]?.rows ?? [];
    const good = key === '' ? [] : rootRows.filter((row) => row.error === undefined);
    const records: AssembledRecord[] = [];
    if (good.length === 0) {
      // No account to hold them: a broken root row stands for its children; else each row is a finding.
      const broken = key === '' ? undefined : rootRows[0];
      for (const [index, group] of groups.entries()) {
        const plan = this.plans[index] as TablePlan;
        for (const row of group?.rows ?? []) {
          if (broken !== undefined && index > 0) continue;
          records.push(this.loose(plan, row, key, index === 0));
        }
      }
      const childRows = groups.slice(1).reduce((sum, group) => sum + (group?.rows.length ?? 0), 0);
      const first = records[0];
      if (broken !== undefined && first !== undefined && childRows > 0) {
        const detail = `The ${childRows} row(s) of other files for ${describeKey(this.rootColumns, key)} were not assembled, as this account row could not be read.`;
        first.errors.push({ code: 'account_not_assembled', detail });
      }
      return records;
    }
    const [account, ...repeats] = good;
    if (account === undefined) return records;
    const errors: FieldError[] = [];
    for (const row of rootRows) {
      if (row === account) continue;
      const error: FieldError = row.error ?? {
        code: 'duplicate_key',
        detail: `${describeKey(this.rootColumns, key)} is also on line ${account.line} of ${rootPlan.source}: neither row is imported.`,
      };
      records.push({ source: rootPlan.source, line: row.line, payload: undefined, errors: [error], origins: [] });
    }
    if (repeats.length > 0) {
      const lines = repeats.map((row) => row.line).join(', ');
      errors.push({
        code: 'duplicate_key',
        detail: `${describeKey(this.rootColumns, key)} is also on line(s) ${lines} of ${rootPlan.source}: neither row is imported.`,
        source: where(rootPlan, account.line),
      });
    }
    const payload = buildElement(rootPlan, cellsOf(account));
    const origins: Origin[] = [{ attr: '', plan: rootPlan, line: account.line }];
    const accountParent: Parent = { element: payload, attr: '', plan: rootPlan, line: account.line, rows: [] };
    const identities = new Map<string, Map<string, Parent>>([['root', new Map([[key, accountParent]])]]);
    for (let index = 1; index < this.plans.length; index += 1) {
      const plan = this.plans[index] as TablePlan;
      const child = childOf(plan);
      const parents = identities.get(child.parent) ?? new Map<string, Parent>();
      for (const parent of parents.values()) parent.rows = [];
      for (const row of groups[index]?.rows ?? []) {
        if (row.error !== undefined) {
          errors.push({ ...row.error, source: where(plan, row.line) });
          continue;
        }
        const parent = parents.get(keyOf(cellsOf(row), plan.keyIndexes));
        if (parent === undefined) {
          const parentName =
            child.parent === 'root'
              ? rootPlan.source
              : `${child.parent} (${this.plans.find((p) => p.table.name === child.parent)?.source ?? ''})`;
          errors.push({
            code: 'orphan_row',
            detail: `No row of ${parentName} has ${describeKey(child.key, keyOf(cellsOf(row), plan.keyIndexes))}: this row of ${child.name} was not assembled.`,
            source: where(plan, row.line),
          });
          continue;
        }
        parent.rows.push(row);
      }
      const own = this.isParent.has(child.name) ? new Map<string, Parent>() : undefined;
      const compare = this.comparators[index];
      const segments = this.segments[index] ?? [];
      for (const parent of parents.values()) {
        const listAttr = parent.attr === '' ? child.relativePath : `${parent.attr}.${child.relativePath}`;
        if (parent.rows.length === 0) {
          if (child.required) {
            errors.push({
              code: 'missing_child',
              attr: listAttr,
              detail: `No row of ${plan.source} for ${parent === accountParent ? describeKey(this.rootColumns, key) : `the ${parent.plan.table.name} at ${parent.attr} (${where(parent.plan, parent.line)})`}: ${child.name} is required.`,
              source: where(parent.plan, parent.line),
            });
          }
          continue;
        }
        const rows = compare === undefined ? parent.rows : [...parent.rows].sort(compare);
        const list = listAt(parent.element, segments);
        for (const row of rows) {
          const element = buildElement(plan, cellsOf(row));
          const attr = `${listAttr}.${list.length}`;
          list.push(element);
          origins.push({ attr, plan, line: row.line });
          if (own === undefined) continue;
          const identity = keyOf(cellsOf(row), this.identityIndexes[index] ?? []);
          const existing = own.get(identity);
          if (existing !== undefined) {
            errors.push({
              code: 'duplicate_key',
              attr,
              detail: `${plan.source} line ${row.line} repeats ${describeKey([...child.key, ...child.id], identity)} of line ${existing.line}: rows below it cannot tell them apart.`,
              source: where(plan, row.line),
            });
            continue;
          }
          own.set(identity, { element, attr, plan, line: row.line, rows: [] });
        }
      }
      if (own !== undefined) identities.set(child.name, own);
    }
    records.unshift({ source: rootPlan.source, line: account.line, payload, errors, origins });
    return records;
  }
}
