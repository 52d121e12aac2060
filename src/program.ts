// Commander wiring: attaches each declared command (src/cli-options.ts) to its module, loaded only when it runs.
import { Command } from '@commander-js/extra-typings';
import {
  mappingCheckCommand,
  mappingExplainCommand,
  pushCommand,
  reportCommand,
  reportMergeCommand,
  reportVerifyCommand,
  sandboxCommand,
  schemaCommand,
  schemaDiffCommand,
  schemaPullCommand,
  schemaShowCommand,
  statusCommand,
  validateCommand,
} from './cli-options.js';
import type { CommandDeps, CommandResult } from './commands/deps.js';
import { visible } from './report/terminal.js';

/** Runs the chosen command; set by the action commander calls. */
export type CommandRunner = () => Promise<CommandResult>;

const programHelp = `
Environment:
  KRAKEN_BASE_URL          the tenant's API root, e.g. https://api.example-tenant.kraken.tech
  KRAKEN_API_KEY           the API key (or --api-key-file <path>; never a flag of its own)
  KRAKEN_AUTH              token (default) or jwt
  KRAKEN_IMPORT_SUPPLIER   import supplier code, replacing each record's own
  NO_COLOR                 no colours, also on a terminal
Settings also come from ./kraken-import.yaml (or --config <path>); flags win over the environment, which wins
over the file.

Exit codes:
  0    every record succeeded
  1    at least one record failed
  2    usage or configuration error: nothing was sent
  3    the API is unusable (credentials refused, unreachable, down): the run stopped
  130  interrupted (Ctrl-C or SIGTERM): finish with --resume
  141  standard output was closed early (| head)

Examples:
  kraken-import validate accounts.ndjson --report checked.ndjson
  KRAKEN_API_KEY=... kraken-import push accounts.ndjson --base-url https://api.example.kraken.tech --concurrency 8

Try it offline: kraken-import sandbox, then the same commands with --base-url http://127.0.0.1:4010
and KRAKEN_API_KEY=sandbox-key.`;

/** The top-level commands, as typed first on the command line (buildProgram declares them in this order). */
const topLevelCommands = ['validate', 'push', 'status', 'sandbox', 'report', 'mapping', 'schema'] as const;
type TopLevelCommand = (typeof topLevelCommands)[number];

/**
 * The top-level command the arguments start with, if they name one: the program needs no other (commander parses
 * the rest within it). Undefined for anything else (`--help`, `help`, a mistyped name), which needs them all.
 */
export function commandNamedBy(argv: readonly string[]): TopLevelCommand | undefined {
  const first = argv[0];
  return topLevelCommands.find((name) => name === first);
}

/**
 * Builds the commander program; the chosen command's runner is handed to `onRun`. With `only`, the program has that
 * top-level command alone: declaring all of their options took about 4 ms of a 0.1 s start.
 */
export function buildProgram(
  deps: CommandDeps,
  onRun: (runner: CommandRunner) => void,
  version: string,
  only?: TopLevelCommand,
): Command {
  const wanted = (name: TopLevelCommand) => only === undefined || only === name;
  const program = new Command('kraken-import')
    .description('Validate customer account exports and import them into Kraken through the Account Import API.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => deps.stdout.write(text),
      // Commander quotes a mistyped option whole: `--apikey=value` must not show its value, which may be a secret.
      writeErr: (text) => deps.stderr.write(visible(text.replace(/(--[\w-]+)=\S+?(['"\s]|$)/g, '$1=…$2'))),
    })
    .exitOverride()
    // Options after a subcommand belong to it: `report verify r.ndjson --json` is verify's --json, not report's.
    .enablePositionalOptions()
    .addHelpText('after', programHelp);

  if (wanted('validate')) {
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
  }
  if (wanted('push')) {
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
  }
  if (wanted('status')) {
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
  }
  if (wanted('sandbox')) {
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
  }
  if (wanted('report')) {
    const report = reportCommand()
      .copyInheritedSettings(program)
      .action((path, flags) => {
        onRun(async () => {
          const { report } = await import('./commands/report.js');
          return report({ ...flags, report: path }, deps);
        });
      });
    report.addCommand(
      reportVerifyCommand()
        .copyInheritedSettings(report)
        .action((path, flags) => {
          onRun(async () => {
            const { reportVerify } = await import('./commands/report-verify.js');
            return reportVerify({ ...flags, report: path }, deps);
          });
        }),
    );
    report.addCommand(
      reportMergeCommand()
        .copyInheritedSettings(report)
        .action((paths, flags) => {
          onRun(async () => {
            const { reportMerge } = await import('./commands/report-merge.js');
            return reportMerge({ ...flags, reports: paths }, deps);
          });
        }),
    );
    program.addCommand(report);
  }
  if (wanted('mapping')) {
    const mapping = new Command('mapping')
      .description('check a CSV mapping, or explain where the values of one assembled account came from')
      .copyInheritedSettings(program);
    mapping.addCommand(
      mappingCheckCommand()
        .copyInheritedSettings(program)
        .action((path, flags) => {
          onRun(async () => {
            const { mappingCheck } = await import('./commands/mapping.js');
            return mappingCheck({ ...flags, mapping: path }, deps);
          });
        }),
    );
    mapping.addCommand(
      mappingExplainCommand()
        .copyInheritedSettings(program)
        .action((path, flags) => {
          onRun(async () => {
            const { mappingExplain } = await import('./commands/mapping.js');
            return mappingExplain({ ...flags, mapping: path }, deps);
          });
        }),
    );
    program.addCommand(mapping);
  }
  if (wanted('schema')) {
    const schema = schemaCommand().copyInheritedSettings(program);
    schema.addCommand(
      schemaPullCommand()
        .copyInheritedSettings(program)
        .action((flags) => {
          onRun(async () => {
            const { schemaPull } = await import('./commands/schema-pull.js');
            return schemaPull(flags, deps);
          });
        }),
    );
    schema.addCommand(
      schemaShowCommand()
        .copyInheritedSettings(program)
        .action((attr, flags) => {
          onRun(async () => {
            const { schemaShow } = await import('./commands/schema-show.js');
            return schemaShow({ ...flags, attr }, deps);
          });
        }),
    );
    schema.addCommand(
      schemaDiffCommand()
        .copyInheritedSettings(program)
        .action((oldPath, newPath, flags) => {
          onRun(async () => {
            const { schemaDiff } = await import('./commands/schema-diff.js');
            return schemaDiff({ ...flags, old: oldPath, new: newPath }, deps);
          });
        }),
    );
    program.addCommand(schema);
  }
  return program;
}
