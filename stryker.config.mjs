// Mutation testing of the core with the unit tests: `npm run mutation` (not part of `npm test`).
// Incremental: results are kept in reports/mutation/incremental.json, so a rerun after a small change
// only tests the mutants of changed code and the tests that cover them.
// Narrow a run with `npm run mutation -- --mutate 'src/core/ssh/**/*.ts'`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
// Stryker reads the default export of its config file.
// eslint-disable-next-line no-restricted-syntax
export default {
  packageManager: 'npm',
  testRunner: 'mocha',
  plugins: ['@stryker-mutator/mocha-runner', '@stryker-mutator/typescript-checker'],
  // The unit tier's own mocha configuration (specs, requires, timeout).
  mochaOptions: { config: '.mocharc.json' },
  // The unit tests are TypeScript, loaded through tsx as `npm run test:unit` does.
  testRunnerNodeArgs: ['--import', 'tsx'],
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: ['src/core/**/*.ts'],
  // Anchored at the root: a bare 'reports' would also drop src/vscode/reports/ from the sandbox.
  ignorePatterns: ['/dist', '/coverage', '/test-results', '/reports', '/.vscode-test', '*.vsix'],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  timeoutMS: 10000,
  // The initial run is the whole unit tier with per-test coverage: 3 to 6 minutes on a loaded 2-core machine
  // (Stryker's default limit of 5 minutes stopped it).
  dryRunTimeoutMinutes: 30,
  thresholds: { high: 85, low: 75, break: null },
};
