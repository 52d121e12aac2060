// Turns AJV errors into the API's {code, attr, detail} shape with Django REST framework's codes and wording.
import type { ErrorObject } from 'ajv';
import { fieldError, joinAttr, type FieldError } from '../core/field-error.js';

/** Converts an AJV instance path (`/customers/0/landline`) to the API's attr (`customers.0.landline`). */
export function attrFromPointer(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'dict';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

function shortValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const typeDetails: Record<string, string> = {
  string: 'Not a valid string.',
  integer: 'A valid integer is required.',
  number: 'A valid number is required.',
  boolean: 'Must be a valid boolean.',
};

function shapeTypeError(attr: string, error: ErrorObject): FieldError {
  const expected = String(error.params['type']);
  if (error.data === null) return fieldError('null', attr, 'This field may not be null.');
  if (expected === 'array') {
    return fieldError('not_a_list', attr, `Expected a list of items but got type "${describeType(error.data)}".`);
  }
  if (expected === 'object') {
    return fieldError('invalid', attr, `Invalid data. Expected a dictionary, but got ${describeType(error.data)}.`);
  }
  return fieldError('invalid', attr, typeDetails[expected] ?? `Expected a value of type ${expected}.`);
}

const isoDateShape = /^\d{4}-\d{2}-\d{2}$/;

function shapeFormatError(attr: string, error: ErrorObject): FieldError {
  const format = String(error.params['format']);
  const value = shortValue(error.data);
  if (format === 'date') {
    if (typeof error.data === 'string' && isoDateShape.test(error.data)) {
      return fieldError('invalid', attr, `"${value}" is not a real calendar date.`);
    }
    return fieldError('invalid', attr, `Date "${value}" has wrong format. Use YYYY-MM-DD.`);
  }
  if (format === 'date-time') {
    return fieldError(
      'invalid',
      attr,
      `Datetime "${value}" has wrong format. Use ISO 8601 with a UTC offset, such as 2024-06-01T12:00:00Z.`,
    );
  }
  if (format === 'email') return fieldError('invalid', attr, 'Enter a valid email address.');
  return fieldError('invalid', attr, `"${value}" is not a valid ${format}.`);
}

/** Maps one AJV error to the API's shape. */
export function shapeSchemaError(error: ErrorObject): FieldError {
  const attr = attrFromPointer(error.instancePath);
  const params = error.params;
  switch (error.keyword) {
    case 'required':
      return fieldError('required', joinAttr(attr, String(params['missingProperty'])), 'This field is required.');
    case 'additionalProperties':
      return fieldError(
        'unknown_field',
        joinAttr(attr, String(params['additionalProperty'])),
        'This field is not part of the account import schema.',
      );
    case 'type':
      return shapeTypeError(attr, error);
    case 'enum':
      return fieldError('invalid_choice', attr, `"${shortValue(error.data)}" is not a valid choice.`);
    case 'maxLength':
      return fieldError(
        'max_length',
        attr,
        `Ensure this field has no more than ${String(params['limit'])} characters.`,
      );
    case 'minLength':
      return params['limit'] === 1
        ? fieldError('blank', attr, 'This field may not be blank.')
        : fieldError('min_length', attr, `Ensure this field has at least ${String(params['limit'])} characters.`);
    case 'minItems':
      return params['limit'] === 1
        ? fieldError('empty', attr, 'This list may not be empty.')
        : fieldError('min_length', attr, `Ensure this field has at least ${String(params['limit'])} elements.`);
    case 'minimum':
      return fieldError('min_value', attr, `Ensure this value is greater than or equal to ${String(params['limit'])}.`);
    case 'maximum':
      return fieldError('max_value', attr, `Ensure this value is less than or equal to ${String(params['limit'])}.`);
    case 'pattern':
      return String(params['pattern']).startsWith('^-?[0-9]+')
        ? fieldError('invalid', attr, 'A valid number is required.')
        : fieldError(
            'invalid',
            attr,
            `"${shortValue(error.data)}" does not match the pattern ${String(params['pattern'])}.`,
          );
    case 'format':
      return shapeFormatError(attr, error);
    default:
      return fieldError('invalid', attr, `${attr || 'record'} ${error.message ?? 'is invalid'}.`);
  }
}

/** Maps AJV errors to the API's shape, keeping one error per attr and code. */
export function shapeSchemaErrors(errors: readonly ErrorObject[]): FieldError[] {
  const seen = new Set<string>();
  const shaped: FieldError[] = [];
  for (const error of errors) {
    const field = shapeSchemaError(error);
    const key = `${field.attr ?? ''}\u0000${field.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    shaped.push(field);
  }
  return shaped;
}
