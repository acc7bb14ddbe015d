import { randomBytes } from 'node:crypto';
import { close, fstat, open as fsOpen, read, type Stats } from 'node:fs';
import type { Writable } from 'node:stream';

export interface MultipartFile {
  readonly path: string;
  /** Size of the file on disk. */
  readonly size: number;
  /** Bytes sent in place of the file's first `start` bytes (a client-written file meta header). */
  readonly prefix?: Uint8Array;
  readonly start?: number;
  /** Where the sent bytes of the file end (exclusive), if before its end. */
  readonly end?: number;
  /** The part's bytes when they are not taken from the file (a de-identified rewrite): `size` of them. */
  readonly open?: () => AsyncIterable<Buffer>;
}

/** Bytes of one part's body: the prefix, then the file from `start` to `end`. */
export function partSize(file: MultipartFile): number {
  return (file.prefix?.length ?? 0) + (file.end ?? file.size) - (file.start ?? 0);
}

/**
 * A boundary of 44 characters from [a-z0-9-]: unquoted is legal (RFC 2046 allows up to 70) and
 * some servers (stowrs-to-s3) reject longer or quoted ones.
 */
export function makeBoundary(): string {
  return `imaging-lab-${randomBytes(16).toString('hex')}`;
}

export function multipartContentType(boundary: string): string {
  return `multipart/related; type="application/dicom"; boundary=${boundary}`;
}

