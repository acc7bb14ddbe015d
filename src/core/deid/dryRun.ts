import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DeidentifiedInstance } from './deidSession';

export interface WrittenCopy {
  readonly source: string;
  readonly target: string;
  readonly size: number;
}

/**
 * Writes each de-identified instance to `<dir>/<study>/<series>/<sop>.dcm`, named by the new UIDs
 * only (source file names can carry identity). Files are 0600: until checked, they are sensitive.
 */
export async function writeDeidentifiedCopies(instances: readonly DeidentifiedInstance[], dir: string, signal?: AbortSignal): Promise<WrittenCopy[]> {
  const written: WrittenCopy[] = [];
  for (const instance of instances) {
    signal?.throwIfAborted();
    const folder = join(dir, instance.studyInstanceUid, instance.seriesInstanceUid);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const target = join(folder, `${instance.sopInstanceUid}.dcm`);
    await pipeline(Readable.from(instance.open()), createWriteStream(target, { mode: 0o600 }), signal ? { signal } : {});
    written.push({ source: instance.path, target, size: instance.size });
  }
  return written;
}
