// The same integration suite under desktop VS Code via @vscode/test-electron, for a desktop with
// internet (it downloads VS Code into .vscode-test/ on first use). Offline machines use
// runIntegration.ts (VS Code server + chromium) instead.
// Usage: npm run build && npm run test:electron
//   IMAGING_LAB_VSCODE_VERSION=1.100.3 (default) or 'stable'; IMAGING_LAB_VSCODE_EXECUTABLE=<path> to use an installed Code.
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startFakeAws } from '../fakeaws/server';
import { DENIED_REGION, scriptedAccount } from '../fakeaws/scriptedAccount';
import { fakeAwsEnvironment } from './awsEnvironment';
import { buildIntegrationSuite } from './buildIntegration';
import { followResults } from './resultsFile';
import { createTestWorkspace } from './testWorkspace';

const REPO = resolve(__dirname, '..', '..');
const RESULTS_DIR = join(REPO, 'test-results', 'electron');

async function main(): Promise<number> {
  rmSync(RESULTS_DIR, { recursive: true, force: true });
  mkdirSync(RESULTS_DIR, { recursive: true });
  const testsIndex = await buildIntegrationSuite(REPO);
  const fake = await startFakeAws(scriptedAccount());
  const workspace = createTestWorkspace(REPO, ['us-east-1', 'eu-west-1', DENIED_REGION], { regionsInWorkspaceSettings: false });
  const eventsFile = join(RESULTS_DIR, 'results.jsonl');
  try {
    const env = fakeAwsEnvironment(fake.url, workspace.home);
    // The extension host inherits the environment of the Code process test-electron spawns.
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    const executable = process.env.IMAGING_LAB_VSCODE_EXECUTABLE;
    let launchError: string | undefined;
    await runTests({
      ...(executable ? { vscodeExecutablePath: executable } : { version: process.env.IMAGING_LAB_VSCODE_VERSION ?? '1.100.3' }),
      extensionDevelopmentPath: REPO,
      extensionTestsPath: testsIndex,
      extensionTestsEnv: { ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)), IMAGING_LAB_TEST_EVENTS: eventsFile },
      launchArgs: [workspace.folder, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${join(workspace.root, 'user-data')}`],
    }).catch((error: Error) => {
      // A failing suite also rejects here ("non-zero exit"); the results file tells the two apart.
      launchError = error.message;
    });
    const outcome = await followResults(eventsFile, { timeoutMs: 1000, print: (line) => console.log(line) });
    if (!outcome.finished && launchError) {
      console.error(`VS Code did not run the suite: ${launchError}\n(test-electron downloads VS Code: this needs internet, or set IMAGING_LAB_VSCODE_EXECUTABLE)`);
    }
    console.log(`\n  ${outcome.passes} passing`);
    if (outcome.failures.length > 0) console.log(`  ${outcome.failures.length} failing`);
    if (!outcome.finished) console.log('  1 failing (VS Code did not finish the suite)');
    return outcome.finished && outcome.failures.length === 0 && outcome.passes > 0 ? 0 : 1;
  } finally {
    await fake.close();
    workspace.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`test-electron run failed: ${error.message}`);
    process.exit(1);
  },
);
