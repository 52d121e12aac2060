// Local validation of one account: the JSON Schema, then the business rules, in the API's error shape.
import { checkBusinessRules, compileTenant } from './business-rules.js';
import { checkStrings } from './check-strings.js';
import type { FieldError } from '../core/field-error.js';
import { accountSchemaErrors } from './load-schema.js';
import { builtInAccountSchema, type AccountSchema } from './account-schema.js';
import { shapeSchemaErrors } from './shape-schema-errors.js';
import type { TenantRules } from './tenant-rules.js';

/** Checks one account payload; returns every error found (empty when it is valid). */
export type AccountValidator = (account: unknown) => FieldError[];

/** Returns today's date as YYYY-MM-DD in UTC. */
export function isoDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Creates a validator bound to a tenant's rules, a clock and an account payload schema (the built-in one by default). */
export function createAccountValidator(
  tenant: TenantRules,
  now: () => Date = () => new Date(),
  schema: AccountSchema = builtInAccountSchema(),
): AccountValidator {
  const compiled = compileTenant(tenant);
  return (account) => {
    const text = checkStrings(account);
    // Too deep for the schema walk to be safe, and for push to serialise: that error alone.
    if (text.tooDeep) return text.errors;
    let errors = text.errors.concat(shapeSchemaErrors(accountSchemaErrors(schema, account)));
    if (tenant.unknownFields === 'ignore') errors = errors.filter((error) => error.code !== 'unknown_field');
    return errors.concat(checkBusinessRules(account, { ...compiled, today: isoDate(now()) }));
  };
}

/** Remembers the (import supplier, external account number) pairs of a run to catch repeats. */
export class DuplicateAccountTracker {
  // One number per account (source index and line packed together) keeps memory small on huge runs.
  private readonly seen = new Map<string, number>();
  private readonly sources: string[] = [];

  /** Records a key; returns `file:line` of its first appearance when it is a repeat, otherwise undefined. */
  check(importSupplier: string, externalAccountNumber: string, source: string, line: number): string | undefined {
    const key = `${importSupplier}\u0000${externalAccountNumber}`;
    const first = this.seen.get(key);
    if (first !== undefined) {
      const firstSource = this.sources[Math.floor(first / lineSpace)] ?? '?';
      return `${firstSource}:${first % lineSpace}`;
    }
    let sourceIndex = this.sources.lastIndexOf(source);
    if (sourceIndex === -1) sourceIndex = this.sources.push(source) - 1;
    this.seen.set(key, sourceIndex * lineSpace + line);
    return undefined;
  }
}

const lineSpace = 2 ** 32;

/** Builds the error for an account number already used earlier in the same run. */
export function duplicateAccountError(externalAccountNumber: string, firstSeen: string): FieldError {
  return {
    code: 'duplicate_external_account_number',
    attr: 'external_account_number',
    detail: `Account number ${externalAccountNumber} already appears at ${firstSeen} in this run.`,
  };
}
