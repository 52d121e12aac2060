// A Jest reporter that ends the run with one plain line, `Tests: N passed, N failed`, which CI systems read.
const { writeSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    const line = `Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${tail}\n`;
    // Printed as the process exits, so that it comes after Jest's own summary.
    process.once('exit', () => writeSync(1, line));
  }
}

module.exports = SummaryReporter;
