// The CPU floor of the push benchmark: the same 3 requests per account sent with bare undici, bodies prebuilt,
// nothing validated, journalled or reported. Prints the CPU it used after reading the file (cpu_seconds), and in
// all, start-up and reading the file included (total_cpu_seconds).
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

const [file, baseUrl, concurrencyText, supplier] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const accounts = readFileSync(file, 'utf8')
  .trim()
  .split('\n')
  .map((line) => ({ ...JSON.parse(line), import_supplier: supplier }));
const bodies = accounts.map((account) => JSON.stringify(account));
const agent = new Agent({ connections: concurrency });
const headers = { authorization: 'Token sandbox-key', 'content-type': 'application/json' };
const before = process.cpuUsage();
const started = process.hrtime.bigint();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < accounts.length) {
      const index = next++;
      const send = async (path, method, body) => {
        const response = await request(`${baseUrl}${path}`, { dispatcher: agent, method, headers, body });
        await response.body.text();
      };
      await send('/v2/data-import/accounts/validate/', 'POST', `{"payload":${bodies[index]}}`);
      await send(
        '/v2/data-import/accounts/',
        'POST',
        `{"payload":${bodies[index]},"task_params":{"is_dry_run":false,"schedule_window_start":null,"schedule_window_end":null}}`,
      );
      await send(`/v2/data-import/accounts/${supplier}/${accounts[index].external_account_number}/`, 'GET', undefined);
    }
  }),
);
const cpu = process.cpuUsage(before);
const total = process.cpuUsage();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await agent.close();
process.stdout.write(
  `${JSON.stringify({ seconds, cpu_seconds: (cpu.user + cpu.system) / 1e6, total_cpu_seconds: (total.user + total.system) / 1e6 })}\n`,
);
