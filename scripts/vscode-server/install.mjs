#!/usr/bin/env node
// Installs the VS Code server shipped in code-server@4.100.3 into a cache dir outside the repo,
// following the offline recipe of design.md §3. Idempotent: a marker is written only after success.
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODE_SERVER_VERSION, installMarkerPath, serverMainPath, vscodeServerCacheDir, vscodeServerRoot } from './paths.mjs';
import { assertPackages, VSCODE_SERVER_PACKAGES } from '../systemDeps.mjs';
import { runStep } from './runStep.mjs';
import { findUnloadableNativeModules } from './nativeModules.mjs';
import { withInstallLock } from './installLock.mjs';

const SYSTEM_RG = '/usr/bin/rg';

function replaceWithSymlink(target, linkPath) {
  try {
    lstatSync(linkPath);
    rmSync(linkPath, { recursive: true, force: true });
  } catch {
    // did not exist
  }
  symlinkSync(target, linkPath);
}

/** True when a previous run finished every step (and the server entry point is still there). */
export function isVscodeServerInstalled(cacheDir = vscodeServerCacheDir()) {
  return existsSync(installMarkerPath(cacheDir)) && existsSync(serverMainPath(cacheDir));
}

/**
 * Ensures the server is installed; returns its root (lib/vscode). Safe to call on every run:
 * returns at once when the marker is present, otherwise (re)does the whole recipe. `systemRoot`
 * is where the Debian packages' files are looked for (a test points it at a fake system).
 */
export async function ensureVscodeServer({ cacheDir = vscodeServerCacheDir(), log = console.log, systemRoot = '/' } = {}) {
  const root = vscodeServerRoot(cacheDir);
  if (isVscodeServerInstalled(cacheDir)) return root;
  assertPackages(VSCODE_SERVER_PACKAGES, 'The VS Code server test harness', systemRoot);
  mkdirSync(dirname(cacheDir), { recursive: true });
  return withInstallLock(`${cacheDir}.lock`, () => install(cacheDir, root, log), { log });
}

async function install(cacheDir, root, log) {
  // Another process may have finished it while we waited for the lock.
  if (isVscodeServerInstalled(cacheDir)) return root;
  if (existsSync(cacheDir)) {
    log(`[vscode-server] incomplete install found in ${cacheDir}: starting over`);
    rmSync(cacheDir, { recursive: true, force: true });
  }
  mkdirSync(cacheDir, { recursive: true });
  // A private package.json keeps npm from walking up into some unrelated project.
  writeFileSync(join(cacheDir, 'package.json'), JSON.stringify({ name: 'imaging-lab-vscode-server-cache', private: true }, null, 2));
  const noAudit = ['--no-audit', '--no-fund'];

  // The package's own postinstall downloads things, which fails offline: skip it and do its work here.
  await runStep('1/6 fetch code-server', 'npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', ...noAudit], { cwd: cacheDir, log });
  await runStep('2/6 server dependencies', 'npm', ['install', '--omit=dev', '--ignore-scripts', ...noAudit], { cwd: root, log });

  // @vscode/ripgrep's postinstall would download rg; Debian's binary does the same job.
  const rgBinDir = join(root, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBinDir, { recursive: true });
  replaceWithSymlink(SYSTEM_RG, join(rgBinDir, 'rg'));
  log(`[vscode-server] 3/6 ripgrep -> ${SYSTEM_RG}`);

  // npm 11 blocks dependency install scripts unless allowed; the rebuild must run node-gyp for real.
  await runStep('4/6 build native modules', 'npm', ['rebuild', '--foreground-scripts', '--dangerously-allow-all-scripts'], {
    cwd: root,
    env: { npm_config_yes: 'true' },
    log,
  });
  const unbuilt = findUnloadableNativeModules(root);
  if (unbuilt.length > 0) {
    throw new Error(
      `native modules do not load: ${unbuilt.join('; ')}. ` +
        'Check that build-essential, python3, libkrb5-dev, libx11-dev, libxkbfile-dev and libsecret-1-dev are installed, then rerun.',
    );
  }

  replaceWithSymlink('node_modules', join(root, 'node_modules.asar'));
  log('[vscode-server] 5/6 node_modules.asar -> node_modules');
  await runStep('6/6 built-in extensions dependencies', 'npm', ['install', '--omit=dev', ...noAudit], { cwd: join(root, 'extensions'), log });

  if (!existsSync(serverMainPath(cacheDir))) throw new Error(`install finished but ${serverMainPath(cacheDir)} is missing`);
  writeFileSync(installMarkerPath(cacheDir), `${new Date().toISOString()} code-server@${CODE_SERVER_VERSION}\n`);
  log(`[vscode-server] ready: ${root}`);
  return root;
}


if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  ensureVscodeServer()
    .then((root) => console.log(`[vscode-server] installed at ${root} (${((Date.now() - started) / 1000).toFixed(0)}s)`))
    .catch((err) => {
      console.error(`[vscode-server] install failed: ${err.message}`);
      process.exit(1);
    });
}
