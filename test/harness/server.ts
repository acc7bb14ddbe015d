import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverMainPath, vscodeServerRoot } from '../../scripts/vscode-server/paths.mjs';
import { onCleanup } from './cleanup';
import { assertPortFree, freePort } from './ports';
import { killProcessGroupNow, stopProcessGroup } from './processGroup';
import { waitForHttp } from './waitForHttp';
import { findUnloadableNativeModules } from '../../scripts/vscode-server/nativeModules.mjs';

export interface VscodeServerOptions {
  /** lib/vscode of the installed server; default: the cache dir of scripts/vscode-server. */
  readonly serverRoot?: string;
  /** Fixed port (fails clearly if taken); default: a free loopback port. */
  readonly port?: number;
  /** Extra environment for the server and its extension host (AWS_ENDPOINT_URL, HOME...). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where the server's stdout/stderr go (appended); default: kept in memory only. */
  readonly logFile?: string;
  readonly readyTimeoutMs?: number;
  /** Ask whether to trust the opened folder, as a fresh install does (default: trusted, no dialog). */
  readonly askWorkspaceTrust?: boolean;
  /** Keep the throwaway dirs after stop (for post-mortem). */
  readonly keepDirs?: boolean;
}

export interface RunningVscodeServer {
  readonly port: number;
  readonly origin: string;
  readonly dirs: { readonly root: string; readonly userData: string; readonly serverData: string; readonly extensions: string };
  /** Last ~20 kB of the server output. */
  output(): string;
  stop(): Promise<void>;
}

/** process.env with overrides; an undefined value removes the variable. */
function mergedEnvironment(overrides: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Starts the VS Code server on loopback with throwaway dirs; resolves once it answers HTTP. */
export async function startVscodeServer(options: VscodeServerOptions = {}): Promise<RunningVscodeServer> {
  const serverRoot = options.serverRoot ?? vscodeServerRoot();
  const main = options.serverRoot ? join(serverRoot, 'out', 'server-main.js') : serverMainPath();
  if (!existsSync(main)) {
    throw new Error(`VS Code server not installed (${main} is missing): run 'node scripts/vscode-server/install.mjs'.`);
  }
  const unloadable = findUnloadableNativeModules(serverRoot);
  if (unloadable.length > 0) {
    throw new Error(
      `VS Code server cannot start: native modules do not load (${unloadable.join('; ')}). ` +
        `Delete ${serverRoot} and rerun 'node scripts/vscode-server/install.mjs'.`,
    );
  }
  const port = options.port ?? (await freePort());
  await assertPortFree(port);

  const root = mkdtempSync(join(tmpdir(), 'imaging-lab-vscode-'));
  const dirs = { root, userData: join(root, 'user-data'), serverData: join(root, 'server-data'), extensions: join(root, 'extensions') };
  for (const d of [dirs.userData, dirs.serverData, dirs.extensions]) mkdirSync(d, { recursive: true });

  const args = [
    main,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--user-data-dir', dirs.userData,
    '--server-data-dir', dirs.serverData,
    '--extensions-dir', dirs.extensions,
    ...(options.askWorkspaceTrust ? [] : ['--disable-workspace-trust']),
  ];
  // Own process group so stop() also takes the extension host and file watchers with it.
  const child = spawn(process.execPath, args, {
    cwd: serverRoot,
    env: mergedEnvironment(options.env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20000);
    log?.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exitInfo: string | undefined;
  child.once('exit', (code, signal) => (exitInfo = `exited with ${code ?? signal}`));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    unregister();
    await stopProcessGroup(child);
    log?.end();
    if (!options.keepDirs) rmSync(root, { recursive: true, force: true });
  };
  const unregister = onCleanup(stop, () => {
    killProcessGroupNow(child);
    if (!options.keepDirs) rmSync(root, { recursive: true, force: true });
  });

  try {
    await waitForHttp(`http://127.0.0.1:${port}/version`, {
      timeoutMs: options.readyTimeoutMs ?? 60000,
      failIf: () => (exitInfo ? `VS Code server ${exitInfo} before it was ready:\n${output.slice(-3000)}` : undefined),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, origin: `http://127.0.0.1:${port}`, dirs, output: () => output, stop };
}
