import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureVscodeServer } from '../../../scripts/vscode-server/install.mjs';
import { keepFailureArtifacts } from '../../harness/artifacts';
import { fakeAwsEnvironment } from '../../harness/awsEnvironment';
import { launchWorkbenchBrowser, type WorkbenchBrowser } from '../../harness/browser';
import { onCleanup, runCleanups } from '../../harness/cleanup';
import { startVscodeServer, type RunningVscodeServer } from '../../harness/server';
import { demoReadme, startDemoStandIns } from '../../harness/demoStandIns';
import { createTestWorkspace, type TestWorkspace } from '../../harness/testWorkspace';
import { workbenchUrl } from '../../harness/workbenchUrl';
import { startFakeAws, type FakeAws } from '../../fakeaws/server';
import { DENIED_REGION, scriptedAccount } from '../../fakeaws/scriptedAccount';

export const REPO = resolve(__dirname, '..', '..', '..');
export const E2E_RESULTS = join(REPO, 'test-results', 'e2e');

/** Everything one end-to-end session runs on: fake AWS, VS Code server, chromium on the workbench. */
export interface E2eSession {
  readonly fake: FakeAws;
  readonly server: RunningVscodeServer;
  readonly browser: WorkbenchBrowser;
  readonly workspace: TestWorkspace;
  readonly url: string;
}

/**
 * `demo`: the account as `npm start -- --fake-aws` serves it, every stack pointing at the local
 * stand-ins (sshd, Orthanc) started with it, and the demo workspace README.
 */
export async function startE2eSession(options: { demo?: boolean } = {}): Promise<E2eSession> {
  mkdirSync(E2E_RESULTS, { recursive: true });
  await ensureVscodeServer();
  const demo = options.demo ? await startDemoStandIns() : undefined;
  if (demo) onCleanup(() => demo.stop());
  const fake = await startFakeAws({ ...scriptedAccount({ creatingDurationMs: 1000 }), ...(demo ? { standIns: demo.standIns } : {}) });
  const workspace = createTestWorkspace(REPO, ['us-east-1', 'eu-west-1', DENIED_REGION]);
  if (demo) writeFileSync(join(workspace.folder, 'README.md'), demoReadme(fake.url));
  // Also on Ctrl-C/SIGTERM, where mocha's after hook never runs.
  onCleanup(
    async () => {
      await fake.close();
      workspace.dispose();
    },
    // The runner may exit before async cleanups finish (mocha on Ctrl-C): the dirs still go.
    () => workspace.dispose(),
  );
  const server = await startVscodeServer({ env: fakeAwsEnvironment(fake.url, workspace.home), logFile: join(E2E_RESULTS, 'server.log') });
  const browser = await launchWorkbenchBrowser();
  const url = workbenchUrl(server.origin, { folder: workspace.folder, extensionPath: REPO });
  return { fake, server, browser, workspace, url };
}

export async function stopE2eSession(session: E2eSession | undefined, failed: boolean): Promise<void> {
  if (session && failed) await keepFailureArtifacts(E2E_RESULTS, { page: session.browser.page, consoleLines: session.browser.consoleLines, server: session.server });
  await runCleanups();
}
