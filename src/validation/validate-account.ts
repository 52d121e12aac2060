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

/** Builds the error for an account number already used earlier in the same run. */
export function duplicateAccountError(externalAccountNumber: string, firstSeen: string): FieldError {
  return {
    code: 'duplicate_external_account_number',
    attr: 'external_account_number',
    detail: `Account number ${externalAccountNumber} already appears at ${firstSeen} in this run.`,
  };
}
