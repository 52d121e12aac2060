// Every command and flag, declared once as data: program.ts wires them to their commands, and each command's
// option type is derived from these declarations, so a flag cannot be typed one way and parsed another.
import { Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import type { Shard } from './checking/record-slice.js';
import { remoteDefaults } from './config/defaults.js';
import { parsePortion, type Portion } from './core/portion.js';
import { faultKinds } from './sandbox/fault-answers.js';
import { faultRouteNames, sandboxDefaults, type FaultRouteName } from './sandbox/sandbox-options.js';

function wholeNumber(minimum: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < minimum) {
      throw new InvalidArgumentError(`expected a whole number of at least ${minimum}`);
    }
    return number;
  };
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a number above 0');
  return number;
}

function probability(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1)
    throw new InvalidArgumentError('expected a probability from 0 to 1');
  return number;
}

function httpStatus(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 100 || number > 599)
    throw new InvalidArgumentError('expected an HTTP status from 100 to 599');
  return number;
}

function faultRoutes(value: string): FaultRouteName[] {
  const names = value.split(',').map((name) => name.trim());
  const known: readonly string[] = faultRouteNames;
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new InvalidArgumentError(`expected a comma-separated list of ${faultRouteNames.join(', ')}`);
  }
  return names as FaultRouteName[];
}

function portion(minimumCount: number): (value: string) => Portion {
  return (value) => {
    const parsed = parsePortion(value, minimumCount);
    if (parsed === undefined) {
      throw new InvalidArgumentError(`expected a whole number of at least ${minimumCount}, or a percentage like 5%`);
    }
    return parsed;
  };
}

function shard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    throw new InvalidArgumentError('expected i/n: shard i of n, from 1/n to n/n (e.g. 2/4)');
  }
  return { index, count };
}

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}

/**
 * Adds the connection settings shared by the commands that talk to the API. `supplierDefault`: what a run without
 * an import supplier uses.
 */
function withRemoteOptions<Args extends unknown[], Opts extends Record<string, unknown>>(
  command: Command<Args, Opts>,
  supplierDefault = "default: each record's own",
) {
  return command
    .option('--base-url <url>', 'Kraken API base URL (env KRAKEN_BASE_URL, config base_url)')
    .option(
      '--api-key-file <path>',
      'file holding the API key (env KRAKEN_API_KEY, config api_key_file); never the key itself',
    )
    .addOption(
      new Option('--auth <scheme>', 'Token header or a JWT from obtainKrakenToken (env KRAKEN_AUTH)').choices([
        'token',
        'jwt',
      ] as const),
    )
    .option('--import-supplier <code>', `import supplier code (env KRAKEN_IMPORT_SUPPLIER; ${supplierDefault})`)
    .option('--concurrency <n>', `requests in flight at most (default ${remoteDefaults.concurrency})`, wholeNumber(1))
    .option('--rate <n>', 'requests per second at most', positiveNumber)
    .option('--allow-insecure-http', 'allow a plain http:// base URL that is not loopback')
    .option(
      '--max-attempts <n>',
      `attempts per request before giving up on it (default ${remoteDefaults.maxAttempts})`,
      wholeNumber(1),
    )
    .option(
      '--max-outage <seconds>',
      `stop the run (exit 3) when every request has kept failing this long (default ${remoteDefaults.maxOutageSeconds})`,
      positiveNumber,
    )
    .option('--config <path>', 'config file (default: ./kraken-import.yaml when present)');
}

