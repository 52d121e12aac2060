// End to end: the `sandbox` command as a user starts it, answering over HTTP and stopping cleanly on a signal.
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { repoPath } from '../helpers.js';

describe('kraken-import sandbox', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'prints its address, serves requests, logs them and exits 0 on %s',
    async (signal) => {
      const child = spawn(
        process.execPath,
        [repoPath('bin/kraken-import.cjs'), 'sandbox', '--port', '0', '--processing-ms', '0'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' },
        },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const lines = createInterface({ input: child.stdout });
      const [first] = (await once(lines, 'line')) as [string];
      expect(first).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
      const url = first.replace('listening on ', '');
      const response = await request(`${url}/v2/data-import/accounts/ACME/42/`, {
        headers: { authorization: 'Token sandbox-key' },
      });
      expect(response.statusCode).toBe(404);
      await response.body.text();
      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
      expect(stderr).toMatch(/GET \/v2\/data-import\/accounts\/ACME\/42\/ 42 404 [\d.]+ms/);
      expect(stderr).toContain('sandbox stopped');
      expect(stderr).toContain(`${signal}: stopping the sandbox (press again to quit at once)`);
      expect(stderr).toContain(`export KRAKEN_BASE_URL=${url} KRAKEN_API_KEY=sandbox-key`);
    },
  );

  it('exits 2 when the port is taken', async () => {
    const first = spawn(process.execPath, [repoPath('bin/kraken-import.cjs'), 'sandbox', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [line] = (await once(createInterface({ input: first.stdout }), 'line')) as [string];
    const port = line.split(':').pop() ?? '';
    const second = spawn(process.execPath, [repoPath('bin/kraken-import.cjs'), 'sandbox', '--port', port], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    second.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const [code] = (await once(second, 'exit')) as [number | null];
    first.kill('SIGTERM');
    await once(first, 'exit');
    expect(code).toBe(2);
    expect(stderr).toContain('EADDRINUSE');
  });
});
