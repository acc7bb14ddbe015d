import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
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
 * (after its prefix, if any),
 * so memory does not depend on file or batch size. Fails if a file changed size since the scan
 * (the declared Content-Length would be wrong). `onBytes` sees file bytes only.
 */
export function multipartBody(
  boundary: string,
  files: readonly MultipartFile[],
  onBytes?: (bytes: number) => void,
  chunkSize = 512 * 1024,
): Readable {
  async function* parts(): AsyncGenerator<Buffer> {
    for (const file of files) {
      yield partHeader(boundary, partSize(file));
      if (file.prefix) yield Buffer.from(file.prefix);
      const start = file.start ?? 0;
      const end = file.end ?? file.size;
      const expected = end - start;
      let read = 0;
      const source = file.open?.() ?? createReadStream(file.path, { highWaterMark: chunkSize, start, ...(file.end !== undefined ? { end: end - 1 } : {}) });
      for await (const chunk of source) {
        const buffer = chunk as Buffer;
        read += buffer.length;
        if (read > expected) break;
        onBytes?.(buffer.length);
        yield buffer;
      }
      if (read !== expected) {
        throw Object.assign(new Error(`${file.path} changed size while being sent (${file.size} bytes expected, ${start + read} read)`), { code: FILE_CHANGED, path: file.path });
      }
      yield CRLF;
    }
    yield closing(boundary);
  }
  return Readable.from(parts(), { objectMode: false });
}
