import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';

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

/**
 * The request body as a stream: part headers interleaved with each file read from disk in chunks
 * (after its prefix, if any), so memory does not depend on file or batch size. Fails if a file
 * changed size since the scan (the declared Content-Length would be wrong). `onBytes` sees file
 * bytes only.
 *
 * Per instance the cost is kept to what the bytes need: the file is opened once, checked with one
 * fstat and read with exact-size reads straight after the framing (the previous part's CRLF, this
 * part's header, its prefix) in the same buffer, so an instance up to `chunkSize` is one
 * allocation, one read and one socket write.
 */
export function multipartBody(
  boundary: string,
  files: readonly MultipartFile[],
  onBytes?: (bytes: number) => void,
  chunkSize = 1024 * 1024,
): Readable {
  async function* parts(): AsyncGenerator<Buffer> {
    let framing = Buffer.alloc(0);
    for (const file of files) {
      framing = Buffer.concat([framing, partHeader(boundary, partSize(file)), ...(file.prefix ? [file.prefix] : [])]);
      if (file.open) {
        yield framing;
        yield* checkedSize(file, file.open(), onBytes);
      } else {
        yield* fileChunks(file, framing, chunkSize, onBytes);
      }
      framing = CRLF;
    }
    yield Buffer.concat([framing, closing(boundary)]);
  }
  return Readable.from(parts(), { objectMode: false });
}

function changed(file: MultipartFile, found: string): Error {
  return Object.assign(new Error(`${file.path} changed size while being sent (${file.size} bytes expected, ${found})`), { code: FILE_CHANGED, path: file.path });
}

/** The bytes of a rewritten part (MultipartFile.open), checked against the declared size. */
async function* checkedSize(file: MultipartFile, source: AsyncIterable<Buffer>, onBytes?: (bytes: number) => void): AsyncGenerator<Buffer> {
  const expected = (file.end ?? file.size) - (file.start ?? 0);
  let read = 0;
  for await (const chunk of source) {
    read += chunk.length;
    if (read > expected) break;
    onBytes?.(chunk.length);
    yield chunk;
  }
  if (read !== expected) throw changed(file, `${(file.start ?? 0) + read} read`);
}

/** The file from `start` to `end` in buffers of at most `chunkSize` bytes, the first led by `framing`. */
async function* fileChunks(file: MultipartFile, framing: Buffer, chunkSize: number, onBytes?: (bytes: number) => void): AsyncGenerator<Buffer> {
  const handle = await open(file.path, 'r');
  try {
    const size = (await handle.stat()).size;
    if (size !== file.size) throw changed(file, `${size} on disk`);
    let position = file.start ?? 0;
    const end = file.end ?? file.size;
    let lead = framing;
    while (position < end) {
      const want = Math.min(chunkSize, end - position);
      const buffer = Buffer.allocUnsafe(lead.length + want);
      lead.copy(buffer, 0);
      let filled = 0;
      while (filled < want) {
        const { bytesRead } = await handle.read(buffer, lead.length + filled, want - filled, position + filled);
        if (bytesRead === 0) throw changed(file, `it ended at byte ${position + filled}`);
        filled += bytesRead;
      }
      position += want;
      onBytes?.(want);
      lead = Buffer.alloc(0);
      yield buffer;
    }
    // An empty range still sends its framing.
    if (lead.length > 0) yield lead;
  } finally {
    await handle.close();
  }
}
