import { createInflateRaw } from 'node:zlib';
import type { PositionalReader } from './byteSource';

export interface InflatedPrefix {
  readonly bytes: Buffer;
  /** The deflate stream ended within the limit: `bytes` is the whole data set. */
  readonly complete: boolean;
  /** Compressed bytes read from the file. */
  readonly compressedRead: number;
  /** Why inflation stopped early other than the limit (a damaged stream), if it did. */
  readonly error?: string;
}

const CHUNK = 64 * 1024;

/**
 * Inflates a deflated data set (PS3.5 §A.5, raw deflate) from `start` until `maxOutput` bytes came
 * out or the stream ended, reading the file in chunks: a small file that inflates to gigabytes (a
 * deflate bomb) costs at most `maxOutput` bytes of memory and the time to produce them.
 */
export async function inflatePrefix(handle: PositionalReader, start: number, fileSize: number, maxOutput: number): Promise<InflatedPrefix> {
  const inflater = createInflateRaw({ chunkSize: CHUNK });
  const output: Buffer[] = [];
  let produced = 0;
  let compressedRead = 0;
  let stopped = false;
  const done = new Promise<{ complete: boolean; error?: string }>((resolve) => {
    inflater.on('data', (chunk: Buffer) => {
      if (stopped) return;
      const room = maxOutput - produced;
      output.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      produced += Math.min(chunk.length, room);
      if (produced >= maxOutput) {
        stopped = true;
        inflater.destroy();
        resolve({ complete: false });
      }
    });
    inflater.on('end', () => resolve({ complete: true }));
    inflater.on('error', (error) => resolve({ complete: false, error: error.message }));
    inflater.on('close', () => resolve({ complete: false }));
  });
  const feed = async () => {
    let position = start;
    while (position < fileSize && !stopped && !inflater.destroyed) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, fileSize - position));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      compressedRead += bytesRead;
      if (!inflater.write(chunk.subarray(0, bytesRead))) await new Promise<void>((resume) => inflater.once('drain', resume).once('close', resume));
    }
    if (!stopped && !inflater.destroyed) inflater.end();
  };
  const [outcome] = await Promise.all([done, feed()]);
  inflater.destroy();
  return { bytes: Buffer.concat(output, produced), complete: outcome.complete, compressedRead, ...(outcome.error ? { error: outcome.error } : {}) };
}
