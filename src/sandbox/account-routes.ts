// The account endpoints of Kraken's v2 import API: validate an account, create (schedule) its import, read its status.
import type { IncomingMessage } from 'node:http';
import type { FieldError } from '../core/field-error.js';
import { isJsonObject, type JsonObject } from '../core/json.js';
import { HttpProblem, notFound, readJsonObject, type Answer } from './http.js';
import { isStatusLagging, scheduleImport, scheduleWindowErrors, statusAt } from './lifecycle.js';
import type { SandboxContext } from './sandbox-context.js';

const failedValidationOnCreate = {
  code: 'import_process_failed_validation',
  detail:
    'Import process validation failed during account creation. Please validate the import process to get full details of the validation errors.',
  domain: 'import_process',
};

/** Nests `{attr, detail}` errors into the raw form `{"customers": {"0": {"landline": ["..."]}}}`. */
export function nestErrors(errors: readonly FieldError[]): JsonObject {
  const nested: JsonObject = {};
  for (const error of errors) {
    const path = (error.attr ?? 'non_field_errors').split('.');
    let node = nested;
    for (const segment of path.slice(0, -1)) {
      const child = node[segment];
      node = isJsonObject(child) ? child : (node[segment] = {});
    }
    const leaf = path.at(-1) ?? 'non_field_errors';
    const existing = node[leaf];
    node[leaf] = [...(Array.isArray(existing) ? (existing as unknown[]) : []), error.detail];
  }
  return nested;
}

function validationBody(errors: FieldError[], errorFormat: 'standard' | 'nested'): JsonObject {
  if (errorFormat === 'nested') return nestErrors(errors);
  return { detail: 'Could not validate account data.', code: 'account_failed_validation', errors };
}

interface AccountBody {
  account: JsonObject;
  taskParams: JsonObject;
  accountNumber: string | undefined;
}

/** Reads `{payload, task_params}`, or a bare account as some tenants send; 400 when there is neither. */
async function readAccountBody(context: SandboxContext, request: IncomingMessage): Promise<AccountBody> {
  const body = await readJsonObject(request, context.options.maxBodyBytes);
  const payload = body['payload'];
  let account: JsonObject;
  let taskParams: JsonObject = {};
  if (isJsonObject(payload)) {
    const params = body['task_params'];
    account = payload;
    taskParams = isJsonObject(params) ? params : {};
  } else if ('external_account_number' in body) {
    account = body;
  } else {
    throw new HttpProblem(400, {
      detail: 'Could not validate account data.',
      code: 'account_failed_validation',
      errors: [{ detail: 'This field is required.', code: 'required', attr: 'payload' }],
    });
  }
  const number = account['external_account_number'];
  return { account, taskParams, accountNumber: typeof number === 'string' ? number : undefined };
}

/** POST /v2/data-import/accounts/validate/: 200 `{}`, or 400 with every error of the account. */
export async function handleValidate(context: SandboxContext, request: IncomingMessage): Promise<Answer> {
  const { account, accountNumber } = await readAccountBody(context, request);
  const errors = context.validateAccount(account);
  if (errors.length === 0) return { status: 200, body: {}, account: accountNumber };
  return { status: 400, body: validationBody(errors, context.options.errorFormat), account: accountNumber };
}

/**
 * POST /v2/data-import/accounts/: checks the account, its schedule window and that it was not imported already,
 * then stores the import and answers 201 (unless the seeded faults lose the answer).
 */
export async function handleCreate(context: SandboxContext, request: IncomingMessage): Promise<Answer> {
  const { options, store } = context;
  const { account, taskParams, accountNumber } = await readAccountBody(context, request);
  const now = options.now();
  const errors = context.validateAccount(account);
  if (errors.length > 0 || accountNumber === undefined)
    return { status: 400, body: failedValidationOnCreate, account: accountNumber };
  const windowProblems = scheduleWindowErrors(taskParams, now);
  if (windowProblems.length > 0) {
    const body = { detail: 'Invalid task parameters.', code: 'invalid_task_params', errors: windowProblems };
    return { status: 400, body, account: accountNumber };
  }
  const importSupplier = String(account['import_supplier']);
  const dryRun = taskParams['is_dry_run'] === true;
  const existing = dryRun ? undefined : store.existingAccount(importSupplier, accountNumber, now);
  if (existing !== undefined) {
    const detail = `The account import process with the account number ${accountNumber} has already been imported.`;
    const body = {
      non_field_errors: { detail, code: 'account_import_process_already_imported' },
      account_id: existing,
    };
    return { status: 400, body, account: accountNumber };
  }
  store.add(scheduleImport({ importSupplier, externalAccountNumber: accountNumber, taskParams, dryRun, now }, options));
  if (context.faults.losesCreateAnswer()) return 'dropped';
  return { status: 201, body: {}, account: accountNumber };
}

/** GET /v2/data-import/accounts/<supplier>/<number>/: the import's status, or 404 when unknown or still lagging. */
export function handleStatus(context: SandboxContext, encodedSupplier: string, encodedNumber: string): Answer {
  const importSupplier = decodeURIComponent(encodedSupplier);
  const accountNumber = decodeURIComponent(encodedNumber);
  const found = context.store.find(importSupplier, accountNumber);
  if (found === undefined || isStatusLagging(found, context.options.now(), context.options.statusLagMs))
    return { status: 404, body: notFound, account: accountNumber };
  return { status: 200, body: statusAt(found, context.options.now()) as unknown as JsonObject, account: accountNumber };
}
