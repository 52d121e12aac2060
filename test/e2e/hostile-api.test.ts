// End to end: the sandbox's --fault flags as a user starts them, and their help.
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { repoPath } from '../helpers.js';
import { runCli } from './run-cli.js';

describe('kraken-import sandbox --fault', () => {
  it('aims an HTML 200 at the status route only, leaving validate alone', async () => {
    const child = spawn(
      process.execPath,
      [repoPath('bin/kraken-import.cjs'), 'sandbox', '--port', '0', '--quiet'].concat([
        '--fault',
        'html',
        '--fault-status',
        '200',
        '--fault-routes',
        'status',
        '--seed',
        '3',
      ]),
      { stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: process.env['PATH'] ?? '' } },
    );
    try {
      const [first] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const url = first.replace('listening on ', '');
      const headers = { authorization: 'Token sandbox-key', 'content-type': 'application/json' };
      const status = await request(`${url}/v2/data-import/accounts/ACME/42/`, { headers });
      expect(status.statusCode).toBe(200);
      expect(status.headers['content-type']).toMatch(/^text\/html/);
      expect(await status.body.text()).toContain('<html>');
      const validate = await request(`${url}/v2/data-import/accounts/validate/`, {
        method: 'POST',
        headers,
        body: '{"payload": {}}',
      });
      expect(validate.statusCode).toBe(400);
      expect(await validate.body.json()).toMatchObject({ code: 'account_failed_validation' });
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('documents every fault flag in --help and refuses an unknown route', async () => {
    const help = await runCli(['sandbox', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--fault <kind>', '--fault-rate', '--fault-routes', '--fault-status', '--trickle-ms']) {
      expect(help.stdout).toContain(flag);
    }
    expect(help.stdout).toMatch(/--retry-after-header/);
    expect(help.stdout).toMatch(/trickle/);
    const bad = await runCli(['sandbox', '--fault', 'hang', '--fault-routes', 'status,nowhere']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected a comma-separated list of validate, create, status, graphql');
  });

  it('documents --max-outage for the remote commands', async () => {
    const help = await runCli(['push', '--help']);
    expect(help.stdout).toMatch(/--max-outage <seconds>/);
  });
});
