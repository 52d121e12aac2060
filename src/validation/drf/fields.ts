// Django REST framework's serializer fields, built from an account payload schema (AccountSchema's internal JSON
// Schema form) and run the way DRF 3.14 runs them: the same coercions, checks in the same order, the same error
// codes and messages, errors flattened to Kraken's {code, attr, detail} list. scripts/drf-golden.py builds real DRF
// serializers from the same schema by the same rules, and test/validation/drf-golden.test.ts holds the two together.
import { fieldError, type FieldError } from '../../core/field-error.js';
import { isJsonObject, type JsonObject } from '../../core/json.js';
import { isDjangoEmail } from './email.js';
import { instantOfWallTime, renderInZone, wallMillis } from './time-zone.js';
import {
  compareDecimals,
  decimalStr,
  formatDate,
  formatDecimal,
  parseDjangoDate,
  parseDjangoDateTime,
  pythonDecimal,
  pythonFloatOf,
  pythonInt,
  type DecimalTuple,
} from './parse-values.js';
import { isPythonSpace, pythonLength, pythonNumber, pythonStr, pythonStrip, pythonTypeName } from './python-text.js';

/** A value the server would read differently from how it was written (`"240"` for an integer). */
export interface Coercion {
  attr: string;
  /** The value as given. */
  given: unknown;
  /** The value as DRF keeps and renders it. */
  kept: unknown;
}

/** What to do with a key the schema does not know (DRF ignores it). */
export type UnknownFieldPolicy = 'error' | 'warn' | 'ignore';

/** The state of one validation: findings, the path being checked, and whether to build the kept value. */
export class FieldRun {
  readonly errors: FieldError[] = [];
  readonly warnings: FieldError[] = [];
  readonly coercions: Coercion[] = [];
  readonly path: (string | number)[] = [];

  constructor(
    readonly unknownFields: UnknownFieldPolicy,
    /** Build DRF's validated data (slower); otherwise the given value is returned where nothing was coerced. */
    readonly build: boolean,
    /** The tenant's TIME_ZONE: where a date-time without an offset is placed, and date-times are rendered. */
    readonly timeZone = 'UTC',
  ) {}

  attr(extra?: string): string {
    const base = this.path.join('.');
    if (extra === undefined) return base;
    return base === '' ? extra : `${base}.${extra}`;
  }

  fail(code: string, detail: string, extra?: string): void {
    this.errors.push(fieldError(code, this.attr(extra), detail));
  }

  coerced(given: unknown, kept: unknown): void {
    this.coercions.push({ attr: this.attr(), given, kept });
  }
}

/** Marks a field left out of the validated data (absent and not required, or read-only). */
export const skipped = Symbol('skipped');

/** How one kind of field reads a present, non-null value; returns what DRF keeps (the given value when invalid). */
interface FieldKind {
  /** CharField's test for blank input, which runs before the required and null checks. */
  blank?(value: unknown, run: FieldRun): { kept: unknown } | undefined;
  internal(value: unknown, run: FieldRun): unknown;
}

/** A field's kind with which of the common kinds it is, for Field.run's switch (the classes are declared below). */
type DirectKind =
  | { readonly name: 'char'; readonly kind: CharKind }
  | { readonly name: 'serializer'; readonly kind: SerializerKind }
  | { readonly name: 'listSerializer'; readonly kind: ListSerializerKind }
  | { readonly name: 'choice'; readonly kind: ChoiceKind }
  | { readonly name: 'decimal'; readonly kind: DecimalKind }
  | { readonly name: 'integer'; readonly kind: IntegerKind }
  | { readonly name: 'boolean'; readonly kind: BooleanKind }
  | { readonly name: 'other'; readonly kind: FieldKind };

function directKind(kind: FieldKind): DirectKind {
  if (kind instanceof CharKind) return { name: 'char', kind };
  if (kind instanceof SerializerKind) return { name: 'serializer', kind };
  if (kind instanceof ListSerializerKind) return { name: 'listSerializer', kind };
  if (kind instanceof ChoiceKind) return { name: 'choice', kind };
  if (kind instanceof DecimalKind) return { name: 'decimal', kind };
  if (kind instanceof IntegerKind) return { name: 'integer', kind };
  if (kind instanceof BooleanKind) return { name: 'boolean', kind };
  return { name: 'other', kind };
}

