// The remote validate stage of a push: the tenant's own verdict on a payload before it is ever created.
import type { AccountJson } from '../core/json.js';
import type { RecordResult } from '../report/record-result.js';
import type { PushContext } from './push-context.js';
import type { RecordRun } from './record-run.js';

/** Asks the validate endpoint about the payload (unless skipped); returns the record's line if it ends here, else undefined. */
export async function remoteValidate(
  context: PushContext,
  run: RecordRun,
  payload: AccountJson,
): Promise<RecordResult | undefined> {
  if (context.options.skipRemoteValidate) return undefined;
  const validated = await context.client.validate(payload);
  run.count('validate', validated);
  if (validated.kind === 'invalid') return run.result('invalid', validated.errors);
  // A request abandoned because the run stopped is not a failure: the record was not attempted to its end.
  if (validated.kind !== 'valid')
    return context.stopped ? context.stoppedResult(run) : run.failed('validate', validated);
  return undefined;
}
