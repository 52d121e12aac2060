// Local validation of one account: the payload schema read as the server's DRF serializer, then the business rules,
// in the API's error shape.
import { checkBusinessRules, compileTenant, type RuleContext } from './business-rules.js';
import { checkStrings, type TextFacts } from './check-strings.js';
import { fieldError, type FieldError } from '../core/field-error.js';
import { isJsonObject, type JsonObject } from '../core/json.js';
import { builtInAccountSchema, type AccountSchema } from './account-schema.js';
import { accountSerializer, checkPayload } from './drf/check-payload.js';
import type { Coercion } from './drf/fields.js';
import { pythonRepr } from './drf/python-text.js';
import type { TenantRules } from './tenant-rules.js';

/** Checks one account payload; returns every error found (empty when it is valid). */
export type AccountValidator = (account: unknown) => FieldError[];

/** The local verdict on one account. */
export interface AccountVerdict {
  /** What Kraken would refuse; empty when the account may be sent. */
  errors: FieldError[];
  /** What Kraken accepts but a person should know: unknown fields it ignores, values it reads differently. */
  warnings: FieldError[];
  /** The account as DRF reads it (coerced, trimmed, unknown fields left out), when asked for and valid. */
  normalized?: JsonObject;
}

/** Checks one account payload; `facts` are what the reader knows of its text (they only make the check cheaper). */
export type AccountChecker = (account: unknown, facts?: TextFacts) => AccountVerdict;

/** What a value the server would coerce is to the run: fine (the default), a warning, or an error (`--strict`). */
export type CoercionPolicy = 'allow' | 'warn' | 'error';

/** How strict a check is, beyond the tenant's rules. */
export interface AccountCheckOptions {
  coercions?: CoercionPolicy;
  /** Build the normalized payload (`--normalize`). */
  normalize?: boolean;
}

const dayMs = 86_400_000;

/** Returns today's date as YYYY-MM-DD in UTC. */
export function isoDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : pythonRepr(value);
}

/** The finding for one coercion, under `--strict`. */
export function coercionFinding(coercion: Coercion): FieldError {
  const detail = `Kraken reads ${describeValue(coercion.given)} as ${describeValue(coercion.kept)}.`;
  return fieldError('coerced', coercion.attr, detail.length > 300 ? `${detail.slice(0, 297)}...` : detail);
}

/** True when `attr` is `base` or inside it. */
function within(attr: string, base: string): boolean {
  return base === '' || attr === base || (attr.startsWith(base) && attr.charCodeAt(base.length) === 46);
}

/**
 * Compiles the schema's serializer under the tenant's supplier settings before any record is read, so that a setting
 * the schema does not know stops the run at once; throws an Error whose message names the setting.
 */
export function prepareAccountSchema(tenant: TenantRules, schema: AccountSchema): void {
  accountSerializer(schema, tenant.supplierSettings);
}

/** Creates a checker bound to a tenant's rules, a clock, an account payload schema and a strictness. */
export function createAccountChecker(
  tenant: TenantRules,
  now: () => Date = () => new Date(),
  schema: AccountSchema = builtInAccountSchema(),
  options: AccountCheckOptions = {},
): AccountChecker {
  const compiled = compileTenant(tenant);
  const coercions = options.coercions ?? 'allow';
  const unknownFields = tenant.unknownFields;
  // The rules' context, made again only when the clock reaches another UTC day (not once per account).
  let ruleContext: RuleContext | undefined;
  let contextDay = Number.NaN;
  const contextAt = (instant: Date): RuleContext => {
    const day = Math.floor(instant.getTime() / dayMs);
    if (ruleContext === undefined || day !== contextDay) {
      ruleContext = { ...compiled, today: isoDate(instant) };
      contextDay = day;
    }
    return ruleContext;
  };
  return (account, facts) => {
    const text = checkStrings(account, facts);
    // Too deep for the schema walk to be safe, and for push to serialise: that error alone.
    if (text.tooDeep) return { errors: text.errors, warnings: [] };
    const timeZone = tenant.timeZone;
    const check = checkPayload(schema, account, {
      unknownFields,
      build: false,
      timeZone,
      supplierSettings: tenant.supplierSettings,
    });
    const errors = check.errors;
    const warnings = check.warnings;
    // NUL and lone surrogates outside the fields DRF checks (keys, JSON values): once per attr and code.
    for (const error of text.errors) {
      if (!errors.some((known) => known.attr === error.attr && known.code === error.code)) errors.push(error);
    }
    let checked: unknown = account;
    if (check.coercions.length > 0 || options.normalize === true) {
      checked = checkPayload(schema, account, {
        unknownFields: 'ignore',
        build: true,
        timeZone,
        supplierSettings: tenant.supplierSettings,
      }).kept;
      if (coercions !== 'allow')
        (coercions === 'error' ? errors : warnings).push(...check.coercions.map(coercionFinding));
    }
    // The business rules read the values as the server keeps them; a field DRF refused has its own error already.
    const fieldAttrs = errors.map((error) => error.attr ?? '');
    for (const error of checkBusinessRules(checked, contextAt(now()))) {
      const attr = error.attr ?? '';
      if (!fieldAttrs.some((base) => base !== '' && within(attr, base))) errors.push(error);
    }
    const verdict: AccountVerdict = { errors, warnings };
    if (options.normalize === true && errors.length === 0 && isJsonObject(checked)) verdict.normalized = checked;
    return verdict;
  };
}

