// `kraken-import report` end to end: the terminal summary, the HTML page (checked in a real browser when Debian's
// Chromium is installed), and a page that data from the report can never script.
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { repoPath } from '../helpers.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kraken-report-'));
const chromiumPath = '/usr/bin/chromium';

/** A push report: 30 processed, 6 invalid (one with a hostile detail), 2 errored, with timings. */
function writePushReport(path: string): void {
  const lines = Array.from({ length: 38 }, (_, index) => {
    const started = Date.parse('2026-11-28T10:00:00Z') + index * 500;
    const outcome = index < 30 ? 'processed' : index < 36 ? 'invalid' : 'errored';
    const errors =
      outcome === 'invalid'
        ? [
            {
              code: 'invalid_phone_number',
              attr: 'customers.0.landline',
              detail: index === 30 ? '</script><script>window.owned=1</script>' : 'bad',
            },
          ]
        : outcome === 'errored'
          ? [{ code: 'account_import_failed', detail: 'No.' }]
          : [];
    return JSON.stringify({
      source: 'accounts.ndjson',
      line: index + 1,
      external_account_number: String(9000 + index),
      import_supplier: 'ACME',
      outcome,
      errors,
      dry_run: false,
      attempts: { validate: index % 7 === 0 ? 2 : 1, create: 1, status: 1 },
      started_at: new Date(started).toISOString(),
      finished_at: new Date(started + 800 + index * 20).toISOString(),
    });
  });
  writeFileSync(path, `${lines.join('\n')}\n`);
}

describe('kraken-import report', () => {
  const report = join(dir, 'cutover.ndjson');
  writePushReport(report);

  it('sums a report up in the terminal: outcomes, top errors by field and code, slowest imports', async () => {
    const run = await runCli(['report', report]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/cutover\.ndjson: a push, 38 records in \d+s \([\d.]+ records\/s\), 6 retries\./);
    expect(run.stdout).toContain('Outcomes: 30 processed, 6 invalid, 2 errored.');
    expect(run.stdout).toMatch(
      / {6}6 {2}customers\.0\.landline invalid_phone_number {2}\(e\.g\. accounts\.ndjson:31\)/,
    );
    expect(run.stdout).toContain('Slowest imports:');
  });

  it('writes a private, self-contained HTML page whose data cannot close its script', async () => {
    const html = join(dir, 'cutover.html');
    const run = await runCli(['report', report, '--html', html]);
    expect(run.code).toBe(0);
    expect(statSync(html).mode & 0o777).toBe(0o600);
    const page = readFileSync(html, 'utf8');
    expect(page).not.toContain('</script><script>window.owned');
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    expect(page).toContain('new Chart(');
  });

  it('refuses a file that holds no report line', async () => {
    const empty = join(dir, 'empty.ndjson');
    writeFileSync(empty, '');
    const run = await runCli(['report', empty]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('holds no report line');
  });
});

// CI installs Chromium (.ci/run), so there the test always runs and fails without it; elsewhere it may skip.
const browserTest = existsSync(chromiumPath) || process.env['CI'] !== undefined ? it : it.skip;
if (!existsSync(chromiumPath)) {
  process.stderr.write(`report page browser test skipped: no Chromium at ${chromiumPath} (apt-get install chromium)\n`);
}

describe('the report page in a real browser', () => {
  browserTest(
    'draws both charts, fills the tables, searches, and logs no error',
    async () => {
      const report = join(dir, 'browser.ndjson');
      const html = join(dir, 'browser.html');
      writePushReport(report);
      expect((await runCli(['report', report, '--html', html])).code).toBe(0);
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1200, height: 1300 } });
        const problems: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(String(error)));
        page.on('request', (request) => {
          if (!request.url().startsWith('file:')) problems.push(`network: ${request.url()}`);
        });
        await page.goto(`file://${html}`);
        await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
        // Run in the page (as text: the tests are compiled without the DOM's types). A drawn chart leaves pixels
        // that are not transparent.
        const drawn = await page.evaluate<number[]>(`[...document.querySelectorAll('canvas')].map((canvas) => {
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let index = 3; index < pixels.length; index += 4) if (pixels[index] > 0) painted += 1;
        return painted;
      })`);
        expect(drawn).toHaveLength(2);
        for (const painted of drawn) expect(painted).toBeGreaterThan(1000);
        expect(await page.locator('#errors tbody tr').count()).toBe(2);
        expect(await page.locator('#failed tbody tr').count()).toBe(8);
        await page.fill('#search', 'account_import_failed');
        expect(await page.locator('#failed tbody tr:not([hidden])').count()).toBe(2);
        expect(await page.textContent('#shown')).toBe('2');
        expect(await page.evaluate<unknown>('window.owned')).toBeUndefined();
        const artifacts = repoPath('test-artifacts');
        mkdirSync(artifacts, { recursive: true });
        await page.screenshot({ path: join(artifacts, 'report-page.png'), fullPage: true });
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
