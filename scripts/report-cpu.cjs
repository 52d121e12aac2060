// Preloaded by the startup benchmark (`node --require scripts/report-cpu.cjs …`): writes the process's CPU time in
// seconds to file descriptor 3 as it exits, which stays comparable on a busy machine where wall time does not.
const { writeSync } = require('node:fs');

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeSync(3, `${(user + system) / 1e6}\n`);
});
