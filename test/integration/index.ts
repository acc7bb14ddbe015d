import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/** Per-test bound inside the extension host; the harness also bounds the whole run. */
const TEST_TIMEOUT_MS = 30000;

/** One line of the results file the harness reads (JSON Lines). */
export type ResultEvent =
  | { type: 'start'; total: number }
  | { type: 'pass'; title: string; durationMs: number }
  | { type: 'fail'; title: string; message: string; stack?: string }
  | { type: 'end'; passes: number; failures: number; pending: number };

function reporterTo(file: string | undefined) {
  return (event: ResultEvent) => {
    const line = JSON.stringify(event);
    console.log(`[imaging-lab-tests] ${line}`);
    if (file) appendFileSync(file, `${line}\n`);
  };
}

/**
 * Entry point VS Code calls in the extension host (extensionTestsPath). Runs every compiled
 * `*.test.js` next to this file and reports each result to the file named by
 * IMAGING_LAB_TEST_EVENTS (the browser harness) and to the console (test-electron).
 */
export async function run(): Promise<void> {
  const report = reporterTo(process.env.IMAGING_LAB_TEST_EVENTS);
  const mocha = new Mocha({ ui: 'bdd', timeout: TEST_TIMEOUT_MS, color: false, reporter: 'spec' });
  const grep = process.env.IMAGING_LAB_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, file));
  await mocha.loadFilesAsync();
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
    runner.on('start', () => report({ type: 'start', total: runner.total }));
    runner.on('pass', (test) => report({ type: 'pass', title: test.fullTitle(), durationMs: test.duration ?? 0 }));
    runner.on('fail', (test, error: Error) => report({ type: 'fail', title: test.fullTitle(), message: error.message, ...(error.stack ? { stack: error.stack } : {}) }));
    runner.on('end', () => report({ type: 'end', passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0, pending: runner.stats?.pending ?? 0 }));
  });
}
