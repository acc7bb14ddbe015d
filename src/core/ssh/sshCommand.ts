import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddHostResult } from './hostAccess';
import { openSshPath, type SshPaths } from './sshPaths';

/**
 * The home folder OpenSSH expands `~` to. OpenSSH takes it from the password database and ignores
 * $HOME, while Node's homedir() prefers $HOME; when they differ (a changed HOME, some containers),
 * OpenSSH never reads the ~/.ssh/config we edited.
 */
export function openSshHome(): string {
  try {
    return userInfo().homedir || homedir();
  } catch {
    return homedir();
  }
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string) => (process.platform === 'win32' ? resolve(p).toLowerCase() : resolve(p));
  return norm(a) === norm(b);
}

/** Quoted for a POSIX shell or PowerShell when it holds anything beyond plain path characters. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:@~+-]+$/.test(word) ? word : `"${word.replace(/(["\\$`])/g, '\\$1')}"`;
}

/**
 * The command that reaches `alias` with OpenSSH: plain `ssh alias` only when OpenSSH reads the user
 * config that now includes the managed file; otherwise `ssh -F <managed config> alias`, which is
 * self-contained (ProxyJump hops get the same -F from OpenSSH).
 */
export function sshCommandFor(paths: SshPaths, alias: string, include: AddHostResult['include'], home: string = openSshHome()): string {
  const included = typeof include !== 'object';
  if (included && samePath(paths.userConfig, join(home, '.ssh', 'config'))) return `ssh ${alias}`;
  return `ssh -F ${shellWord(openSshPath(paths.managedConfig))} ${alias}`;
}
