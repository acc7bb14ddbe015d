// Runs test/integration inside a real VS Code (server 1.100.3 + headless chromium) against the
// fake AWS endpoint. Expects `npm run build` to have produced dist/extension.js.
// Usage: npx tsx test/harness/runIntegration.ts   (env IMAGING_LAB_TEST_GREP=<pattern> to filter)
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureVscodeServer } from '../../scripts/vscode-server/install.mjs';
import { startFakeAws } from '../fakeaws/server';
import { DENIED_REGION, scriptedAccount } from '../fakeaws/scriptedAccount';
import { keepFailureArtifacts } from './artifacts';
import { fakeAwsEnvironment } from './awsEnvironment';
import { launchWorkbenchBrowser, type WorkbenchBrowser } from './browser';
import { buildIntegrationSuite } from './buildIntegration';
import { onCleanup, runCleanups } from './cleanup';
import { followResults } from './resultsFile';
import { startVscodeServer, type RunningVscodeServer } from './server';
import { createTestWorkspace } from './testWorkspace';
import { workbenchUrl } from './workbenchUrl';

const REPO = resolve(__dirname, '..', '..');
const RESULTS_DIR = join(REPO, 'test-results', 'integration');
// A bound on a hung run, not a speed target: five kinds' journeys on a loaded 2-core machine take minutes.
const RUN_TIMEOUT_MS = Number(process.env.IMAGING_LAB_RUN_TIMEOUT_MS ?? 900000);

async function main(): Promise<number> {
  const started = Date.now();
  if (!existsSync(join(REPO, 'dist', 'extension.js'))) throw new Error("dist/extension.js is missing: run 'npm run build' first.");
  rmSync(RESULTS_DIR, { recursive: true, force: true });
  mkdirSync(RESULTS_DIR, { recursive: true });
  await ensureVscodeServer();
  const testsIndex = await buildIntegrationSuite(REPO);

  const fake = await startFakeAws(scriptedAccount());
  const workspace = createTestWorkspace(REPO, ['us-east-1', 'eu-west-1', DENIED_REGION], { regionsInWorkspaceSettings: false });
  onCleanup(
    async () => {
      await fake.close();
      workspace.dispose();
    },
    // The runner may exit before async cleanups finish (mocha on Ctrl-C): the dirs still go.
    () => workspace.dispose(),
  );
  const eventsFile = join(RESULTS_DIR, 'results.jsonl');
  let server: RunningVscodeServer | undefined;
  let browser: WorkbenchBrowser | undefined;
  try {
    server = await startVscodeServer({
      env: { ...fakeAwsEnvironment(fake.url, workspace.home), IMAGING_LAB_TEST_EVENTS: eventsFile, IMAGING_LAB_TEST_GREP: process.env.IMAGING_LAB_TEST_GREP },
      logFile: join(RESULTS_DIR, 'server.log'),
    });
    console.log(`VS Code server on ${server.origin}; fake AWS on ${fake.url}`);
    browser = await launchWorkbenchBrowser();
    const url = workbenchUrl(server.origin, { folder: workspace.folder, extensionPath: REPO, testsPath: testsIndex });
    await browser.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    const runningServer = server;
    const outcome = await followResults(eventsFile, {
      timeoutMs: RUN_TIMEOUT_MS,
      print: (line) => console.log(line),
      abort: () => (runningServer.output().includes('Extension host agent') && /exited|crashed/i.test(runningServer.output().slice(-500)) ? 'the extension host stopped' : undefined),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const ok = outcome.finished && outcome.failures.length === 0 && outcome.passes > 0;
    if (!ok) await keepFailureArtifacts(RESULTS_DIR, { page: browser.page, consoleLines: browser.consoleLines, server });
    // Mocha-style summary lines, so scripts/test.mjs counts this tier like the others.
    console.log(`\n  ${outcome.passes} passing (${seconds}s)`);
    if (outcome.failures.length > 0) console.log(`  ${outcome.failures.length} failing`);
    if (!outcome.finished) console.log(`  1 failing (${outcome.reason ?? 'the suite did not finish'})`);
    if (!ok) console.log(`screenshot and logs kept in ${RESULTS_DIR}`);
    return ok ? 0 : 1;
  } catch (error) {
    await keepFailureArtifacts(RESULTS_DIR, { ...(browser ? { page: browser.page, consoleLines: browser.consoleLines } : {}), ...(server ? { server } : {}) });
    throw error;
  } finally {
    await runCleanups();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`integration run failed: ${error.message}`);
    void runCleanups().finally(() => process.exit(1));
  },
);