/** Adds the input side shared by validate and push: files, their format and mapping, and NDJSON output. */
function withInputOptions<Opts extends Record<string, unknown>>(command: Command<[], Opts>) {
  return command
    .argument(
      '[files...]',
      'NDJSON (.ndjson, .jsonl) or CSV (.csv) exports, optionally .gz; - for standard input; none with a relational --mapping',
    )
    .option(
      '--mapping <file.yaml>',
      'CSV mapping: rename columns to payload paths, set constants, map values; or a relational export (root + children), read in place of files',
    )
    .option(
      '--schema <file>',
      "the tenant's own schema: a document saved by `schema pull` (OpenAPI, YAML or JSON) or a JSON Schema (config schema; default: built-in)",
    )
    .addOption(
      new Option(
        '--input-format <format>',
        'input format, instead of guessing from the extension (required for -)',
      ).choices(['ndjson', 'csv'] as const),
    )
    .addOption(
      new Option(
        '--encoding <name>',
        'character encoding of the inputs (config encoding; default utf-8, a UTF-8/UTF-16 BOM is honoured)',
      ).choices(['utf-8', 'latin1', 'windows-1252', 'utf-16le'] as const),
    )
    .option(
      '--max-record-bytes <n>',
      `a record longer than this is an error of its own (config max_record_bytes; default ${remoteDefaults.maxRecordBytes})`,
      wholeNumber(1),
    )
    .addOption(
      new Option(
        '--strict [level]',
        'values Kraken would coerce ("240" for an integer, " x " trimmed) become errors, or warnings with "warn" ' +
          '(config strict; default: accepted, as Kraken accepts them)',
      )
        .choices(['warn', 'error'] as const)
        .preset('error' as const),
    )
    .option('--json', 'print one JSON result per record, then a summary object (NDJSON)')
    .option(
      '--redact',
      'keep personal data (names, contact details, dates of birth, addresses, free text) out of the report, ' +
        'JUnit, --json and the terminal: ids, attrs, codes and outcomes stay, errors do not quote values',
    );
}

/** Adds what validate and push share to run a migration: rejects to fix, an error budget, samples and shards. */
function withRunOptions<Args extends unknown[], Opts extends Record<string, unknown>>(command: Command<Args, Opts>) {
  return command
    .option(
      '--rejects <path>',
      'write every failed record as it is in the input (same format, same bytes) to this file, to fix and push again; ' +
        'reasons in <path>.reasons.ndjson',
    )
    .option(
      '--max-errors <n|p%>',
      'stop (exit 1) when more than n records failed, or more than p% of the last 1000 (checked after 100)',
      portion(0),
    )
    .option(
      '--sample <n|p%>',
      'take n records, or p% of them, chosen by account number (the same with the same --seed)',
      portion(1),
    )
    .option('--seed <n>', 'seed of --sample (default 0)', wholeNumber(0))
    .option(
      '--limit <n>',
      'take only the first n records (after --shard and --sample); stop reading there',
      wholeNumber(1),
    )
    .option('--shard <i/n>', 'take shard i of n: the accounts whose number hashes to it (env KRAKEN_SHARD)', shard)
    .option(
      '--shards <n>',
      'n shards, this one named by JOB_COMPLETION_INDEX (0 to n-1), as in a Kubernetes Indexed Job',
      wholeNumber(1),
    );
}

/** `kraken-import validate`. */
export function validateCommand() {
  return withRemoteOptions(
    withRunOptions(
      withInputOptions(
        new Command('validate').description(
          'check every record locally (JSON Schema plus business rules) and list what Kraken would refuse',
        ),
      ),
    )
      .option('--report <path>', 'write one JSON line per record to this file (NDJSON)')
      .option('--junit <path>', 'write a JUnit XML file with one test case per record')
      .option('--force', 'replace an existing --report or --junit file (refused otherwise)')
      .option(
        '--workers <n>',
        'worker threads that parse and check records beside the main thread (default: 1 for files of 8 MB or more on a machine with a core and memory to spare, else 0; 0: all on the main thread, least memory)',
        wholeNumber(0),
      )
      .option('--remote', 'also call the validate endpoint for records that pass locally'),
  ).addHelpText(
    'after',
    examples(
      'kraken-import validate accounts.ndjson',
      'kraken-import validate export.csv --mapping legacy.yaml --report report.ndjson',
      'gunzip -c big.ndjson.gz | kraken-import validate - --input-format ndjson --json',
      'KRAKEN_API_KEY=... kraken-import validate accounts.ndjson --remote --base-url https://api.example.kraken.tech',
    ),
  );
}

