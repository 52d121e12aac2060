// The direction of imports between src/ folders (see ARCHITECTURE.md); `npm run lint:deps` checks it.
/** The internal folders each layer may import, besides its own and node/npm packages. */
const allowed = {
  core: [],
  validation: ['core'],
  api: ['core'],
  report: ['core'],
  config: ['core', 'validation', 'api'],
  records: ['core', 'validation', 'config'],
  checking: ['core', 'validation', 'records'],
  pipeline: ['core', 'api', 'report', 'checking', 'records'],
  sandbox: ['core', 'validation'],
};
const layers = Object.keys(allowed);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module cycle makes load order matter and hides which part depends on which.',
      from: {},
      to: { circular: true },
    },
    ...layers.map((layer) => ({
      name: `${layer}-imports-only-its-layers`,
      severity: 'error',
      comment: `src/${layer}/ may import only ${allowed[layer].length > 0 ? allowed[layer].join(', ') : 'nothing else in src/'}.`,
      from: { path: `^src/${layer}/` },
      to: {
        path: '^src/',
        pathNot: [`^src/${layer}/`, ...allowed[layer].map((other) => `^src/${other}/`)],
      },
    })),
    {
      name: 'commands-not-imported-below',
      severity: 'error',
      comment: 'Only program.ts and main.ts sit above the commands.',
      from: { path: '^src/(?!commands/|program\\.ts|main\\.ts)' },
      to: { path: '^src/(commands/|program\\.ts|main\\.ts)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
