// One self-contained HTML page for a report (Chart.js inlined, no network needed): outcomes, errors by field,
// the run's timeline, retries, and the failed records, searchable. Data goes in as JSON and out through
// textContent, never as HTML, so nothing from the report can run in the page.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ReportStats } from './report-stats.js';

/** Reads the Chart.js browser bundle shipped with the package, to inline it. */
export async function chartScript(): Promise<string> {
  const main = createRequire(import.meta.url).resolve('chart.js');
  return readFile(join(dirname(main), 'chart.umd.min.js'), 'utf8');
}

/** JSON that is safe inside a <script> element: no `</script>`, no HTML comment, no line separators. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const style = `
  body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1100px; color: #1d2330; padding: 0 16px; }
  h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 32px; }
  .muted { color: #5b6475; } .cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
  .card { border: 1px solid #d9dde5; border-radius: 8px; padding: 10px 14px; min-width: 120px; }
  .card b { display: block; font-size: 20px; }
  .charts { display: grid; grid-template-columns: 1fr 2fr; gap: 16px; }
  .chart { border: 1px solid #d9dde5; border-radius: 8px; padding: 12px; height: 280px; position: relative; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { text-align: left; border-bottom: 1px solid #eceef3; padding: 5px 8px; vertical-align: top; }
  th { background: #f6f7f9; position: sticky; top: 0; } td.num { text-align: right; }
  input[type=search] { width: 100%; padding: 7px 10px; font-size: 14px; margin: 8px 0; box-sizing: border-box; }
  .scroll { max-height: 480px; overflow: auto; border: 1px solid #d9dde5; border-radius: 8px; }
`;

// Runs in the page: draws the charts and fills the tables from the embedded data.
const pageScript = `
const data = JSON.parse(document.getElementById('report-data').textContent);
const colours = { processed: '#2e9d5b', valid: '#2e9d5b', dry_run_succeeded: '#58b87c', already_imported: '#7cc49a',
  skipped: '#a8d8b9', submitted: '#e0a526', interrupted: '#c9b458', invalid: '#d64545', rejected: '#b83280',
  errored: '#c0392b', dry_run_errored: '#e06666', cancelled: '#8e5a9b', failed: '#7f1d1d' };
const outcomes = Object.entries(data.counts);
new Chart(document.getElementById('outcomes'), { type: 'doughnut',
  data: { labels: outcomes.map(([name]) => name), datasets: [{ data: outcomes.map(([, count]) => count),
    backgroundColor: outcomes.map(([name]) => colours[name] || '#888') }] },
  options: { maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'right' } } } });
const labels = data.timeline.map((point) => new Date(point.at).toISOString().slice(11, 19));
new Chart(document.getElementById('timeline'), { type: 'line',
  data: { labels, datasets: [
    { label: 'records finished', data: data.timeline.map((point) => point.finished), borderColor: '#2f6fde', yAxisID: 'y' },
    { label: 'median seconds per record', data: data.timeline.map((point) => point.medianSeconds), borderColor: '#e0a526', yAxisID: 'seconds' },
    { label: 'retries', data: data.timeline.map((point) => point.retries), borderColor: '#d64545', type: 'bar', backgroundColor: 'rgba(214,69,69,0.35)', yAxisID: 'y' }] },
  options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, position: 'left' },
    seconds: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } } } } });
function fill(tableId, rows, cells) {
  const body = document.querySelector('#' + tableId + ' tbody');
  for (const row of rows) {
    const tr = document.createElement('tr');
    for (const [text, numeric] of cells(row)) {
      const td = document.createElement('td');
      td.textContent = text == null ? '' : String(text);
      if (numeric) td.className = 'num';
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
}
fill('errors', data.errors, (row) => [[row.attr], [row.code], [row.records, true], [row.example.source + ':' + row.example.line], [row.example.detail]]);
fill('slowest', data.slowest, (row) => [[row.source + ':' + row.line], [row.account], [row.seconds.toFixed(1), true], [row.outcome]]);
fill('failed', data.failed, (row) => [[row.source + ':' + row.line], [row.account], [row.outcome], [row.codes], [row.detail]]);
const search = document.getElementById('search');
const shown = document.getElementById('shown');
search.addEventListener('input', () => {
  const words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
  let count = 0;
  for (const tr of document.querySelectorAll('#failed tbody tr')) {
    const match = words.every((word) => tr.textContent.toLowerCase().includes(word));
    tr.hidden = !match;
    if (match) count += 1;
  }
  shown.textContent = String(count);
});
shown.textContent = String(data.failed.length);
document.body.dataset.ready = 'true';
`;

/** Builds the page for a report; `chart` is the Chart.js browser bundle (see `chartScript`). */
export function htmlReport(stats: ReportStats, title: string, chart: string): string {
  const cards = [
    ['records', stats.records.toLocaleString('en-US')],
    ...Object.entries(stats.counts).map(([outcome, count]) => [outcome, count.toLocaleString('en-US')]),
    ['retries', stats.retries.toLocaleString('en-US')],
    ['throughput', stats.throughput === null ? '–' : `${stats.throughput.toFixed(1)}/s`],
  ];
  const listed =
    stats.failedCount > stats.failed.length
      ? ` (the first ${stats.failed.length.toLocaleString('en-US')} of ${stats.failedCount.toLocaleString('en-US')}; the report has all)`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="muted">${stats.kind === 'push' ? (stats.dryRun ? 'A dry run of push' : 'A push') : 'A validate run'}, ${stats.records.toLocaleString('en-US')} records${stats.spanSeconds === null ? '' : `, ${stats.spanSeconds.toFixed(0)} s from the first record taken to the last finished`}.</p>
<div class="cards">${cards.map(([label, value]) => `<div class="card"><b>${escapeHtml(value ?? '')}</b>${escapeHtml(label ?? '')}</div>`).join('')}</div>
<div class="charts">
  <div class="chart"><canvas id="outcomes" aria-label="Outcomes"></canvas></div>
  <div class="chart"><canvas id="timeline" aria-label="Throughput, latency and retries over the run"></canvas></div>
</div>
<h2>Errors by field and code</h2>
<div class="scroll"><table id="errors"><thead><tr><th>attr</th><th>code</th><th>records</th><th>example</th><th>detail</th></tr></thead><tbody></tbody></table></div>
<h2>Slowest imports</h2>
<table id="slowest"><thead><tr><th>record</th><th>account</th><th>seconds</th><th>outcome</th></tr></thead><tbody></tbody></table>
<h2>Failed records${escapeHtml(listed)}</h2>
<input id="search" type="search" placeholder="Search failed records: account, code, field, file…" aria-label="Search failed records">
<p class="muted"><span id="shown">0</span> shown</p>
<div class="scroll"><table id="failed"><thead><tr><th>record</th><th>account</th><th>outcome</th><th>errors</th><th>detail</th></tr></thead><tbody></tbody></table></div>
<script type="application/json" id="report-data">${scriptJson(stats)}</script>
<script>${chart.replace(/<\/script/gi, '<\\/script')}</script>
<script>${pageScript}</script>
</body>
</html>
`;
}
