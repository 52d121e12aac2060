// The baseline of the push benchmark: a plain script doing the same calls with Promise.all in batches of C accounts.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const [file, baseUrl, concurrencyText, supplier] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const headers = { authorization: 'Token sandbox-key', 'content-type': 'application/json' };
const terminal = new Set(['PROCESSED', 'ERRORED', 'CANCELLED', 'DRY_RUN_SUCCEEDED', 'DRY_RUN_ERRORED']);
const counts = { validate: 0, create: 0, status: 0 };

async function pushOne(account) {
  counts.validate += 1;
  await (
    await fetch(`${baseUrl}/v2/data-import/accounts/validate/`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ payload: account }),
    })
  ).text();
  counts.create += 1;
  await (
    await fetch(`${baseUrl}/v2/data-import/accounts/`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        payload: account,
        task_params: { is_dry_run: false, schedule_window_start: null, schedule_window_end: null },
      }),
    })
  ).text();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    counts.status += 1;
    const response = await fetch(
      `${baseUrl}/v2/data-import/accounts/${encodeURIComponent(account.import_supplier)}/${encodeURIComponent(account.external_account_number)}/`,
      { headers },
    );
    const body = await response.json();
    if (terminal.has(body.status)) return;
  }
}

let batch = [];
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  batch.push({ ...JSON.parse(line), import_supplier: supplier });
  if (batch.length === concurrency) {
    await Promise.all(batch.map(pushOne));
    batch = [];
  }
}
await Promise.all(batch.map(pushOne));
process.stdout.write(`${JSON.stringify(counts)}\n`);
