// The sandbox command's flags for the stricter answers: --accept-bare and --dry-run-of-imported reach its options.
import { describe, expect, it } from '@jest/globals';
import { sandboxCommand } from '../../src/cli-options.js';
import { sandboxOptionsFrom } from '../../src/commands/sandbox.js';
import { testDeps } from '../helpers.js';

async function optionsOf(args: string[]) {
  const command = sandboxCommand()
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
  command.parse(args, { from: 'user' });
  return sandboxOptionsFrom(command.opts(), testDeps());
}

describe('sandbox flags', () => {
  it('refuses bare accounts and shadows dry runs of imported accounts by default', async () => {
    expect(await optionsOf([])).toMatchObject({ acceptBare: false, dryRunOfImported: 'shadowed' });
  });

  it('reads --accept-bare and --dry-run-of-imported', async () => {
    const options = await optionsOf(['--accept-bare', '--dry-run-of-imported', 'latest']);
    expect(options).toMatchObject({ acceptBare: true, dryRunOfImported: 'latest' });
  });

  it('refuses an unknown reading', async () => {
    await expect(optionsOf(['--dry-run-of-imported', 'maybe'])).rejects.toThrow(/maybe/);
  });
});
