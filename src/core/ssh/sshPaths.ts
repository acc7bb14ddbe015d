import { homedir } from 'node:os';
import { join } from 'node:path';

/** Folder (inside the user's ssh dir) that holds everything Imaging Lab writes. */
export const MANAGED_DIR_NAME = 'imaging-lab';
/** The exact line added to the user's ssh config; relative paths in Include resolve against ~/.ssh. */
export const INCLUDE_VALUE = `${MANAGED_DIR_NAME}/config`;

export interface SshPaths {
  readonly sshDir: string;
  readonly userConfig: string;
  readonly managedDir: string;
  readonly managedConfig: string;
  readonly knownHosts: string;
}

export function defaultSshDir(): string {
  return join(homedir(), '.ssh');
}

export function sshPaths(sshDir: string = defaultSshDir()): SshPaths {
  const managedDir = join(sshDir, MANAGED_DIR_NAME);
  return {
    sshDir,
    userConfig: join(sshDir, 'config'),
    managedDir,
    managedConfig: join(managedDir, 'config'),
    knownHosts: join(managedDir, 'known_hosts'),
  };
}

/** Private key file of one alias; aliases are validated so they never escape the folder. */
export function keyFilePath(paths: SshPaths, alias: string): string {
  return join(paths.managedDir, `${assertAlias(alias)}.pem`);
}

const ALIAS_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function assertAlias(alias: string): string {
  if (!ALIAS_PATTERN.test(alias)) {
    throw new Error(
      `'${alias}' is not a usable SSH host alias: use letters, digits, '.', '_' or '-' (at most 128), starting with a letter or digit.`,
    );
  }
  return alias;
}

/**
 * Path as written into an OpenSSH config: Windows OpenSSH accepts forward slashes (backslashes
 * would need escaping). Values with spaces are quoted by the ssh-config library when written.
 */
export function openSshPath(path: string): string {
  return path.replace(/\\/g, '/');
}

/**
 * Value of the Include line in the user's config. OpenSSH resolves a relative Include against
 * ~/.ssh, so any other ssh dir (tests, --ssh-dir) needs the absolute path.
 */
export function includeValue(paths: SshPaths): string {
  return paths.sshDir === defaultSshDir() ? INCLUDE_VALUE : openSshPath(paths.managedConfig);
}
