import { homedir } from 'node:os';
import { join } from 'node:path';

/** code-server release whose bundled VS Code server (1.100.3) still runs on Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';

/** Cache directory outside the repo so the ~400 MB server is reused between clones and runs. */
export function vscodeServerCacheDir(env = process.env) {
  return env.IMAGING_LAB_VSCODE_CACHE || join(homedir(), '.cache', 'imaging-lab', `vscode-server-${CODE_SERVER_VERSION}`);
}

/** The VS Code server tree inside the code-server package (holds out/server-main.js). */
export function vscodeServerRoot(cacheDir = vscodeServerCacheDir()) {
  return join(cacheDir, 'node_modules', 'code-server', 'lib', 'vscode');
}

export function serverMainPath(cacheDir = vscodeServerCacheDir()) {
  return join(vscodeServerRoot(cacheDir), 'out', 'server-main.js');
}

/** Written last, only after every step succeeded; its absence means "redo the install". */
export function installMarkerPath(cacheDir = vscodeServerCacheDir()) {
  return join(cacheDir, '.imaging-lab-install-complete');
}