/** Creates a validator that returns only the errors (what the sandbox answers with). */
export function createAccountValidator(
  tenant: TenantRules,
  now: () => Date = () => new Date(),
  schema: AccountSchema = builtInAccountSchema(),
): AccountValidator {
  const check = createAccountChecker(tenant, now, schema);
  return (account) => check(account).errors;
}

/**
 * The account numbers of a run, to catch repeats. Exact, and compact enough for millions of accounts: each key's
 * UTF-8 bytes go into one growing buffer, with an open-addressing table of entry numbers and one float per entry
 * for where it was first seen (about 50 bytes an account, where a Map of strings took about 250 and kept the
 * garbage collector's heap growing with the run).
 */
export class DuplicateAccountTracker {
  private bytes: Buffer = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  /** Entry i's key is bytes[starts[i], starts[i + 1]). */
  private starts = new Uint32Array(1 << 14);
  /** Where entry i was first seen: source index * 2^32 + line. */
  private places = new Float64Array(1 << 14);
  private count = 0;
  /** Entry number + 1 per slot; 0 is an empty slot. Never more than half full. */
  private slots = new Int32Array(1 << 15);
  /** Keys holding a UTF-16 surrogate, kept as strings: UTF-8 would turn every lone one into the same U+FFFD. */
  private readonly surrogateKeys = new Map<string, number>();
  private readonly sources: string[] = [];

  /** Records a key; returns `file:line` of its first appearance when it is a repeat, otherwise undefined. */
  check(importSupplier: string, externalAccountNumber: string, source: string, line: number): string | undefined {
    // The supplier's length first: no (supplier, number) pair can be shifted into another pair's key.
    const key = `${importSupplier.length}:${importSupplier}\u0000${externalAccountNumber}`;
    const place = (): number => sourceIndexOf(this.sources, source) * lineSpace + line;
    if (/[\ud800-\udfff]/.test(key)) {
      const first = this.surrogateKeys.get(key);
      if (first !== undefined) return this.placeText(first);
      this.surrogateKeys.set(key, place());
      return undefined;
    }
    const most = Buffer.byteLength(key, 'utf8');
    if (this.used + most > this.bytes.length) this.bytes = grown(this.bytes, this.used + most);
    const start = this.used;
    const end = start + this.bytes.write(key, start, 'utf8');
    const mask = this.slots.length - 1;
    for (let slot = fnv1a(this.bytes, start, end) & mask; ; slot = (slot + 1) & mask) {
      const entry = (this.slots[slot] ?? 0) - 1;
      if (entry === -1) {
        this.add(slot, end, place());
        return undefined;
      }
      const from = this.starts[entry] ?? 0;
      const to = this.starts[entry + 1] ?? 0;
      if (to - from === end - start && this.bytes.compare(this.bytes, start, end, from, to) === 0) {
        return this.placeText(this.places[entry] ?? 0);
      }
    }
  }

  /** `file:line` of a packed place. */
  private placeText(place: number): string {
    return `${this.sources[Math.floor(place / lineSpace)] ?? '?'}:${place % lineSpace}`;
  }

  /** Keeps the key just written at `used`..`end` as a new entry in `slot`. */
  private add(slot: number, end: number, place: number): void {
    const entry = this.count;
    if (entry + 2 > this.starts.length) {
      this.starts = grownTyped(this.starts, Uint32Array);
      this.places = grownTyped(this.places, Float64Array);
    }
    this.starts[entry] = this.used;
    this.starts[entry + 1] = end;
    this.places[entry] = place;
    this.slots[slot] = entry + 1;
    this.used = end;
    this.count += 1;
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry += 1) {
      let slot = fnv1a(this.bytes, this.starts[entry] ?? 0, this.starts[entry + 1] ?? 0) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

/** The 32-bit FNV-1a hash of some bytes. */
function fnv1a(bytes: Buffer, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < end; index += 1) {
    hash ^= bytes[index] ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The most key bytes one run holds (entries' starts are 32-bit): about 140 million account numbers. */
const maxKeyBytes = 2 ** 32 - 1;

function grown(bytes: Buffer, needed: number): Buffer {
  if (needed > maxKeyBytes) {
    throw new Error('more than 4 GiB of account numbers in one run: split the input (--shard) to check it');
  }
  let size = Math.min(bytes.length * 2, maxKeyBytes);
  while (size < needed) size = Math.min(size * 2, maxKeyBytes);
  const next = Buffer.allocUnsafe(size);
  bytes.copy(next);
  return next;
}

function grownTyped<T extends Uint32Array | Float64Array>(array: T, Kind: new (length: number) => T): T {
  const next = new Kind(array.length * 2);
  next.set(array);
  return next;
}

function sourceIndexOf(sources: string[], source: string): number {
  const index = sources.lastIndexOf(source);
  return index === -1 ? sources.push(source) - 1 : index;
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
