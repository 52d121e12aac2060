// The program built with only the command the arguments name (a quicker start) must behave as the whole one.
import { describe, expect, it } from '@jest/globals';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { run } from '../src/main.js';
import { buildProgram, commandNamedBy } from '../src/program.js';
import { testDeps } from './helpers.js';

/** Every command of a program with its path of names (`report verify`), depth first. */
function commandsOf(command: CommandUnknownOpts, path: string[] = []): [string[], CommandUnknownOpts][] {
  return command.commands.flatMap((sub) => {
    const subPath = [...path, sub.name()];
    return [[subPath, sub] as [string[], CommandUnknownOpts], ...commandsOf(sub, subPath)];
  });
}

const noRun = () => undefined;

describe('commandNamedBy', () => {
  it('names a top-level command only when the arguments start with one', () => {
    expect(commandNamedBy(['validate', 'a.ndjson'])).toBe('validate');
    expect(commandNamedBy(['report', 'verify', 'r.ndjson'])).toBe('report');
    expect(commandNamedBy(['schema'])).toBe('schema');
    expect(commandNamedBy([])).toBeUndefined();
    expect(commandNamedBy(['--help'])).toBeUndefined();
    expect(commandNamedBy(['help', 'validate'])).toBeUndefined();
    expect(commandNamedBy(['valdate', 'a.ndjson'])).toBeUndefined();
    expect(commandNamedBy(['--version'])).toBeUndefined();
  });
});

describe('buildProgram with one command', () => {
  const whole = buildProgram(testDeps(), noRun, '1.2.3');
  const topLevel = whole.commands.map((command) => command.name());

  it('has every top-level command when built whole', () => {
    expect(topLevel).toEqual(['validate', 'push', 'status', 'sandbox', 'report', 'mapping', 'schema']);
    for (const name of topLevel) expect(commandNamedBy([name])).toBe(name);
  });

  it.each(topLevel)('gives %s and its subcommands the help of the whole program', (name) => {
    const alone = buildProgram(testDeps(), noRun, '1.2.3', commandNamedBy([name]));
    expect(alone.commands.map((command) => command.name())).toEqual([name]);
    const wholeHelp = new Map(
      commandsOf(whole)
        .filter(([path]) => path[0] === name)
        .map(([path, command]) => [path.join(' '), command.helpInformation()]),
    );
    const aloneHelp = new Map(commandsOf(alone).map(([path, command]) => [path.join(' '), command.helpInformation()]));
    expect(aloneHelp.size).toBeGreaterThan(0);
    expect(aloneHelp).toEqual(wholeHelp);
  });

  it('answers a mistake within the named command as before', async () => {
    const mistyped = testDeps();
    const code = await run(['validate', 'accounts.ndjson', '--concurency', '8'], mistyped);
    expect(code).toBe(2);
    expect(mistyped.stderr.text()).toContain("error: unknown option '--concurency'");
    expect(mistyped.stderr.text()).toContain('(Did you mean --concurrency?)');
  });

  it('still lists every command for help and suggests one for a mistyped name', async () => {
    const help = testDeps();
    expect(await run(['--help'], help)).toBe(0);
    for (const name of topLevel) expect(help.stdout.text()).toContain(`  ${name}`);
    const mistyped = testDeps();
    expect(await run(['valdate', 'a.ndjson'], mistyped)).toBe(2);
    expect(mistyped.stderr.text()).toContain('(Did you mean validate?)');
  });
});