/** One field of a serializer: a kind plus the options set where it is used. */
export class Field {
  /**
   * The kind and which of the common kinds it is, for run's switch: each case calls one class's method, which V8 calls
   * directly, where one call for every kind is the slow generic case (an eighth fewer instructions for a DRF check).
   */
  private readonly direct: DirectKind;
  /** Whether the kind reads blank input first (CharField, DecimalField). */
  private readonly readsBlank: boolean;

  constructor(
    readonly kind: FieldKind,
    readonly required: boolean,
    readonly allowNull: boolean,
    readonly readOnly: boolean,
  ) {
    this.direct = directKind(kind);
    this.readsBlank = kind.blank !== undefined;
  }

  /** Field.run_validation; `undefined` stands for a key that is absent. */
  run(value: unknown, run: FieldRun): unknown {
    if (this.readOnly) return skipped;
    const direct = this.direct;
    if (value !== undefined && this.readsBlank) {
      const blank = direct.name === 'char' ? direct.kind.blank(value, run) : this.kind.blank?.(value, run);
      if (blank !== undefined) return blank.kept;
    }
    if (value === undefined) {
      if (this.required) run.fail('required', 'This field is required.');
      return skipped;
    }
    if (value === null) {
      if (!this.allowNull) run.fail('null', 'This field may not be null.');
      return null;
    }
    // The cases are alike on purpose: each is a call site of its own, where V8 sees one class's method and calls it
    // directly (merged into one, they are the generic case again; scripts/bench-drf-check.mjs shows the difference).
    switch (direct.name) {
      case 'char':
        return direct.kind.internal(value, run);
      case 'serializer':
        return direct.kind.internal(value, run);
      case 'listSerializer':
        return direct.kind.internal(value, run);
      case 'choice':
        return direct.kind.internal(value, run);
      case 'decimal':
        return direct.kind.internal(value, run);
      case 'integer':
        return direct.kind.internal(value, run);
      case 'boolean':
        return direct.kind.internal(value, run);
      default:
        return direct.kind.internal(value, run);
    }
  }
}

const maxStringLength = 1000;

function noteCoercion(run: FieldRun, given: unknown, kept: unknown): void {
  if (kept !== given) run.coerced(given, kept);
}

/** CharField (and EmailField): strings and numbers, trimmed; blank, length, NUL and surrogate checks. */
export class CharKind implements FieldKind {
  constructor(
    readonly allowBlank: boolean,
    readonly maxLength: number | undefined,
    readonly minLength: number | undefined,
    readonly email: boolean,
  ) {}

  blank(value: unknown, run: FieldRun): { kept: unknown } | undefined {
    if (value === null) return undefined;
    if (value !== '' && !isBlankText(value)) return undefined;
    if (!this.allowBlank) run.fail('blank', 'This field may not be blank.');
    else noteCoercion(run, value, '');
    return { kept: '' };
  }

  internal(value: unknown, run: FieldRun): unknown {
    if (typeof value !== 'string' && typeof value !== 'number') {
      run.fail('invalid', this.email ? 'Enter a valid email address.' : 'Not a valid string.');
      return value;
    }
    const kept = pythonStrip(typeof value === 'string' ? value : pythonStr(value));
    const before = run.errors.length;
    // Code points never outnumber UTF-16 units: count them only when the units alone cannot settle it.
    if (this.maxLength !== undefined && kept.length > this.maxLength && pythonLength(kept) > this.maxLength) {
      run.fail('max_length', `Ensure this field has no more than ${this.maxLength} characters.`);
    }
    if (this.minLength !== undefined && pythonLength(kept) < this.minLength) {
      run.fail('min_length', `Ensure this field has at least ${this.minLength} characters.`);
    }
    if (kept.includes('\u0000')) run.fail('null_characters_not_allowed', 'Null characters are not allowed.');
    if (!(kept as string & { isWellFormed(): boolean }).isWellFormed()) {
      const surrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(kept);
      const code = (surrogate?.[0] ?? '').charCodeAt(0).toString(16).toUpperCase();
      run.fail('surrogate_characters_not_allowed', `Surrogate characters are not allowed: U+${code}.`);
    }
    if (this.email && !isDjangoEmail(kept)) run.fail('invalid', 'Enter a valid email address.');
    if (run.errors.length > before) return value;
    noteCoercion(run, value, kept);
    return kept;
  }
}