/** `kraken-import push`. */
export function pushCommand() {
  return withRemoteOptions(
    withRunOptions(
      withInputOptions(
        new Command('push').description(
          'validate, create and follow every record until Kraken has imported it; writes a per-record report',
        ),
      ),
    )
      .option(
        '--report <path>',
        'per-record report (NDJSON); its .journal makes the run crash-safe',
        remoteDefaults.reportPath,
      )
      .option('--resume', 'finish an earlier run with the same --report: skip what succeeded, look up what may exist')
      .option('--dry-run', 'ask Kraken for dry runs (is_dry_run: true): processed, then rolled back')
      .option(
        '--normalize',
        'send each account as Kraken reads it (coerced, trimmed; config normalize) instead of as given',
      )
      .option('--no-wait', 'stop after create (outcome submitted) instead of polling the status')
      .option('--skip-remote-validate', 'do not call the validate endpoint before create')
      .option('--force', 'replace an existing --rejects file (refused otherwise; --resume replaces its own)')
      .option('--window-start <datetime>', 'schedule window start (ISO 8601), not in the past')
      .option('--window-end <datetime>', 'schedule window end (ISO 8601), at most 4 days ahead')
      .option(
        '--wait-timeout <seconds>',
        `give up waiting for one import after this long (default ${remoteDefaults.waitTimeoutSeconds})`,
        positiveNumber,
      ),
  ).addHelpText(
    'after',
    examples(
      'KRAKEN_API_KEY=... kraken-import push accounts.ndjson --base-url https://api.example.kraken.tech --concurrency 8',
      'kraken-import push accounts.ndjson --dry-run --report dry-run.ndjson',
      'kraken-import push accounts.ndjson --report run1.ndjson --resume',
    ),
  );
}

/** `kraken-import status`. */
export function statusCommand() {
  return withRemoteOptions(
    new Command('status')
      .description('print the import status of accounts (exit 0 when all are found and none failed)')
      .argument('[accounts...]', 'external account numbers')
      .option('--watch', 'poll until every import reaches a terminal status')
      .option(
        '--interval <seconds>',
        `seconds between polls with --watch (default ${remoteDefaults.statusIntervalSeconds})`,
        positiveNumber,
      )
      .option('--json', 'print one JSON status object per account')
      .option(
        '--from <report.ndjson>',
        'refresh the records of a push report that were submitted or timed out, and rewrite it',
      ),
    "needed for account numbers given as arguments; with --from, each record's own",
  ).addHelpText(
    'after',
    examples(
      'kraken-import status 8888888889 --import-supplier ACME',
      'kraken-import status 8888888889 --import-supplier ACME --watch',
      'kraken-import status --from kraken-import-report.ndjson',
    ),
  );
}

