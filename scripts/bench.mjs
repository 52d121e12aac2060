// `npm run bench [-- startup|validate|sandbox|push|relational ...]`: the speed and memory targets, measured; results go in BENCHMARKS.md.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Pool } from 'undici';
import { writeAccounts } from './generate-accounts.mjs';
import { writeRelationalExport } from './generate-relational.mjs';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/kraken-import.cjs');
const dataDir = join(root, 'bench-data');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const selected = process.argv.slice(2);
const want = (name) => selected.length === 0 || selected.includes(name);
const results = {};
mkdirSync(dataDir, { recursive: true });

/** Runs a node script, sampling the child's peak RSS (VmHWM) until it exits. */
function measure(args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], ...options });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    let peakKb = 0;
    const sample = () => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // the child exited between two samples
      }
    };
    const timer = setInterval(sample, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ code, seconds: Number(process.hrtime.bigint() - started) / 1e9, peakMb: peakKb / 1024, stdout });
    });
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function repeated(label, args, options) {
  const all = [];
  for (let run = 0; run < runs; run += 1) all.push(await measure(args, options));
  const seconds = median(all.map((result) => result.seconds));
  const peakMb = Math.max(...all.map((result) => result.peakMb));
  process.stderr.write(
    `${label}: ${seconds.toFixed(2)} s (median of ${runs}), peak RSS ${peakMb.toFixed(0)} MB, exit ${all[0].code}\n`,
  );
  return { seconds, peakMb, code: all[0].code, stdout: all[0].stdout };
}

