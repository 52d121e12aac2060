// The create's `task_params`, read as Django REST framework reads the published TaskParameters serializer.
import type { FieldError } from '../core/field-error.js';
import { isJsonObject, type JsonObject } from '../core/json.js';
import { scheduleWindowErrors } from './lifecycle.js';

// DRF BooleanField's accepted inputs (JSON has no float 1.0 apart from 1, so numbers are 1 and 0).
const trueValues: ReadonlySet<unknown> = new Set(['t', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE']);
const moreTrueValues: ReadonlySet<unknown> = new Set(['on', 'On', 'ON', '1', 1, true]);
const falseValues: ReadonlySet<unknown> = new Set(['f', 'F', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE']);
const moreFalseValues: ReadonlySet<unknown> = new Set(['off', 'Off', 'OFF', '0', 0, false]);

/** The Python type name DRF puts in "Expected a dictionary, but got <type>." */
export function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'dict';
}

/** The errors DRF gives a required nested object field (`payload`, `task_params`) that is missing or not an object. */
export function objectFieldErrors(body: JsonObject, name: string): FieldError[] {
  if (!(name in body)) return [{ code: 'required', attr: name, detail: 'This field is required.' }];
  const value = body[name];
  if (value === null) return [{ code: 'null', attr: name, detail: 'This field may not be null.' }];
  if (isJsonObject(value)) return [];
  const detail = `Invalid data. Expected a dictionary, but got ${pythonTypeName(value)}.`;
  return [{ code: 'invalid', attr: name, detail }];
}

/** Reads a DRF BooleanField (not nullable): true or false, or the field's error. */
export function readDrfBoolean(value: unknown, attr: string): boolean | FieldError {
  if (trueValues.has(value) || moreTrueValues.has(value)) return true;
  if (falseValues.has(value) || moreFalseValues.has(value)) return false;
  if (value === null) return { code: 'null', attr, detail: 'This field may not be null.' };
  return { code: 'invalid', attr, detail: 'Must be a valid boolean.' };
}

/** Task parameters that passed their checks, with `is_dry_run` read as a boolean. */
export interface CheckedTaskParams {
  params: JsonObject;
  dryRun: boolean;
}

/**
 * Checks the create body's `task_params` (required, an object; `is_dry_run` a DRF boolean defaulting to false; the
 * schedule window as the API checks it): the checked parameters, or every error with its `task_params.` attr.
 */
export function checkTaskParams(body: JsonObject, now: number): CheckedTaskParams | FieldError[] {
  const shapeErrors = objectFieldErrors(body, 'task_params');
  const params = body['task_params'];
  if (shapeErrors.length > 0 || !isJsonObject(params)) return shapeErrors;
  const dryRun = 'is_dry_run' in params ? readDrfBoolean(params['is_dry_run'], 'task_params.is_dry_run') : false;
  const errors = [...(typeof dryRun === 'boolean' ? [] : [dryRun]), ...scheduleWindowErrors(params, now)];
  if (errors.length > 0 || typeof dryRun !== 'boolean') return errors;
  return { params: { ...params, is_dry_run: dryRun }, dryRun };
}