/** `kraken-import sandbox`; its defaults are the sandbox's own (src/sandbox/sandbox-options.ts). */
export function sandboxCommand() {
  const d = sandboxDefaults;
  return new Command('sandbox')
    .description('start the local Kraken account-import emulator for rehearsals and tests')
    .option('--host <host>', 'address to listen on', d.host)
    .option('--port <port>', 'port to listen on; 0 picks a free one', wholeNumber(0), d.port)
    .option('--token <key>', 'API key the sandbox accepts', d.token)
    .option('--forbidden-token <key>', 'an API key that is known but lacks permission (403)')
    .option('--jwt-ttl <seconds>', 'lifetime of tokens from obtainKrakenToken', wholeNumber(1), d.jwtTtlSeconds)
    .option(
      '--processing-ms <ms>',
      'time an import takes from PENDING to a terminal status',
      wholeNumber(0),
      d.processingMs,
    )
    .option('--error-accounts <regex>', 'account numbers matching this end ERRORED')
    .option('--cancel-accounts <regex>', 'account numbers matching this end CANCELLED')
    .option(
      '--status-lag-ms <ms>',
      'for this long after a create, its status answers 404',
      wholeNumber(0),
      d.statusLagMs,
    )
    .option('--preimported <file>', 'file of account numbers (one a line) that already exist in Kraken')
    .option('--state <file>', 'keep imports in this file across restarts')
    .addOption(
      new Option('--error-format <format>', 'shape of validation errors')
        .choices(['standard', 'nested'] as const)
        .default(d.errorFormat),
    )
    .option('--accept-bare', 'also take a bare account without the {payload} wrapper (default: 400 as published)')
    .addOption(
      new Option(
        '--dry-run-of-imported <reading>',
        'a dry-run create of an account already imported: shadowed (runs; status keeps showing the import), ' +
          'latest (runs; status shows the dry run while it is the latest), refused (400 already imported)',
      )
        .choices(['shadowed', 'latest', 'refused'] as const)
        .default(d.dryRunOfImported),
    )
    .option('--seed <n>', 'seed of the fault injection', wholeNumber(0), d.seed)
    .option('--latency-ms <ms>', 'added latency per request', wholeNumber(0), d.latencyMs)
    .option('--jitter-ms <ms>', 'random +/- added to the latency', wholeNumber(0), d.jitterMs)
    .option('--rate-429 <p>', 'probability of a 429 with Retry-After', probability, d.rate429)
    .option('--retry-after <seconds>', 'Retry-After of injected 429s', wholeNumber(0), d.retryAfterSeconds)
    .option('--rate-5xx <p>', 'probability of a 503', probability, d.rate5xx)
    .option('--rate-reset <p>', 'probability of dropping the connection without an answer', probability, d.rateReset)
    .option(
      '--rate-lost-create <p>',
      'probability that a create is committed but its answer is lost',
      probability,
      d.rateLostCreate,
    )
    .option('--max-concurrent <n>', 'requests in flight past this get 429', wholeNumber(1))
    .option(
      '--retry-after-header <value>',
      'send this text verbatim as the Retry-After of injected 429s (junk, an HTTP date, 999999)',
    )
    .addOption(
      new Option(
        '--fault <kind>',
        'answer with a hostile fault instead of the API: html (an HTML page, status --fault-status, default 502), ' +
          'not-json (text "OK", 200), gzip (a gzip-compressed body, 200), empty (no body, 200), trickle (a body of ' +
          'one byte every --trickle-ms), oversized (a --oversized-bytes body), hang (read the request, never answer), ' +
          'no-status / status-number (a status body without a string status)',
      ).choices(faultKinds),
    )
    .option('--fault-rate <p>', 'probability of the --fault per request to its routes', probability, d.faultRate)
    .addOption(
      new Option(
        '--fault-routes <list>',
        `routes the --fault hits, comma-separated: ${faultRouteNames.join(', ')} (graphql: obtainKrakenToken)`,
      )
        .argParser(faultRoutes)
        // Shown as typed (validate,create,status), not as the array it is.
        .default([...d.faultRoutes], d.faultRoutes.join(',')),
    )
    .option('--fault-status <code>', 'HTTP status of html, not-json, gzip and empty faults', httpStatus)
    .option('--trickle-ms <ms>', 'pause between two bytes of a trickle fault', wholeNumber(1), d.trickleMs)
    .option('--oversized-bytes <n>', 'size of an oversized fault body', wholeNumber(1), d.oversizedBytes)
    .option('--config <path>', 'config file whose tenant lists (and schema) the sandbox validates against')
    .option(
      '--schema <file>',
      "validate payloads against the tenant's own schema (a document saved by `schema pull`, or a JSON Schema)",
    )
    .option(
      '--schema-document <file>',
      'serve this file at GET /data-import/schema/ (default: the --schema document, else the built-in schema as OpenAPI)',
    )
    .option('--quiet', 'no per-request log lines')
    .addHelpText(
      'after',
      examples(
        'kraken-import sandbox --port 0',
        "kraken-import sandbox --latency-ms 50 --rate-429 0.05 --rate-lost-create 0.01 --error-accounts '7$'",
        'kraken-import sandbox --fault html --fault-status 200 --fault-rate 0.1 --fault-routes validate',
        'kraken-import sandbox --fault hang --fault-routes status --seed 7',
        'kraken-import sandbox --rate-429 0.2 --retry-after-header "Fri, 01 Jan 2099 00:00:00 GMT"',
      ),
    );
}

/** `kraken-import report`: a report summed up for people. */
export function reportCommand() {
  return new Command('report')
    .description(
      'sum up a report: outcomes, the top errors by field and code, timings; --html writes one page with charts',
    )
    .argument('<report.ndjson>', 'a report written by validate or push')
    .option('--html <file>', 'also write a self-contained HTML page (charts, error table, searchable failed records)')
    .option('--top <n>', 'error kinds listed in the terminal (default 10)', wholeNumber(1))
    .option('--json', 'print the summary as one JSON object')
    .option('--redact', 'leave personal data out of the summary and the page (errors do not quote values)')
    .addHelpText(
      'after',
      examples('kraken-import report cutover.ndjson', 'kraken-import report cutover.ndjson --html cutover.html'),
    );
}

