import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, basename } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SecureWriteOptions {
  /** File mode on POSIX; 0o600 unless told otherwise. */
  readonly mode?: number;
  /** Copy the previous content to `<file>.bak` before replacing it. */
  readonly backup?: boolean;
  /** For tests: pretend to be on this platform. */
  readonly platform?: NodeJS.Platform;
  /** For tests: replaces the icacls call on Windows. */
  readonly restrictAcl?: (path: string, isDir?: boolean) => Promise<void>;
}

/** Creates the folder (and parents) with 0700 (on Windows: an ACL for the user only); tightens a wider one. */
export async function ensurePrivateDir(
  dir: string,
  platform: NodeJS.Platform = process.platform,
  restrictAcl: (path: string, isDir: boolean) => Promise<void> = restrictAclToUser,
): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (platform === 'win32') {
    if (created !== undefined) await restrictAcl(dir, true);
    return;
  }
  const info = await stat(dir);
  if ((info.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

/**
 * Writes a file so no reader ever sees it half-written (temp file in the same folder + rename)
 * and nobody but the owner can read it: the temp file is created 0600 before any byte is written.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: SecureWriteOptions = {},
): Promise<void> {
  const platform = options.platform ?? process.platform;
  const mode = options.mode ?? 0o600;
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (platform === 'win32') await (options.restrictAcl ?? restrictAclToUser)(temp);
    else await chmod(temp, mode); // umask may have widened nothing, but an inherited default ACL could
    if (options.backup) await backupIfPresent(path);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function backupIfPresent(path: string): Promise<void> {
  try {
    await copyFile(path, `${path}.bak`);
    await chmod(`${path}.bak`, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Windows has no mode bits: remove inherited ACEs and grant only the current user (folders: inherited by children). */
export async function restrictAclToUser(path: string, isDir = false): Promise<void> {
  const user = process.env.USERDOMAIN ? `${process.env.USERDOMAIN}\\${userInfo().username}` : userInfo().username;
  await run('icacls', [path, '/inheritance:r', '/grant:r', `${user}:${isDir ? '(OI)(CI)F' : 'F'}`], { windowsHide: true });
}
