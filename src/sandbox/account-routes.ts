// The account endpoints of Kraken's v2 import API: validate an account, create (schedule) its import, read its status.
import type { IncomingMessage } from 'node:http';
import type { FieldError } from '../core/field-error.js';
import { isJsonObject, type JsonObject } from '../core/json.js';
import { HttpProblem, notFound, readJsonObject, type Answer } from './http.js';
import { isStatusLagging, scheduleImport, statusAt } from './lifecycle.js';
import type { SandboxContext } from './sandbox-context.js';
import { checkTaskParams, objectFieldErrors } from './task-params.js';

const failedValidationOnCreate = {
  code: 'import_process_failed_validation',
  detail:
    'Import process validation failed during account creation. Please validate the import process to get full details of the validation errors.',
  domain: 'import_process',
};

/** The attr of an error about a whole object, as DRF names it. */
const nonFieldErrors = 'non_field_errors';

/** Returns the node at `key` of `node` as an object, turning a list of errors already there into its non_field_errors. */
function childObject(node: JsonObject, key: string): JsonObject {
  const child = node[key];
  if (isJsonObject(child)) return child;
  const created: JsonObject = Array.isArray(child) ? { [nonFieldErrors]: child } : {};
  node[key] = created;
  return created;
}

/** Appends a detail to the error list at `key`, or to the non_field_errors of the object already there (as DRF nests). */
function appendDetail(node: JsonObject, key: string, detail: string): void {
  const existing = node[key];
  const target = isJsonObject(existing) ? existing : node;
  const leaf = isJsonObject(existing) ? nonFieldErrors : key;
  const list = target[leaf];
  target[leaf] = [...(Array.isArray(list) ? (list as unknown[]) : []), detail];
}

/**
 * Nests `{attr, detail}` errors into the raw form `{"customers": {"0": {"landline": ["..."]}}}`; an error on an
 * object that also has errors inside goes to that object's `non_field_errors`, whatever the order.
 */
export function nestErrors(errors: readonly FieldError[]): JsonObject {
  const nested: JsonObject = {};
  for (const error of errors) {
    const path = error.attr === undefined || error.attr === '' ? [nonFieldErrors] : error.attr.split('.');
    let node = nested;
    for (const segment of path.slice(0, -1)) node = childObject(node, segment);
    appendDetail(node, path.at(-1) ?? nonFieldErrors, error.detail);
  }
  return nested;
}

/** Gives every error an `attr`: `non_field_errors` for one about the whole body or account, as DRF names it. */
export function withAttr(errors: readonly FieldError[]): FieldError[] {
  return errors.map((error) =>
    error.attr === undefined || error.attr === '' ? { ...error, attr: nonFieldErrors } : error,
  );
}

function validationBody(errors: FieldError[], errorFormat: 'standard' | 'nested'): JsonObject {
  if (errorFormat === 'nested') return nestErrors(errors);
  return { detail: 'Could not validate account data.', code: 'account_failed_validation', errors: withAttr(errors) };
}

/** The 400 of a request whose wrapper (`payload`, `task_params`) is wrong. */
function wrapperProblem(errors: FieldError[]): HttpProblem {
  if (errors.every((error) => error.attr?.startsWith('task_params') === true))
    return new HttpProblem(400, { detail: 'Invalid task parameters.', code: 'invalid_task_params', errors });
  return new HttpProblem(400, {
    detail: 'Could not validate account data.',
    code: 'account_failed_validation',
    errors,
  });
}

interface AccountBody {
  account: JsonObject;
  taskParams: JsonObject;
  dryRun: boolean;
  accountNumber: string | undefined;
}

/** Tells whether a body is a bare account that an `acceptBare` sandbox takes in place of `{payload}`. */
function isBareAccount(context: SandboxContext, body: JsonObject): boolean {
  return context.options.acceptBare && !('payload' in body) && 'external_account_number' in body;
}

/**
 * Reads `{payload}` (validate) or `{payload, task_params}` (create), as the published request schemas require, or a
 * bare account when the sandbox accepts one (then with default task parameters); throws a 400 problem otherwise.
 */