async function startSandbox(extra) {
  const child = spawn(process.execPath, [bin, 'sandbox', '--port', '0', '--quiet', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(createInterface({ input: child.stdout }), 'line');
  return {
    url: line.replace('listening on ', ''),
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** The generated data set of `count` accounts (`kind` seed: seed-sized, about 3.8 kB; otherwise about 13.2 kB). */
async function ensureAccounts(count, kind = 'full') {
  const seedSized = kind === 'seed';
  const file = join(dataDir, seedSized ? `accounts-seed-${count}.ndjson` : `accounts-${count}.ndjson`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${count} accounts into ${file} ...\n`);
    await writeAccounts(file, count, seedSized ? { customers: 2, billingDocuments: 3, supplyPoints: 1 } : undefined);
  }
  return file;
}

/** Runs one whole process, which must exit 0: its wall time and CPU time (user + system), in seconds. */
async function timeProcess(args, env = process.env) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--require', join(root, 'scripts/report-cpu.cjs'), ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  let cpu = '';
  child.stdio[3].on('data', (chunk) => (cpu += chunk));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited ${code}`);
  return { wall: Number(process.hrtime.bigint() - started) / 1e9, cpu: Number(cpu) };
}

if (want('startup')) {
  const count = Number(process.env.BENCH_STARTUP_RUNS ?? 15);
  const seed = JSON.parse(readFileSync(join(root, 'fixtures/seed-example.json'), 'utf8'));
  const one = join(dataDir, 'one-account.ndjson');
  writeFileSync(one, `${JSON.stringify({ ...seed, import_supplier: 'ACME' })}\n`);
  const cases = {
    node_floor: ['-e', '0'],
    help: [bin, '--help'],
    validate_one_record: [bin, 'validate', one, '--report', '/dev/null'],
  };
  // This machine's environment sets NODE_EXTRA_CA_CERTS (a certificate bundle for its proxy), which every Node.js
  // process parses as it starts: the same cases are timed without it too, as on a machine that does not set it, and
  // with the system's store trusted instead (--use-openssl-ca, which OpenSSL reads on the first TLS connection): the
  // README's advice for a machine whose extra certificates are in that store.
  const environments = { '': process.env };
  if (process.env.NODE_EXTRA_CA_CERTS !== undefined) {
    const withoutCertificates = { ...process.env };
    delete withoutCertificates.NODE_EXTRA_CA_CERTS;
    environments._without_extra_ca_certs = withoutCertificates;
    const nodeOptions = `${withoutCertificates.NODE_OPTIONS ?? ''} --use-openssl-ca`.trim();
    environments._use_openssl_ca = { ...withoutCertificates, NODE_OPTIONS: nodeOptions };
  }
  const timings = {};
  for (const suffix of Object.keys(environments)) {
    for (const name of Object.keys(cases)) timings[`${name}${suffix}`] = [];
  }
  // Interleaved, so that a slow spell of the shared machine hits every case alike.
  for (let run = 0; run < count; run += 1) {
    for (const [suffix, env] of Object.entries(environments)) {
      for (const [name, args] of Object.entries(cases)) timings[`${name}${suffix}`].push(await timeProcess(args, env));
    }
  }
  const round = (value) => Number(value.toFixed(3));
  const spread = (values) => ({
    min: round(Math.min(...values)),
    median: round(median(values)),
    max: round(Math.max(...values)),
  });
  results.startup = { runs: count };
  for (const [name, all] of Object.entries(timings)) {
    const wall = spread(all.map((timing) => timing.wall));
    const cpu = spread(all.map((timing) => timing.cpu));
    results.startup[name] = { wall_seconds: wall, cpu_seconds: cpu };
    process.stderr.write(
      `startup ${name}: wall min ${wall.min} s, median ${wall.median} s, max ${wall.max} s; CPU median ${cpu.median} s (${count} runs)\n`,
    );
  }
  for (const suffix of Object.keys(environments)) {
    const floor = results.startup[`node_floor${suffix}`].wall_seconds.median;
    results.startup[`validate_one_record_over_node_floor${suffix}`] = round(
      results.startup[`validate_one_record${suffix}`].wall_seconds.median / floor,
    );
    results.startup[`help_over_node_floor${suffix}`] = round(
      results.startup[`help${suffix}`].wall_seconds.median / floor,
    );
  }
}

/**
 * Runs the bare loop and a command in turns, `runs` rounds: a slow spell of the shared machine then hits both, and
 * the ratio is the median of each round's own. Returns the command's median time, peak RSS and exit code too.
 */
async function paired(label, bareArgs, args) {
  const rounds = [];
  for (let run = 0; run < runs; run += 1) {
    const bare = await measure(bareArgs);
    const measured = await measure(args);
    rounds.push({ bare, seconds: measured.seconds, peakMb: measured.peakMb, code: measured.code });
  }
  const ratios = rounds.map((round) => round.seconds / round.bare.seconds);
  const result = {
    seconds: median(rounds.map((round) => round.seconds)),
    bareSeconds: median(rounds.map((round) => round.bare.seconds)),
    barePeakMb: Math.max(...rounds.map((round) => round.bare.peakMb)),
    ratio: median(ratios),
    ratios,
    peakMb: Math.max(...rounds.map((round) => round.peakMb)),
    code: rounds[0].code,
  };
  process.stderr.write(
    `${label}: ${result.seconds.toFixed(2)} s (median of ${runs}), peak RSS ${result.peakMb.toFixed(0)} MB, exit ${result.code}; ` +
      `in turns with the bare loop (${result.bareSeconds.toFixed(2)} s): ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}x\n`,
  );
  return result;
}

/**
 * Times `kraken-import validate <file> --report /dev/null` (with `--schema` when given) once per case, against the
 * bare read-and-parse loop over the same file; `codes` are the exit codes the runs may end with. The first case, the
 * one a target is for, runs in turns with the bare loop (`paired`) and its ratio is the median of the rounds'; the
 * others are divided by the bare loop's median from those rounds. Returns the bare loop's median time and peak RSS,
 * and each case's figures by name.
 */
async function validateRuns(file, count, cases, { schema, codes = [0] } = {}) {
  const runs = {};
  const schemaArgs = schema === undefined ? [] : ['--schema', schema];
  let bare;
  for (const [index, [name, extra]] of cases.entries()) {
    const label = `kraken-import validate ${[...schemaArgs, ...extra].join(' ')}`;
    const args = [bin, 'validate', file, ...schemaArgs, '--report', '/dev/null', ...extra];
    const run =
      index === 0 ? await paired(label, ['scripts/bare-parse-loop.mjs', file], args) : await repeated(label, args);
    if (!codes.includes(run.code)) throw new Error(`${label} exited ${run.code}`);
    bare ??= { seconds: run.bareSeconds, peakMb: run.barePeakMb };
    runs[name] = {
      seconds: Number(run.seconds.toFixed(2)),
      ratio_to_bare: Number((run.ratio ?? run.seconds / bare.seconds).toFixed(2)),
      ...(run.ratios === undefined ? {} : { ratio_each_round: run.ratios.map((ratio) => Number(ratio.toFixed(2))) }),
      accounts_per_second: Math.round(count / run.seconds),
      peak_rss_mb: Math.round(run.peakMb),
    };
  }
  return {
    bare: { bare_seconds: Number(bare.seconds.toFixed(2)), bare_peak_rss_mb: Math.round(bare.peakMb) },
    runs,
  };
}

if (want('validate')) {
  const count = Number(process.env.BENCH_ACCOUNTS ?? 40_000);
  results.validate = {};
  // The tenant schema of issue #14 (../shared/openapi from the main checkout; BENCH_TENANT_SCHEMA to choose another).
  const tenantSchema = [
    process.env.BENCH_TENANT_SCHEMA,
    join(root, '../shared/openapi/origin-data-import.yml'),
    join(root, '../../shared/openapi/origin-data-import.yml'),
  ].find((path) => path !== undefined && existsSync(path));
  if (tenantSchema === undefined) process.stderr.write('validate: no tenant schema found, its runs are left out\n');
  // Per-record costs weigh more on small accounts: seed-sized ones (like fixtures/seed-example.json) and 13 kB ones.
  for (const kind of (process.env.BENCH_VALIDATE_SETS ?? 'seed,full').split(',')) {
    const file = await ensureAccounts(count, kind);
    const megabytes = statSync(file).size / 1e6;
    const perAccount = (megabytes * 1e3) / count;
    process.stderr.write(
      `validate: ${count} accounts, ${megabytes.toFixed(0)} MB (${perAccount.toFixed(1)} kB per account)\n`,
    );
    // Generated for the built-in schema, every account is valid under it.
    const { bare, runs } = await validateRuns(file, count, [
      ['default', []],
      ['main_thread', ['--workers', '0']],
      ['workers_2', ['--workers', '2']],
    ]);
    // Issue #14 item 4: the checker under a tenant's OpenAPI schema (the DRF engine on its serializers). The generated
    // accounts are the built-in schema's, so most of them are invalid there: this measures the checks and the report of
    // their errors, not a clean pass (the tenant's own accounts, below, are the clean pass).
    if (kind === 'seed' && tenantSchema !== undefined) {
      // Its first case runs in turns with the bare loop of its own rounds.
      const { runs: tenantRuns } = await validateRuns(
        file,
        count,
        [
          ['tenant_schema_default', []],
          ['tenant_schema_main_thread', ['--workers', '0']],
        ],
        { schema: tenantSchema, codes: [0, 1] },
      );
      Object.assign(runs, tenantRuns);
    }
    results.validate[kind === 'seed' ? 'seed_sized' : 'full_13kb'] = {
      accounts: count,
      file_mb: Number(megabytes.toFixed(1)),
      kb_per_account: Number(perAccount.toFixed(1)),
      ...bare,
      ...runs,
    };
  }
  // Issue #14 item 4 on accounts the tenant schema takes (every optional field filled to depth 4, about 13 kB each,
  // and to depth 2, about 5.6 kB, nearer the seed-sized ones; scripts/generate-tenant-accounts.mjs): the checks of a
  // clean pass, against the bare loop over the same file.
  if (tenantSchema !== undefined) {
    for (const [name, depth, fileName] of [
      ['tenant_schema_valid', 4, `accounts-tenant-${count}.ndjson`],
      ['tenant_schema_valid_small', 2, `accounts-tenant-small-${count}.ndjson`],
    ]) {
      const file = join(dataDir, fileName);
      if (!existsSync(file)) {
        process.stderr.write(`generating ${count} tenant-schema accounts (depth ${depth}) into ${file} ...\n`);
        const { writeTenantAccounts } = await import('./generate-tenant-accounts.mjs');
        await writeTenantAccounts(tenantSchema, file, count, depth);
      }
      const megabytes = statSync(file).size / 1e6;
      process.stderr.write(`validate --schema: ${count} tenant-schema accounts, ${megabytes.toFixed(0)} MB\n`);
      const { bare, runs } = await validateRuns(
        file,
        count,
        [
          ['default', []],
          ['main_thread', ['--workers', '0']],
        ],
        { schema: tenantSchema },
      );
      results.validate[name] = {
        accounts: count,
        file_mb: Number(megabytes.toFixed(1)),
        kb_per_account: Number(((megabytes * 1e3) / count).toFixed(1)),
        ...bare,
        ...runs,
      };
    }
  }
}

if (want('sandbox')) {
  const requests = Number(process.env.BENCH_SANDBOX_REQUESTS ?? 20_000);
  const connections = 32;
  const seed = JSON.parse(readFileSync(join(root, 'fixtures/seed-example.json'), 'utf8'));
  const body = JSON.stringify({ payload: { ...seed, import_supplier: 'ACME' } });
  const sandbox = await startSandbox(['--processing-ms', '0']);
  const pool = new Pool(sandbox.url, { connections });
  const send = async () => {
    const response = await pool.request({
      path: '/v2/data-import/accounts/validate/',
      method: 'POST',
      headers: { authorization: 'Token sandbox-key', 'content-type': 'application/json' },
      body,
    });
    await response.body.text();
    if (response.statusCode !== 200) throw new Error(`validate answered ${response.statusCode}`);
  };
  for (let warm = 0; warm < 500; warm += 1) await send();
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < requests) {
        next += 1;
        await send();
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pool.close();
  await sandbox.stop();
  results.sandbox = {
    validate_requests: requests,
    connections,
    payload_bytes: Buffer.byteLength(body),
    seconds: Number(seconds.toFixed(2)),
    requests_per_second: Math.round(requests / seconds),
  };
  process.stderr.write(
    `sandbox: ${results.sandbox.requests_per_second} validate requests/s (seed payload, ${connections} connections)\n`,
  );
}

if (want('push')) {
  const count = Number(process.env.BENCH_PUSH_ACCOUNTS ?? 1000);
  const latency = 50;
  const processing = 200;
  const concurrency = 16;
  const file = await ensureAccounts(count);
  const ideal = (count * 3 * latency) / concurrency / 1000 + processing / 1000;
  const sandbox = await startSandbox(['--latency-ms', String(latency), '--processing-ms', String(processing)]);
  const dir = mkdtempSync(join(tmpdir(), 'kraken-bench-'));
  // BENCH_PUSH_PROFILE=<dir> writes a CPU profile of each push there (node --cpu-prof).
  const profile = process.env.BENCH_PUSH_PROFILE;
  const harness = [
    ...(profile === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profile]),
    'scripts/push-harness.mjs',
  ];
  const pushes = [];
  try {
    for (let run = 0; run < runs; run += 1) {
      const report = join(dir, `report-${run}.ndjson`);
      const args = [
        ...harness,
        'push',
        file,
        '--base-url',
        sandbox.url,
        '--report',
        report,
        '--concurrency',
        String(concurrency),
        '--json',
      ];
      const measured = await measure(args, {
        env: { ...process.env, KRAKEN_API_KEY: 'sandbox-key', KRAKEN_IMPORT_SUPPLIER: `BENCH${run}` },
      });
      const lines = measured.stdout.trim().split('\n');
      const harnessLine = JSON.parse(lines.pop());
      const { cpu_ms: cpuMs } = harnessLine;
      const { summary } = JSON.parse(lines.pop());
      if (summary.processed !== count) throw new Error(`push processed ${summary.processed} of ${count}`);
      // The end of the push: from the last create sent to the last status answered, against the processing time
      // plus two round trips: the last create's own and a status request's (the median of the run's).
      const tailMs = harnessLine.last_create_to_last_status_ms;
      const roundTripMs = harnessLine.status_round_trip_median_ms;
      const createRoundTripMs = harnessLine.last_create_round_trip_ms;
      const tailBudgetMs = processing + createRoundTripMs + roundTripMs;
      // The HTTP floor in the same minutes: bare undici sending the same requests to the same sandbox (its own
      // supplier code, so that its accounts are fresh), so that a slow spell of the shared machine hits both.
      const floorRun = JSON.parse(
        (await measure(['scripts/raw-http-floor.mjs', file, sandbox.url, String(concurrency), `FLOOR${run}`])).stdout,
      );
      pushes.push({
        ...measured,
        floor: floorRun,
        cpuMs,
        requests: summary.requests,
        tailMs,
        roundTripMs,
        createRoundTripMs,
        tailBudgetMs,
      });
      process.stderr.write(
        `raw undici, same requests, run ${run + 1}: ${floorRun.cpu_seconds.toFixed(2)} s CPU after reading the file, ${floorRun.total_cpu_seconds.toFixed(2)} s in all\n`,
      );
      process.stderr.write(
        `push run ${run + 1}: ${measured.seconds.toFixed(2)} s, ${JSON.stringify(summary.requests)}, client CPU ${(cpuMs / 1000).toFixed(2)} s, last create to last status ${tailMs.toFixed(0)} ms (budget ${tailBudgetMs.toFixed(0)} ms: ${processing} ms + the last create's round trip ${createRoundTripMs.toFixed(0)} ms + a status round trip ${roundTripMs.toFixed(0)} ms; ${harnessLine.status_requests_after_last_create} status requests after the last create)\n`,
      );
    }
  } finally {
    await sandbox.stop();
  }
  const pushSeconds = median(pushes.map((item) => item.seconds));
  const typical = pushes.find((item) => item.seconds === pushSeconds);
  // The naive script gets its own sandbox so that the import keys are fresh.
  const naiveSandbox = await startSandbox(['--latency-ms', String(latency), '--processing-ms', String(processing)]);
  const naiveRuns = [];
  try {
    // Each run imports under its own supplier, so that no run meets the accounts of another.
    for (let run = 0; run < runs; run += 1) {
      naiveRuns.push(
        await measure(['scripts/naive-push.mjs', file, naiveSandbox.url, String(concurrency), `NAIVE${run}`]),
      );
    }
  } finally {
    await naiveSandbox.stop();
  }
  const floor = {
    cpu_seconds: median(pushes.map((item) => item.floor.cpu_seconds)),
    total_cpu_seconds: median(pushes.map((item) => item.floor.total_cpu_seconds)),
  };
  const pushCpuSeconds = median(pushes.map((item) => item.cpuMs / 1000));
  const eachRunRatios = pushes.map((item) => item.cpuMs / 1000 / item.floor.total_cpu_seconds);
  process.stderr.write(
    `push client CPU ${pushCpuSeconds.toFixed(2)} s (median of ${runs}); raw undici ${floor.cpu_seconds.toFixed(2)} s after reading, ${floor.total_cpu_seconds.toFixed(2)} s in all (medians)\n`,
  );
  const naiveSeconds = median(naiveRuns.map((item) => item.seconds));
  process.stderr.write(
    `naive Promise.all-in-batches script: ${naiveRuns.map((item) => item.seconds.toFixed(2)).join(', ')} s\n`,
  );
  results.push = {
    accounts: count,
    latency_ms: latency,
    processing_ms: processing,
    concurrency,
    ideal_seconds: Number(ideal.toFixed(2)),
    push_seconds: Number(pushSeconds.toFixed(2)),
    ratio_to_ideal: Number((pushSeconds / ideal).toFixed(2)),
    requests: typical.requests,
    status_requests_per_account: Number((typical.requests.status / count).toFixed(2)),
    client_cpu_seconds: Number(pushCpuSeconds.toFixed(2)),
    client_cpu_seconds_each_run: pushes.map((item) => Number((item.cpuMs / 1000).toFixed(2))),
    client_cpu_percent_of_one_core: Number(((pushCpuSeconds / pushSeconds) * 100).toFixed(1)),
    raw_undici_cpu_seconds_same_requests: Number(floor.cpu_seconds.toFixed(2)),
    client_cpu_over_raw_undici: Number((pushCpuSeconds / floor.cpu_seconds).toFixed(2)),
    raw_undici_cpu_seconds_with_start_and_read: Number(floor.total_cpu_seconds.toFixed(2)),
    raw_undici_total_cpu_seconds_each_run: pushes.map((item) => Number(item.floor.total_cpu_seconds.toFixed(2))),
    client_cpu_over_raw_undici_with_start_and_read: Number((pushCpuSeconds / floor.total_cpu_seconds).toFixed(2)),
    // Each push against the floor run right after it (the same minutes of the shared machine), and their median.
    client_cpu_over_raw_undici_each_run: eachRunRatios.map((ratio) => Number(ratio.toFixed(2))),
    client_cpu_over_raw_undici_median_of_runs: Number(median(eachRunRatios).toFixed(2)),
    last_create_to_last_status_ms: pushes.map((item) => Math.round(item.tailMs)),
    status_round_trip_median_ms: pushes.map((item) => Math.round(item.roundTripMs)),
    last_create_round_trip_ms: pushes.map((item) => Math.round(item.createRoundTripMs)),
    end_of_push_budget_ms: pushes.map((item) => Math.round(item.tailBudgetMs)),
    end_of_push_within_budget: pushes.every((item) => item.tailMs <= item.tailBudgetMs),
    raw_undici_cpu_percent_over_push_time: Number(((floor.cpu_seconds / pushSeconds) * 100).toFixed(1)),
    push_peak_rss_mb: Math.round(typical.peakMb),
    naive_seconds: Number(naiveSeconds.toFixed(2)),
    naive_requests: JSON.parse(naiveRuns[0].stdout),
    speedup_over_naive: Number((naiveSeconds / pushSeconds).toFixed(2)),
  };
}

if (want('relational')) {
  // A generated relational export (9 unsorted files, 84 rows an account), assembled alone and assembled + validated.
  const counts = (process.env.BENCH_RELATIONAL_ACCOUNTS ?? '100000,400000').split(',').map(Number);
  const relationalRuns = Number(process.env.BENCH_RELATIONAL_RUNS ?? 1);
  results.relational = [];
  for (const count of counts) {
    const dir = join(dataDir, `relational-${count}`);
    const mapping = join(dir, 'export.yaml');
    if (!existsSync(mapping)) {
      process.stderr.write(`generating a relational export of ${count} accounts into ${dir} ...\n`);
      await writeRelationalExport(dir, count);
    }
    const megabytes = readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0) / 1e6;
    process.stderr.write(`relational: ${count} accounts, ${megabytes.toFixed(0)} MB in 9 files\n`);
    const once = async (label, args) => {
      const all = [];
      for (let run = 0; run < relationalRuns; run += 1) all.push(await measure(args));
      const seconds = median(all.map((result) => result.seconds));
      const peakMb = Math.max(...all.map((result) => result.peakMb));
      process.stderr.write(
        `${label}: ${seconds.toFixed(2)} s, peak RSS ${peakMb.toFixed(0)} MB, exit ${all[0].code}\n`,
      );
      return { seconds, peakMb, code: all[0].code, stdout: all[0].stdout };
    };
    const assembled = await once(`assemble only, ${count}`, ['scripts/relational-assemble.mjs', mapping]);
    const assembly = JSON.parse(assembled.stdout);
    if (assembly.records !== count || assembly.invalid !== 0) {
      throw new Error(`assembled ${assembly.records} records (${assembly.invalid} with findings) of ${count}`);
    }
    const validated = await once(`validate --mapping, ${count}`, [
      bin,
      'validate',
      '--mapping',
      mapping,
      '--report',
      '/dev/null',
    ]);
    if (validated.code !== 0)
      throw new Error(`validate exited ${validated.code}: the generated accounts should all be valid`);
    const threaded = await once(`validate --mapping --workers 2, ${count}`, [
      bin,
      'validate',
      '--mapping',
      mapping,
      '--report',
      '/dev/null',
      '--workers',
      '2',
    ]);
    results.relational.push({
      accounts: count,
      rows: assembly.tables.reduce((sum, table) => sum + table.rows, 0),
      input_mb: Number(megabytes.toFixed(0)),
      assemble_seconds: Number(assembled.seconds.toFixed(2)),
      assemble_sort_phase_seconds: Number(assembly.sort_seconds.toFixed(2)),
      assembled_accounts_per_second: Math.round(count / assembled.seconds),
      assemble_peak_rss_mb: Math.round(assembled.peakMb),
      validate_seconds: Number(validated.seconds.toFixed(2)),
      validated_accounts_per_second: Math.round(count / validated.seconds),
      validate_peak_rss_mb: Math.round(validated.peakMb),
      validate_workers_2_seconds: Number(threaded.seconds.toFixed(2)),
      validate_workers_2_accounts_per_second: Math.round(count / threaded.seconds),
      validate_workers_2_peak_rss_mb: Math.round(threaded.peakMb),
      spilled_runs: Object.fromEntries(assembly.tables.map((table) => [table.name, table.runs])),
    });
  }
}

process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
