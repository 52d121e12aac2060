// Commander wiring: attaches each declared command (src/cli-options.ts) to its module, loaded only when it runs.
import { Command } from '@commander-js/extra-typings';
import { pushCommand, sandboxCommand, statusCommand, validateCommand } from './cli-options.js';
import type { CommandDeps, CommandResult } from './commands/deps.js';
import { visible } from './report/terminal.js';

/** Runs the chosen command; set by the action commander calls. */
export type CommandRunner = () => Promise<CommandResult>;

/** Builds the commander program; the chosen command's runner is handed to `onRun`. */
export function buildProgram(deps: CommandDeps, onRun: (runner: CommandRunner) => void, version: string): Command {
  const program = new Command('kraken-import')
    .description('Validate customer account exports and import them into Kraken through the Account Import API.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => deps.stdout.write(text),
      // Commander quotes a mistyped option whole: `--apikey=value` must not show its value, which may be a secret.
      writeErr: (text) => deps.stderr.write(visible(text.replace(/(--[\w-]+)=\S+?(['"\s]|$)/g, '$1=…$2'))),
    })
    .exitOverride();

  program.addCommand(
    validateCommand()
      .copyInheritedSettings(program)
      .action((files, flags) => {
        onRun(async () => {
          const { validate } = await import('./commands/validate.js');
          return validate({ ...flags, files }, deps);
        });
      }),
  );
  program.addCommand(
    pushCommand()
      .copyInheritedSettings(program)
      .action((files, flags) => {
        onRun(async () => {
          const { push } = await import('./commands/push.js');
          return push({ ...flags, files }, deps);
        });
      }),
  );
  program.addCommand(
    statusCommand()
      .copyInheritedSettings(program)
      .action((accounts, flags) => {
        onRun(async () => {
          const { status } = await import('./commands/status.js');
          return status({ ...flags, accounts }, deps);
        });
      }),
  );
  program.addCommand(
    sandboxCommand()
      .copyInheritedSettings(program)
      .action((flags) => {
        onRun(async () => {
          const { sandbox } = await import('./commands/sandbox.js');
          return sandbox(flags, deps);
        });
      }),
  );
  return program;
}