/** `kraken-import report verify`: a report checked against its manifest. */
export function reportVerifyCommand() {
  return new Command('verify')
    .description(
      'check a report against its manifest (<report>.manifest.json): exit 0 when nothing was edited or cut, 1 when it differs',
    )
    .argument('<report.ndjson>', 'a report written by validate, push or report merge')
    .option('--json', 'print the verdict as one JSON object')
    .addHelpText('after', examples('kraken-import report verify cutover.ndjson'));
}

/** `kraken-import report merge`: shard reports combined into one. */
export function reportMergeCommand() {
  return new Command('merge')
    .description(
      'combine the reports of shards (or of runs over disjoint accounts) into one, refusing an account reported twice ' +
        'and naming missing shards',
    )
    .argument('<reports...>', 'reports written by validate or push (with their manifests)')
    .requiredOption('--output <merged.ndjson>', 'the merged report (its manifest is written beside it)')
    .option('--force', 'replace an existing --output file')
    .option('--redact', 'leave personal data out of the merged report (errors do not quote values)')
    .addHelpText(
      'after',
      examples('kraken-import report merge shard-1.ndjson shard-2.ndjson shard-3.ndjson --output cutover.ndjson'),
    );
}

/** `kraken-import mapping check`: a mapping linted before any data is read. */
export function mappingCheckCommand() {
  return new Command('check')
    .description(
      "lint a mapping against the account schema and its files' headers, before any data is read (exit 0 clean, 1 findings)",
    )
    .argument('<mapping.yaml>', 'the mapping file (one CSV file, or a relational export)')
    .option('--json', 'print one JSON finding per line, then a summary object')
    .option('--schema <file>', 'the tenant schema the mapping fills (config schema; default: built-in)')
    .option('--config <path>', 'config file (default: ./kraken-import.yaml when present)')
    .addHelpText(
      'after',
      examples('kraken-import mapping check export.yaml', 'kraken-import mapping check export.yaml --json'),
    );
}

/** `kraken-import mapping explain`: one assembled account, each value with where it came from. */
export function mappingExplainCommand() {
  return new Command('explain')
    .description(
      'show the assembled payload of one account of a relational export, each value with the file, line and column it came from, and its errors',
    )
    .argument('<mapping.yaml>', 'the mapping of a relational export (root: and children:)')
    .requiredOption('--account <key>', "the account's key (the root.key columns' values, comma-separated)")
    .option('--json', 'print each record as one JSON object: payload, values with their origin, errors')
    .option('--import-supplier <code>', "import supplier code (env KRAKEN_IMPORT_SUPPLIER; default: each record's own)")
    .option('--schema <file>', 'the tenant schema the mapping fills (config schema; default: built-in)')
    .option('--config <path>', 'config file (default: ./kraken-import.yaml when present)')
    .addHelpText('after', examples('kraken-import mapping explain export.yaml --account 8100000003'));
}

/** `kraken-import schema`: the parent of pull, show and diff (which program.ts attaches). */
export function schemaCommand() {
  return new Command('schema')
    .description("the tenant's own account schema: fetch it, list its fields and rules, compare two of them")
    .addHelpText(
      'after',
      examples(
        'kraken-import schema pull --base-url https://api.example.kraken.tech --output tenant-schema.yaml',
        'kraken-import schema show customers --schema tenant-schema.yaml',
        'kraken-import schema diff rehearsal-schema.yaml cutover-schema.yaml',
      ),
    );
}

