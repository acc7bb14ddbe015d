import type { Stats } from 'node:fs';
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

  const look = (path: string): Promise<Stats | { failed: unknown }> => stat(path).catch((failed: unknown) => ({ failed }));

  async function visit(path: string, info: Stats | { failed: unknown }): Promise<void> {
    signal?.throwIfAborted();
    if ('failed' in info) {
      unreadable.push({ path, reason: describeFsError(info.failed) });
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
      // The entries of a folder are looked at together (a stat each, latency bound); folders are
      // then entered one after another, in name order, so "seen once" does not depend on timing.
      const paths = names.sort().map((name) => join(path, name));
      const infos = await Promise.all(paths.map(look));
      for (const [i, entry] of paths.entries()) await visit(entry, infos[i] as Stats | { failed: unknown });
    } else if (info.isFile()) {
      if (!files.has(path)) files.set(path, { path, size: info.size });
    } else {
      unreadable.push({ path, reason: 'not a regular file' });
    }
  }

  for (const input of inputs) await visit(input, await look(input));
  return { files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), unreadable };
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
}