/** `str(data).strip() == ''` for a value that is not the empty string. */
function isBlankText(value: unknown): boolean {
  if (typeof value !== 'string' || !isPythonSpace(value.charCodeAt(0))) return false;
  for (let index = 0; index < value.length; index += 1) {
    if (!isPythonSpace(value.charCodeAt(index))) return false;
  }
  return true;
}

function checkRange(
  value: number | bigint,
  minimum: number | undefined,
  maximum: number | undefined,
  run: FieldRun,
): void {
  if (maximum !== undefined && value > maximum) {
    run.fail('max_value', `Ensure this value is less than or equal to ${pythonStr(maximum)}.`);
  }
  if (minimum !== undefined && value < minimum) {
    run.fail('min_value', `Ensure this value is greater than or equal to ${pythonStr(minimum)}.`);
  }
}

/** IntegerField: `int(re.sub(r'\.0*\s*$', '', str(data)))`, then the range. */
export class IntegerKind implements FieldKind {
  constructor(
    readonly minimum: number | undefined,
    readonly maximum: number | undefined,
  ) {}

  internal(value: unknown, run: FieldRun): unknown {
    if (typeof value === 'string' && pythonLength(value) > maxStringLength) {
      run.fail('max_string_length', 'String value too large.');
      return value;
    }
    const kept = typeof value === 'number' && Number.isSafeInteger(value) ? value : pythonInt(dropPointZeros(value));
    if (kept === undefined) {
      run.fail('invalid', 'A valid integer is required.');
      return value;
    }
    const before = run.errors.length;
    checkRange(kept, this.minimum, this.maximum, run);
    if (run.errors.length > before) return value;
    if (typeof kept === 'bigint') {
      // Past 2^53 a JSON number would lose digits: what is kept is the integer's digits as text, which the server
      // reads as the same integer.
      run.coerced(value, kept);
      return kept.toString();
    }
    noteCoercion(run, value, kept);
    return kept;
  }
}

/** IntegerField's `re_decimal`: a point followed only by zeros and whitespace at the end is dropped. */
function dropPointZeros(value: unknown): string {
  const text = pythonStr(value);
  let end = text.length;
  while (end > 0 && isPythonSpace(text.charCodeAt(end - 1))) end -= 1;
  while (end > 0 && text[end - 1] === '0') end -= 1;
  return end > 0 && text[end - 1] === '.' ? text.slice(0, end - 1) : text;
}

/** FloatField: Python's float() of the value (booleans included), then the range. */
export class FloatKind implements FieldKind {
  constructor(
    readonly minimum: number | undefined,
    readonly maximum: number | undefined,
  ) {}

  internal(value: unknown, run: FieldRun): unknown {
    if (typeof value === 'string' && pythonLength(value) > maxStringLength) {
      run.fail('max_string_length', 'String value too large.');
      return value;
    }
    let kept: number | undefined;
    if (typeof value === 'number') kept = value;
    else if (typeof value === 'boolean') kept = value ? 1 : 0;
    else if (typeof value === 'string') kept = pythonFloatOf(value);
    if (kept === undefined) {
      run.fail('invalid', 'A valid number is required.');
      return value;
    }
    const before = run.errors.length;
    checkRange(kept, this.minimum, this.maximum, run);
    if (run.errors.length > before) return value;
    noteCoercion(run, value, kept);
    return kept;
  }
}

