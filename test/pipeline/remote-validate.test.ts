// The remote validate stage against undici's MockAgent: which answers end a record before create, and which let it go on.
import { describe, expect, it } from '@jest/globals';
import { MockAgent } from 'undici';
import { serializeAccount } from '../../src/core/json.js';
import { PushContext } from '../../src/pipeline/push-context.js';
import { RecordRun } from '../../src/pipeline/record-run.js';
import { remoteValidate } from '../../src/pipeline/remote-validate.js';
import { checkedRecord, pushOptions, tempJournal, testClient, VirtualClock } from './pipeline-fixtures.js';

const base = 'https://api.tenant.test';
const validatePath = '/v2/data-import/accounts/validate/';

/** A proxy's login page, answered with 200. */
const loginPage = 'html-200';

async function validateWith(statusCodes: (number | typeof loginPage)[], skipRemoteValidate = false) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  for (const statusCode of statusCodes) {
    if (statusCode === loginPage) {
      agent
        .get(base)
        .intercept({ path: validatePath, method: 'POST' })
        .reply(200, '<html><body>Sign in</body></html>', { headers: { 'content-type': 'text/html' } });
      continue;
    }
    const body =
      statusCode === 400 ? { errors: [{ code: 'invalid', attr: 'ledgers.0.ledger_code', detail: 'No.' }] } : {};
    agent.get(base).intercept({ path: validatePath, method: 'POST' }).reply(statusCode, body);
  }
  const { journal } = await tempJournal();
  const context = new PushContext(
    pushOptions(testClient(base, agent, 2), journal, new VirtualClock(), { skipRemoteValidate }),
  );
  const checked = checkedRecord('V-1');
  const run = new RecordRun(checked, false);
  const result = await remoteValidate(context, run, checked.payload ?? serializeAccount({}));
  await journal.close();
  agent.assertNoPendingInterceptors();
  return { result, run };
}

describe('remoteValidate', () => {
  it('lets a valid payload go on to create', async () => {
    const { result, run } = await validateWith([200]);
    expect(result).toBeUndefined();
    expect(run.attempts.validate).toBe(1);
  });

  it('ends a payload the API finds invalid as invalid, with its errors', async () => {
    const { result } = await validateWith([400]);
    expect(result).toMatchObject({
      outcome: 'invalid',
      errors: [{ code: 'invalid', attr: 'ledgers.0.ledger_code' }],
      attempts: { validate: 1, create: 0 },
    });
  });

  it('fails the record with retries_exhausted when every attempt got a 5xx', async () => {
    const { result, run } = await validateWith([503, 503]);
    expect(result).toMatchObject({ outcome: 'failed', errors: [{ code: 'retries_exhausted' }] });
    expect(run.attempts.validate).toBe(2);
  });

  it('never takes a proxy page with 200 for valid: unexpected_answer, after retries', async () => {
    const { result, run } = await validateWith([loginPage, loginPage]);
    expect(result).toMatchObject({
      outcome: 'failed',
      errors: [{ code: 'unexpected_answer', detail: expect.stringContaining('http_200, text/html') as unknown }],
    });
    expect(run.attempts.validate).toBe(2);
  });

  it('sends nothing with skipRemoteValidate', async () => {
    const { result, run } = await validateWith([], true);
    expect(result).toBeUndefined();
    expect(run.attempts.validate).toBe(0);
  });
});
