#!/usr/bin/env node
// `npm start`: try the extension under development.
//  - With desktop VS Code (`code` on PATH): builds, then runs `code --extensionDevelopmentPath=<repo>`.
//  - Without it (or with --server): installs the VS Code server if missing (scripts/vscode-server),
//    builds, starts the server on 127.0.0.1 with the extension loaded and prints the URL to open.
//    Ctrl-C stops everything. Options: --port N, --folder DIR, --fake-aws (the scripted test account
//    on a local fake endpoint instead of your own AWS credentials).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules } from './ensureNodeModules.mjs';
import { ensureVscodeServer } from './vscode-server/install.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function hasDesktopCode() {
  return spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
}

function build() {
  console.log('[start] building (node esbuild.js)...');
  const r = spawnSync(process.execPath, ['esbuild.js'], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the build failed (see above)');
}

async function main() {
  ensureNodeModules(repo);
  if (hasDesktopCode() && !flag('--server') && !flag('--fake-aws')) {
    build();
    console.log(`[start] code --extensionDevelopmentPath=${repo}`);
    const child = spawn('code', [`--extensionDevelopmentPath=${repo}`, ...(option('--folder') ? [option('--folder')] : [])], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  await ensureVscodeServer();
  build();
  // The harness is TypeScript; tsx (a dev dependency) loads it.
  const { tsImport } = await import('tsx/esm/api');
  const { startDevSession } = await tsImport('../test/harness/devSession.ts', import.meta.url);
  const port = option('--port') ? Number(option('--port')) : undefined;
  const folder = option('--folder') ? resolve(option('--folder')) : undefined;
  const session = await startDevSession({ repo, port, folder, fakeAws: flag('--fake-aws') });
  console.log('\nImaging Lab is running in VS Code (server 1.100.3) on loopback only.');
  if (session.fakeAwsUrl) console.log(`AWS calls go to the fake endpoint ${session.fakeAwsUrl} (scripted account 111122223333).`);
  console.log(`\n  Open: ${session.url}\n\nPress Ctrl-C to stop.`);
  // Stay alive until a signal; the harness's cleanup stops the server and its process group.
  setInterval(() => undefined, 1 << 30);
}

main().catch((error) => {
  console.error(`[start] ${error.message}`);
  process.exit(1);
});
