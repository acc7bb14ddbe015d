import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeAwsEnvironment } from './awsEnvironment';
import { demoReadme, startDemoStandIns } from './demoStandIns';
import { startVscodeServer, type RunningVscodeServer } from './server';
import { createTestWorkspace } from './testWorkspace';
import { workbenchUrl } from './workbenchUrl';
import { startFakeAws } from '../fakeaws/server';
import { DENIED_REGION, scriptedAccount } from '../fakeaws/scriptedAccount';
import { onCleanup, runCleanups } from './cleanup';

export interface DevSession {
  readonly url: string;
  readonly server: RunningVscodeServer;
  readonly fakeAwsUrl?: string;
}

/**
 * What `npm start` runs without desktop VS Code: the server with the extension under development,
 * on the user's own AWS configuration, or (fakeAws) on the scripted account of the test suites.
 */
export async function startDevSession(options: { repo: string; folder?: string; port?: number; fakeAws: boolean }): Promise<DevSession> {
  if (!options.fakeAws) {
    const server = await startVscodeServer({ ...(options.port ? { port: options.port } : {}), readyTimeoutMs: 90000 });
    return { server, url: workbenchUrl(server.origin, { folder: options.folder ?? options.repo, extensionPath: options.repo }) };
  }
  const demo = await startDemoStandIns();
  onCleanup(() => demo.stop());
  const fake = await startFakeAws({ ...scriptedAccount({ creatingDurationMs: 120000 }), standIns: demo.standIns });
  const workspace = createTestWorkspace(options.repo, ['us-east-1', 'eu-west-1', DENIED_REGION]);
  writeFileSync(join(workspace.folder, 'README.md'), demoReadme(fake.url));
  onCleanup(
    async () => {
      await fake.close();
      workspace.dispose();
    },
    () => workspace.dispose(),
  );
  let server: RunningVscodeServer;
  try {
    server = await startVscodeServer({ ...(options.port ? { port: options.port } : {}), env: fakeAwsEnvironment(fake.url, workspace.home), readyTimeoutMs: 90000 });
  } catch (error) {
    await runCleanups();
    throw error;
  }
  return { server, fakeAwsUrl: fake.url, url: workbenchUrl(server.origin, { folder: options.folder ?? workspace.folder, extensionPath: options.repo }) };
}
