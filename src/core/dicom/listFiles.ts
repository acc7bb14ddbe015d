import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface ListedFile {
  readonly path: string;
  readonly size: number;
}

export interface FileListing {
  readonly files: ListedFile[];
  /** Inputs that could not be read at all (missing, permission denied), with the reason. */
  readonly unreadable: { path: string; reason: string }[];
}

/**
 * Expands files and folders (recursively, following links once) into a sorted, de-duplicated list
 * of regular files. Sorting makes batches and "first copy wins" duplicate handling deterministic.
 */
export async function listFiles(inputs: readonly string[], signal?: AbortSignal): Promise<FileListing> {
  const files = new Map<string, ListedFile>();
  const unreadable: { path: string; reason: string }[] = [];
  const seenDirs = new Set<string>();

  async function visit(path: string): Promise<void> {
    signal?.throwIfAborted();
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      unreadable.push({ path, reason: describeFsError(error) });
      return;
    }
    if (info.isDirectory()) {
      const real = await realpath(path);
      if (seenDirs.has(real)) return;
      seenDirs.add(real);
      let names: string[];
      try {
        names = await readdir(path);
      } catch (error) {
        unreadable.push({ path, reason: describeFsError(error) });
        return;
      }
      for (const name of names.sort()) await visit(join(path, name));
    } else if (info.isFile()) {
      if (!files.has(path)) files.set(path, { path, size: info.size });
    } else {
      unreadable.push({ path, reason: 'not a regular file' });
    }
  }

  for (const input of inputs) await visit(input);
  return { files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), unreadable };
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
}
