// Mutation testing of the core with the unit tests: `npm run mutation` (not part of `npm test`).
// Incremental: results are kept in reports/mutation/incremental.json, so a rerun after a small change
// only tests the mutants of changed code and the tests that cover them.
// Narrow a run with `npm run mutation -- --mutate 'src/core/ssh/**/*.ts'`.
const testGlobs = process.env.IMAGING_LAB_MUTATION_TESTS?.split(',').map((g) => g.trim()).filter(Boolean);

// Property tests generate a tenth of their cases (test/support/propertyRuns.ts): the test processes inherit this.
process.env.IMAGING_LAB_PROPERTY_SCALE ??= '0.1';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
// Stryker reads the default export of its config file.
// eslint-disable-next-line no-restricted-syntax
export default {
  packageManager: 'npm',
  testRunner: 'mocha',
  plugins: ['@stryker-mutator/mocha-runner', '@stryker-mutator/typescript-checker'],
  // The unit tier's own mocha configuration (specs, requires, timeout). IMAGING_LAB_MUTATION_TESTS
  // (comma-separated globs) narrows the tests, e.g. to the mutated folder's own unit tests: the score is
  // then what those tests alone detect (a lower bound), and a static mutant (one in a module-level
  // constant such as a grammar's regex, which per-test coverage cannot attribute and which needs a fresh
  // test process) costs seconds instead of the whole unit tier (3.5 minutes here).
  mochaOptions: { config: '.mocharc.json', ...(testGlobs ? { spec: testGlobs } : {}) },
  // The unit tests are TypeScript, loaded through tsx as `npm run test:unit` does.
  testRunnerNodeArgs: ['--import', 'tsx'],
  // The TypeScript checker (prunes mutants that do not compile) is off unless IMAGING_LAB_MUTATION_CHECK=1:
  // measured on src/core/cfn (818 mutants, its own unit tests, 2 cores under load), the checker set the
  // pace: 8 mutants a minute checking against the whole project, 15 against src/core alone
  // (tsconfig.mutation.json), while the tests alone took about 7 minutes for all of them. Without it a
  // mutant that would not compile still runs (tsx strips types); nearly all such mutants are killed, and
  // the few that survive are listed as equivalent with that reason.
  checkers: process.env.IMAGING_LAB_MUTATION_CHECK === '1' ? ['typescript'] : [],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: ['src/core/**/*.ts'],
  // Anchored at the root: a bare 'reports' would also drop src/vscode/reports/ from the sandbox.
  ignorePatterns: ['/dist', '/coverage', '/test-results', '/reports', '/.vscode-test', '*.vsix'],
  coverageAnalysis: 'perTest',
  // Static mutants (in module-level constants: grammars' regexes, tables) cannot be attributed to tests,
  // so each one restarts the test process and runs every test: measured here, 16 to 27% of a folder's
  // mutants taking 72 to 80% of the time (a restart costs 30 s or more on this loaded 2-core machine).
  // They are left out (reported as Ignored) unless IMAGING_LAB_MUTATION_STATIC=1.
  ignoreStatic: process.env.IMAGING_LAB_MUTATION_STATIC !== '1',
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
