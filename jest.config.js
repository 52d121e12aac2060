// Jest runs the TypeScript sources (tests are type-checked by `npm run typecheck`) as native ESM.
/** @type {import('jest').Config} */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // The ESM build imports JSON without an import attribute, which Jest warns about; its CommonJS build is the same code.
    '^libphonenumber-js/max$': '<rootDir>/node_modules/libphonenumber-js/max/index.cjs',
  },
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.cjs'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  testTimeout: 30000,
};