export function partHeader(boundary: string, size: number): Buffer {
  return Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\nContent-Length: ${size}\r\n\r\n`, 'latin1');
}

const CRLF = Buffer.from('\r\n', 'latin1');

/** Error code when a file no longer has the size the scan recorded. */
export const FILE_CHANGED = 'EFILECHANGED';
const closing = (boundary: string) => Buffer.from(`--${boundary}--\r\n`, 'latin1');

/** Exact body length, known before a byte is read, so the request can carry Content-Length. */
export function multipartLength(boundary: string, files: readonly MultipartFile[]): number {
  let total = closing(boundary).length;
  for (const file of files) total += partHeader(boundary, partSize(file)).length + partSize(file) + CRLF.length;
  return total;
}

/** A request body written straight into the request, so its buffers can be reused once written. */
export interface BodyWriter {
  /**
   * Writes the whole body into `out` (not ending it); resolves once the last byte was handed to it.
   * Stops with the signal's reason when `signal` aborts (the request failed or was answered early).
   */
  writeTo(out: Writable, signal: AbortSignal): Promise<void>;
}

/**
 * The request body: part headers interleaved with each file read from disk, so memory depends
 * neither on file nor on batch size. Fails if a file changed size since the scan (the declared
 * Content-Length would be wrong). `onBytes` sees file bytes only.
 *
 * Per instance the cost is kept to what the bytes need. Framing and file bytes are packed into two
 * `chunkSize` buffers used in turn: one is read into while the other is on its way to the socket,
 * and a buffer is filled again only after the socket took it, so a request holds two buffers
 * however many instances it carries, allocates nothing per instance, and small instances share a
 * socket write. Each file is opened once, checked with one fstat and read with exact-size reads.
 */
export function multipartBody(boundary: string, files: readonly MultipartFile[], onBytes?: (bytes: number) => void, chunkSize = 1024 * 1024): BodyWriter {
  return {
    async writeTo(out, signal) {
      const packer = new ChunkPacker(out, signal, chunkSize);
      try {
        for (const file of files) {
          await packer.put(partHeader(boundary, partSize(file)));
          if (file.prefix) await packer.put(file.prefix);
          if (file.open) await packSource(packer, file, file.open(), onBytes);
          else await packFile(packer, file, onBytes);
          await packer.put(CRLF);
        }
        await packer.put(closing(boundary));
        await packer.flush();
      } finally {
        packer.recycle();
      }
    },
  };
}

/** Chunk buffers of finished bodies, taken by the next request (a send posts many batches). */
const idleChunks = new Map<number, Buffer[]>();
const MAX_IDLE_CHUNKS = 8;

/** Two buffers filled in turn and written to `out`; a buffer is reused only after `out` took it. */
class ChunkPacker {
  private readonly spare: Buffer[];
  private readonly waiting: (() => void)[] = [];
  private current: Buffer | undefined;
  private used = 0;

  constructor(
    private readonly out: Writable,
    private readonly signal: AbortSignal,
    private readonly chunkSize: number,
  ) {
    const idle = idleChunks.get(chunkSize) ?? [];
    this.spare = [idle.pop() ?? Buffer.allocUnsafe(chunkSize), idle.pop() ?? Buffer.allocUnsafe(chunkSize)];
  }

  /** The body is done (or stopped): buffers that are back go to the next request, never one still being written. */
  recycle(): void {
    const idle = idleChunks.get(this.chunkSize) ?? [];
    idleChunks.set(this.chunkSize, idle);
    if (this.current) this.spare.push(this.current);
    this.current = undefined;
    for (const buffer of this.spare.splice(0)) if (idle.length < MAX_IDLE_CHUNKS) idle.push(buffer);
  }

  /** The free part of the current buffer (after waiting for one if both are on their way). */
  async room(): Promise<Buffer> {
    while (!this.current) {
      this.signal.throwIfAborted();
      const next = this.spare.pop();
      if (next) this.current = next;
      else await this.released();
    }
    return this.current.subarray(this.used);
  }

  /** `count` bytes were placed at the start of `room()`. */
  filled(count: number): void {
    this.used += count;
    if (this.current && this.used === this.current.length) this.hand();
  }

  async put(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const room = await this.room();
      const n = Math.min(room.length, bytes.length - offset);
      room.set(bytes.subarray(offset, offset + n), 0);
      offset += n;
      this.filled(n);
    }
  }

  /** Hands what is packed to `out` and resolves once every buffer came back (all of it was written). */
  async flush(): Promise<void> {
    this.hand();
    while (this.spare.length + (this.current ? 1 : 0) < 2) {
      this.signal.throwIfAborted();
      await this.released();
    }
  }

  /** Hands the filled part of the current buffer to `out`; the buffer comes back when written. */
  private hand(): void {
    const buffer = this.current;
    if (!buffer || this.used === 0) return;
    this.current = undefined;
    const length = this.used;
    this.used = 0;
    this.out.write(buffer.subarray(0, length), () => {
      this.spare.push(buffer);
      this.waiting.splice(0).forEach((resume) => resume());
    });
  }

  private released(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const stop = () => reject(this.signal.reason);
      this.signal.addEventListener('abort', stop, { once: true });
      this.waiting.push(() => {
        this.signal.removeEventListener('abort', stop);
        resolve();
      });
    });
  }
}

function changed(file: MultipartFile, found: string): Error {
  return Object.assign(new Error(`${file.path} changed size while being sent (${file.size} bytes expected, ${found})`), { code: FILE_CHANGED, path: file.path });
}

/** The bytes of a rewritten part (MultipartFile.open), checked against the declared size. */
async function packSource(packer: ChunkPacker, file: MultipartFile, source: AsyncIterable<Buffer>, onBytes?: (bytes: number) => void): Promise<void> {
  const expected = (file.end ?? file.size) - (file.start ?? 0);
  let read = 0;
  for await (const chunk of source) {
    read += chunk.length;
    if (read > expected) break;
    await packer.put(chunk);
    onBytes?.(chunk.length);
  }
  if (read !== expected) throw changed(file, `${(file.start ?? 0) + read} read`);
}

/** The file from `start` to `end`, read straight into the packer's buffers. */
async function packFile(packer: ChunkPacker, file: MultipartFile, onBytes?: (bytes: number) => void): Promise<void> {
  const fd = await fsCall<number>((done) => fsOpen(file.path, 'r', done));
  try {
    const { size } = await fsCall<Stats>((done) => fstat(fd, done));
    if (size !== file.size) throw changed(file, `${size} on disk`);
    let position = file.start ?? 0;
    const end = file.end ?? file.size;
    while (position < end) {
      const room = await packer.room();
      const want = Math.min(room.length, end - position);
      const bytesRead = await fsCall<number>((done) => read(fd, room, 0, want, position, done));
      if (bytesRead === 0) throw changed(file, `it ended at byte ${position}`);
      position += bytesRead;
      onBytes?.(bytesRead);
      packer.filled(bytesRead);
    }
  } finally {
    await fsCall<void>((done) => close(fd, (error) => done(error, undefined)));
  }
}

/** A callback-style fs call as a promise (lighter per call than FileHandle, which matters per instance). */
function fsCall<T>(call: (done: (error: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => call((error, value) => (error ? reject(error) : resolve(value))));
}