async function readAccountBody(
  context: SandboxContext,
  request: IncomingMessage,
  operation: 'validate' | 'create',
): Promise<AccountBody> {
  const body = await readJsonObject(request, context.options.maxBodyBytes);
  let account: JsonObject = body;
  let taskParams: JsonObject = { is_dry_run: false };
  let dryRun = false;
  if (!isBareAccount(context, body)) {
    const errors = objectFieldErrors(body, 'payload');
    const payload = body['payload'];
    if (isJsonObject(payload)) account = payload;
    if (operation === 'create') {
      const checked = checkTaskParams(body, context.options.now());
      if (Array.isArray(checked)) errors.push(...checked);
      else ({ params: taskParams, dryRun } = checked);
    }
    if (errors.length > 0) throw wrapperProblem(errors);
  }
  const number = account['external_account_number'];
  return { account, taskParams, dryRun, accountNumber: typeof number === 'string' ? number : undefined };
}

/** POST /v2/data-import/accounts/validate/: 200 `{}`, or 400 with every error of the account. */
export async function handleValidate(context: SandboxContext, request: IncomingMessage): Promise<Answer> {
  const { account, accountNumber } = await readAccountBody(context, request, 'validate');
  const errors = context.validateAccount(account);
  if (errors.length === 0) return { status: 200, body: {}, account: accountNumber };
  return { status: 400, body: validationBody(errors, context.options.errorFormat), account: accountNumber };
}

function alreadyImported(accountNumber: string, accountId: string): JsonObject {
  const detail = `The account import process with the account number ${accountNumber} has already been imported.`;
  return { non_field_errors: { detail, code: 'account_import_process_already_imported' }, account_id: accountId };
}

/**
 * POST /v2/data-import/accounts/: checks the wrapper and task parameters, the account, and that it was not imported
 * already (a dry run of an imported account as `dryRunOfImported` says), then stores the import and answers 201
 * (unless the seeded faults lose the answer).
 */
export async function handleCreate(context: SandboxContext, request: IncomingMessage): Promise<Answer> {
  const { options, store } = context;
  const { account, taskParams, dryRun, accountNumber } = await readAccountBody(context, request, 'create');
  const now = options.now();
  const errors = context.validateAccount(account);
  if (errors.length > 0 || accountNumber === undefined)
    return { status: 400, body: failedValidationOnCreate, account: accountNumber };
  const importSupplier = String(account['import_supplier']);
  const checksExisting = !dryRun || options.dryRunOfImported === 'refused';
  const existing = checksExisting ? store.existingAccount(importSupplier, accountNumber, now) : undefined;
  if (existing !== undefined)
    return { status: 400, body: alreadyImported(accountNumber, existing), account: accountNumber };
  store.add(scheduleImport({ importSupplier, externalAccountNumber: accountNumber, taskParams, dryRun, now }, options));
  if (context.faults.losesCreateAnswer()) return 'dropped';
  return { status: 201, body: {}, account: accountNumber };
}

/** Decodes a path segment; a malformed percent-escape names no import (404), as Django's lenient unquoting finds none. */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** GET /v2/data-import/accounts/<supplier>/<number>/: the import's status, or 404 when unknown or still lagging. */
export function handleStatus(context: SandboxContext, encodedSupplier: string, encodedNumber: string): Answer {
  const importSupplier = decodeSegment(encodedSupplier);
  const accountNumber = decodeSegment(encodedNumber);
  if (importSupplier === undefined || accountNumber === undefined)
    return { status: 404, body: notFound, account: accountNumber };
  const now = context.options.now();
  const found = context.store.find(importSupplier, accountNumber, context.options.dryRunOfImported === 'latest');
  if (found === undefined || isStatusLagging(found, now, context.options.statusLagMs))
    return { status: 404, body: notFound, account: accountNumber };
  return { status: 200, body: statusAt(found, now) as unknown as JsonObject, account: accountNumber };
}