const trueValues = new Set<unknown>(['t', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On']);
for (const spelling of ['ON', '1', 1, true]) trueValues.add(spelling);
const falseValues = new Set<unknown>(['f', 'F', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off']);
for (const spelling of ['OFF', '0', 0, false]) falseValues.add(spelling);
const nullValues = new Set<unknown>(['null', 'Null', 'NULL', '']);

/** BooleanField: DRF's lists of true, false and null spellings. */
export class BooleanKind implements FieldKind {
  constructor(readonly allowNull: boolean) {}

  internal(value: unknown, run: FieldRun): unknown {
    let kept: boolean | null | undefined;
    if (trueValues.has(value)) kept = true;
    else if (falseValues.has(value)) kept = false;
    else if (this.allowNull && nullValues.has(value)) kept = null;
    if (kept === undefined) {
      run.fail('invalid', 'Must be a valid boolean.');
      return value;
    }
    noteCoercion(run, value, kept);
    return kept;
  }
}

const plainDecimal = /^-?[0-9]+(?:\.[0-9]+)?$/;

/** A schema's bound as DRF's DecimalField holds it: Decimal(str(bound)). */
function decimalBound(bound: number | undefined): DecimalTuple | undefined {
  if (bound === undefined) return undefined;
  const parsed = pythonDecimal(pythonNumber(bound));
  return typeof parsed === 'object' ? parsed : undefined;
}

/** DecimalField: Python's Decimal() of the trimmed text (a number is read too), digits and places, then the range. */
export class DecimalKind implements FieldKind {
  private readonly maxWholeDigits: number | undefined;
  /** The bounds as the server has them: Decimal(str(bound)), compared and printed exactly. */
  private readonly low: DecimalTuple | undefined;
  private readonly high: DecimalTuple | undefined;

  constructor(
    readonly maxDigits: number | undefined,
    readonly decimalPlaces: number | undefined,
    readonly minimum: number | undefined,
    readonly maximum: number | undefined,
    readonly allowNull = false,
  ) {
    this.maxWholeDigits =
      maxDigits !== undefined && decimalPlaces !== undefined ? maxDigits - decimalPlaces : undefined;
    this.low = decimalBound(minimum);
    this.high = decimalBound(maximum);
  }

  /** DecimalField.validate_empty_values: blank text is null where null is allowed. */
  blank(value: unknown, run: FieldRun): { kept: unknown } | undefined {
    if (!this.allowNull || value === null || pythonStrip(pythonStr(value)) !== '') return undefined;
    noteCoercion(run, value, null);
    return { kept: null };
  }

  /** Whether a plain decimal text is within the digits and places (and no range is set), so it needs no reading. */
  private plainFits(text: string): boolean {
    if (this.minimum !== undefined || this.maximum !== undefined || !plainDecimal.test(text)) return false;
    const point = text.indexOf('.');
    const start = text.charCodeAt(0) === 45 ? 1 : 0;
    const wholeText = point === -1 ? text.slice(start) : text.slice(start, point);
    const places = point === -1 ? 0 : text.length - point - 1;
    // Leading zeros do not count (Decimal drops them); a fraction's trailing zeros do.
    const whole = wholeText.replace(/^0+/, '').length;
    const total = whole === 0 ? Math.max(places, 1) : whole + places;
    if (this.maxDigits !== undefined && total > this.maxDigits) return false;
    if (this.decimalPlaces !== undefined && places > this.decimalPlaces) return false;
    return this.maxWholeDigits === undefined || whole <= this.maxWholeDigits;
  }

  internal(value: unknown, run: FieldRun): unknown {
    // The common spelling ("-23.43") within the digits and places: valid as written, nothing to coerce.
    if (!run.build && typeof value === 'string' && value.length <= 40 && this.plainFits(value)) return value;
    const text = pythonStrip(pythonStr(value));
    if (pythonLength(text) > maxStringLength) {
      run.fail('max_string_length', 'String value too large.');
      return value;
    }
    const parsed = pythonDecimal(text);
    if (parsed === undefined || parsed === 'special') {
      run.fail('invalid', 'A valid number is required.');
      return value;
    }
    const { digits, exponent } = parsed;
    let total: number;
    let whole: number;
    let places: number;
    if (exponent >= 0) {
      total = digits.length + exponent;
      whole = total;
      places = 0;
    } else if (digits.length > -exponent) {
      total = digits.length;
      whole = total + exponent;
      places = -exponent;
    } else {
      total = -exponent;
      whole = 0;
      places = total;
    }
    if (this.maxDigits !== undefined && total > this.maxDigits) {
      run.fail('max_digits', `Ensure that there are no more than ${this.maxDigits} digits in total.`);
    } else if (this.decimalPlaces !== undefined && places > this.decimalPlaces) {
      run.fail('max_decimal_places', `Ensure that there are no more than ${this.decimalPlaces} decimal places.`);
    } else if (this.maxWholeDigits !== undefined && whole > this.maxWholeDigits) {
      const detail = `Ensure that there are no more than ${this.maxWholeDigits} digits before the decimal point.`;
      run.fail('max_whole_digits', detail);
    } else {
      // Without max_digits an exponent can be huge: such a value is kept in the exponent form Python prints.
      const huge = Math.abs(exponent) > maxStringLength;
      const kept = huge ? decimalStr(parsed) : formatDecimal(parsed, this.decimalPlaces ?? null);
      const before = run.errors.length;
      if (this.high !== undefined && compareDecimals(parsed, this.high) > 0) {
        run.fail('max_value', `Ensure this value is less than or equal to ${decimalStr(this.high)}.`);
      }
      if (this.low !== undefined && compareDecimals(parsed, this.low) < 0) {
        run.fail('min_value', `Ensure this value is greater than or equal to ${decimalStr(this.low)}.`);
      }
      if (run.errors.length > before) return value;
      // Padding to the field's places is rendering, not a different reading: only other spellings are coercions.
      if (typeof value !== 'string' || !plainDecimal.test(value)) run.coerced(value, kept);
      return kept;
    }
    return value;
  }
}

const canonicalDate = /^\d{4}-\d{2}-\d{2}$/;
const canonicalDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** DateField: django.utils.dateparse.parse_date. */
export class DateKind implements FieldKind {
  internal(value: unknown, run: FieldRun): unknown {
    if (typeof value === 'string' && canonicalDate.test(value) && isRealDate(value)) return value;
    const parts = typeof value === 'string' ? parseDjangoDate(value) : undefined;
    if (parts === undefined) {
      run.fail('invalid', 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.');
      return value;
    }
    const kept = formatDate(parts);
    if (kept !== value && !(typeof value === 'string' && canonicalDate.test(value))) run.coerced(value, kept);
    return kept;
  }
}

/** Whether the YYYY-MM-DD at the start of a text is a real calendar date (years 1 to 9999). */
function isRealDate(text: string): boolean {
  const digit = (index: number): number => text.charCodeAt(index) - 48;
  const year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const month = digit(5) * 10 + digit(6);
  const day = digit(8) * 10 + digit(9);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  if (month === 2) return day <= ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28);
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

const plainDateTime =
  /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** DateTimeField: parse_datetime, then made aware in the tenant's time zone (UTC unless configured). */
export class DateTimeKind implements FieldKind {
  internal(value: unknown, run: FieldRun): unknown {
    // The common spelling, with an offset, years 1000-8999 (no conversion can leave the calendar): valid as written.
    if (!run.build && typeof value === 'string' && plainDateTime.test(value) && isRealDate(value)) {
      const millennium = value.charCodeAt(0) - 48;
      if (millennium > 0 && millennium < 9) return value;
    }
    const parts = typeof value === 'string' ? parseDjangoDateTime(value) : undefined;
    if (parts === undefined) {
      const formats = 'YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]';
      run.fail('invalid', `Datetime has wrong format. Use one of these formats instead: ${formats}.`);
      return value;
    }
    const zone = run.timeZone;
    let instant: number;
    if (parts.offsetMinutes === undefined) {
      const local = instantOfWallTime(zone, wallMillis(parts));
      if (typeof local === 'string') {
        // pytz's localize(is_dst=None) refuses a wall time that a DST change skips or repeats.
        run.fail('make_aware', `Invalid datetime for the timezone "${zone}".`);
        return value;
      }
      instant = local;
    } else {
      instant = wallMillis(parts) - parts.offsetMinutes * 60_000;
    }
    const kept = renderInZone(zone, instant, parts.microsecond);
    if (kept === undefined) {
      run.fail('overflow', 'Datetime value out of range.');
      return value;
    }
    if (parts.offsetMinutes === undefined || !canonicalDateTime.test(value as string)) run.coerced(value, kept);
    return kept;
  }
}

/** ChoiceField: the choice whose str() equals str(value). */
export class ChoiceKind implements FieldKind {
  private readonly byText = new Map<string, unknown>();

  constructor(
    readonly choices: readonly unknown[],
    readonly allowBlank: boolean,
  ) {
    // DRF keys its choices by value in a dict, then maps str(key) to the key: Python's 1, 1.0 and True are one key
    // there, the first one given ([1, true]: "1" and true read as 1, and "True" is no choice).
    const keys = new Map<unknown, unknown>();
    for (const choice of choices) {
      const key = typeof choice === 'boolean' ? Number(choice) : choice;
      if (!keys.has(key)) keys.set(key, choice);
    }
    for (const choice of keys.values()) this.byText.set(pythonStr(choice), choice);
  }

  internal(value: unknown, run: FieldRun): unknown {
    if (value === '' && this.allowBlank) return '';
    const kept = this.byText.get(pythonStr(value));
    if (kept === undefined) {
      run.fail('invalid_choice', `"${pythonStr(value)}" is not a valid choice.`);
      return value;
    }
    noteCoercion(run, value, kept);
    return kept;
  }
}

/** JSONField: every JSON value. */
export class JsonKind implements FieldKind {
  internal(value: unknown): unknown {
    return value;
  }
}

/** ListField of scalars: the list checks, then each item; item errors are filed under the item's index. */
export class ListKind implements FieldKind {
  child: Field | undefined;

  constructor(
    readonly allowEmpty: boolean,
    readonly minItems: number | undefined,
    readonly maxItems: number | undefined,
  ) {}

  internal(value: unknown, run: FieldRun): unknown {
    if (!Array.isArray(value)) {
      run.fail('not_a_list', `Expected a list of items but got type "${pythonTypeName(value)}".`);
      return value;
    }
    if (!this.allowEmpty && value.length === 0) {
      run.fail('empty', 'This list may not be empty.');
      return value;
    }
    // ListField checks the length only once every item has passed (its validators run after the child's).
    const before = run.errors.length;
    const kept = runItems(value, this.child, run);
    if (run.errors.length > before) return kept;
    if (this.maxItems !== undefined && value.length > this.maxItems) {
      run.fail('max_length', `Ensure this field has no more than ${this.maxItems} elements.`);
    }
    if (this.minItems !== undefined && value.length < this.minItems) {
      run.fail('min_length', `Ensure this field has at least ${this.minItems} elements.`);
    }
    return kept;
  }
}

function runItems(list: readonly unknown[], child: Field | undefined, run: FieldRun): unknown {
  const kept: unknown[] | undefined = run.build ? [] : undefined;
  for (let index = 0; index < list.length; index += 1) {
    const item = list[index];
    run.path.push(index);
    const value = child === undefined ? item : child.run(item, run);
    run.path.pop();
    kept?.push(value === skipped ? item : value);
  }
  return kept ?? list;
}

/** A nested serializer with many=True (a ListSerializer): shape errors go to `non_field_errors`. */
export class ListSerializerKind implements FieldKind {
  child: Field | undefined;

  constructor(
    readonly allowEmpty: boolean,
    readonly minItems: number | undefined,
    readonly maxItems: number | undefined,
  ) {}

  internal(value: unknown, run: FieldRun): unknown {
    if (!Array.isArray(value)) {
      const detail = `Expected a list of items but got type "${pythonTypeName(value)}".`;
      run.fail('not_a_list', detail, 'non_field_errors');
      return value;
    }
    if (!this.allowEmpty && value.length === 0) {
      run.fail('empty', 'This list may not be empty.', 'non_field_errors');
      return value;
    }
    if (this.maxItems !== undefined && value.length > this.maxItems) {
      const detail = `Ensure this field has no more than ${this.maxItems} elements.`;
      run.fail('max_length', detail, 'non_field_errors');
      return value;
    }
    if (this.minItems !== undefined && value.length < this.minItems) {
      run.fail('min_length', `Ensure this field has at least ${this.minItems} elements.`, 'non_field_errors');
      return value;
    }
    return runItems(value, this.child, run);
  }
}

/** DictField: a JSON object whose every value is read by one child field. */
export class DictKind implements FieldKind {
  child: Field | undefined;

  internal(value: unknown, run: FieldRun): unknown {
    if (!isJsonObject(value)) {
      run.fail('not_a_dict', `Expected a dictionary of items but got type "${pythonTypeName(value)}".`);
      return value;
    }
    if (this.child === undefined) return value;
    const kept: JsonObject | undefined = run.build ? {} : undefined;
    for (const key of Object.keys(value)) {
      run.path.push(key);
      const item = this.child.run(value[key], run);
      run.path.pop();
      if (kept !== undefined) kept[key] = item === skipped ? value[key] : item;
    }
    return kept ?? value;
  }
}

/** A nested Serializer: each declared field in order, then the keys it does not know. */
export class SerializerKind implements FieldKind {
  /** Filled after construction, so that a schema may refer to itself. */
  readonly fields: [string, Field][] = [];
  private known = new Set<string>();
  private names: string[] = [];
  private children: Field[] = [];
  /** Names that an object inherits (`constructor`, `toString`): only an own key of that name counts. */
  private inherited: boolean[] = [];
  /** Fields whose absence is an error (required, not read-only); any other absent field is skipped unvisited. */
  private mustBeGiven: boolean[] = [];

  /** Lets a key pass that the object's fields do not declare (a polymorphic serializer's discriminator). */
  allow(name: string): void {
    this.known.add(name);
  }

  seal(): void {
    this.names = this.fields.map(([name]) => name);
    this.children = this.fields.map(([, field]) => field);
    this.inherited = this.names.map((name) => name in Object.prototype);
    this.mustBeGiven = this.children.map((field) => field.required && !field.readOnly);
    this.known = new Set(this.names);
  }

  internal(value: unknown, run: FieldRun): unknown {
    if (!isJsonObject(value)) {
      const detail = `Invalid data. Expected a dictionary, but got ${pythonTypeName(value)}.`;
      run.fail('invalid', detail, 'non_field_errors');
      return value;
    }
    const kept: JsonObject | undefined = run.build ? {} : undefined;
    const { names, children, inherited, mustBeGiven } = this;
    let present = 0;
    for (let index = 0; index < names.length; index += 1) {
      const name = names[index] as string;
      let given = value[name];
      if (given !== undefined && inherited[index] === true && !Object.hasOwn(value, name)) given = undefined;
      // Field.run of an absent optional (or read-only) field only returns `skipped`: most of a schema's fields.
      if (given === undefined && mustBeGiven[index] !== true) continue;
      if (given !== undefined) present += 1;
      run.path.push(name);
      const item = (children[index] as Field).run(given, run);
      run.path.pop();
      if (kept !== undefined && item !== skipped) kept[name] = item;
    }
    // Every key was a field unless the object has more keys than fields found.
    if (run.unknownFields !== 'ignore' && Object.keys(value).length !== present) this.reportUnknown(value, run);
    return kept ?? value;
  }

  private reportUnknown(value: JsonObject, run: FieldRun): void {
    for (const key in value) {
      if (!Object.hasOwn(value, key) || this.known.has(key)) continue;
      const finding = fieldError(
        'unknown_field',
        run.attr(key),
        `"${key}" is not a field of the account import schema; Kraken ignores it.`,
      );
      (run.unknownFields === 'error' ? run.errors : run.warnings).push(finding);
    }
  }
}

/**
 * A polymorphic serializer (drf-spectacular's discriminator): the value of one field picks the serializer that
 * reads the object. A missing or unknown value is that field's error, as a ChoiceField would give it.
 */
export class PolymorphicKind implements FieldKind {
  readonly branches = new Map<string, FieldKind>();

  constructor(readonly property: string) {}

  internal(value: unknown, run: FieldRun): unknown {
    if (!isJsonObject(value)) {
      const detail = `Invalid data. Expected a dictionary, but got ${pythonTypeName(value)}.`;
      run.fail('invalid', detail, 'non_field_errors');
      return value;
    }
    const key = Object.hasOwn(value, this.property) ? value[this.property] : undefined;
    if (key === undefined || key === null) {
      run.fail(
        key === null ? 'null' : 'required',
        key === null ? 'This field may not be null.' : 'This field is required.',
        this.property,
      );
      return value;
    }
    const branch = this.branches.get(pythonStr(key));
    if (branch === undefined) {
      run.fail('invalid_choice', `"${pythonStr(key)}" is not a valid choice.`, this.property);
      return value;
    }
    return branch.internal(value, run);
  }
}