/** `kraken-import schema pull`. */
export function schemaPullCommand() {
  return new Command('pull')
    .description(
      "fetch the tenant's OpenAPI document (<base URL>/data-import/schema/), save it with its checksum and sum it up",
    )
    .option('--output <file>', 'where to save it (default tenant-schema.yaml, or .json when the tenant sends JSON)')
    .option('--force', 'replace an existing --output file (refused otherwise)')
    .option('--json', 'print the summary as one JSON object')
    .option('--base-url <url>', 'Kraken API base URL (env KRAKEN_BASE_URL, config base_url)')
    .option(
      '--api-key-file <path>',
      'file holding the API key (env KRAKEN_API_KEY, config api_key_file); sent when given, the document may be public',
    )
    .addOption(
      new Option('--auth <scheme>', 'Token header or a JWT from obtainKrakenToken (env KRAKEN_AUTH)').choices([
        'token',
        'jwt',
      ] as const),
    )
    .option('--allow-insecure-http', 'allow a plain http:// base URL that is not loopback')
    .option('--config <path>', 'config file (default: ./kraken-import.yaml when present)')
    .addHelpText(
      'after',
      examples(
        'KRAKEN_API_KEY=... kraken-import schema pull --base-url https://api.example.kraken.tech',
        'kraken-import schema pull --output cutover-schema.yaml --force',
      ),
    );
}

/** `kraken-import schema show`. */
export function schemaShowCommand() {
  return new Command('show')
    .description(
      'list the fields at a payload path (types, required, nullable, choices, formats, limits) and the server rules on them',
    )
    .argument('[attr]', 'a payload path, e.g. customers, supply_addresses.0.supply_points or ledgers.*.ledger_code')
    .option('--schema <file>', 'the tenant schema to read (config schema; default: built-in)')
    .option('--config <path>', 'config file (default: ./kraken-import.yaml when present)')
    .option('--json', 'print the fields as one JSON object')
    .addHelpText(
      'after',
      examples('kraken-import schema show', 'kraken-import schema show customers.0.email --schema tenant-schema.yaml'),
    );
}

/** `kraken-import schema diff`. */
export function schemaDiffCommand() {
  return new Command('diff')
    .description('fields and choices added, removed or changed between two schemas (exit 0 when the same, 1 when not)')
    .argument('<old>', 'the earlier schema file (or built-in)')
    .argument('<new>', 'the later schema file (or built-in)')
    .option('--json', 'print the differences as one JSON object')
    .addHelpText('after', examples('kraken-import schema diff rehearsal-schema.yaml cutover-schema.yaml'));
}

/** The parsed flags of a declared command. */
type FlagsOf<C> = C extends Command<unknown[], infer Opts> ? Opts : never;

/** Flags of `validate`, as commander parses them. */
export type ValidateFlags = FlagsOf<ReturnType<typeof validateCommand>>;
/** Flags of `push`, as commander parses them. */
export type PushFlags = FlagsOf<ReturnType<typeof pushCommand>>;
/** Flags of `status`, as commander parses them. */
export type StatusFlags = FlagsOf<ReturnType<typeof statusCommand>>;
/** Flags of `sandbox`, as commander parses them. */
export type SandboxFlags = FlagsOf<ReturnType<typeof sandboxCommand>>;
/** Flags of `report`, as commander parses them. */
export type ReportFlags = FlagsOf<ReturnType<typeof reportCommand>>;
/** Flags of `report merge`, as commander parses them. */
export type ReportMergeFlags = FlagsOf<ReturnType<typeof reportMergeCommand>>;
/** Flags of `report verify`, as commander parses them. */
export type ReportVerifyFlags = FlagsOf<ReturnType<typeof reportVerifyCommand>>;
/** Flags of `mapping check`, as commander parses them. */
export type MappingCheckFlags = FlagsOf<ReturnType<typeof mappingCheckCommand>>;
/** Flags of `mapping explain`, as commander parses them. */
export type MappingExplainFlags = FlagsOf<ReturnType<typeof mappingExplainCommand>>;
/** Flags of `schema pull`, as commander parses them. */
export type SchemaPullFlags = FlagsOf<ReturnType<typeof schemaPullCommand>>;
/** Flags of `schema show`, as commander parses them. */
export type SchemaShowFlags = FlagsOf<ReturnType<typeof schemaShowCommand>>;
/** Flags of `schema diff`, as commander parses them. */
export type SchemaDiffFlags = FlagsOf<ReturnType<typeof schemaDiffCommand>>;
