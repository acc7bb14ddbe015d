import { readSync } from 'node:fs';

/** Positional reads of an open file (a FileHandle is one). */
export interface PositionalReader {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

/**
 * Reads with blocking system calls, for the scan's worker thread: blocking it costs nobody else,
 * and a page-cached header read then needs no round trip through libuv's thread pool (which the
 * send, running at the same time in the main thread, needs for its own reads).
 */
export function blockingReader(fd: number): PositionalReader {
  return { read: async (buffer, offset, length, position) => ({ bytesRead: readSync(fd, buffer, offset, length, position) }) };
}

/**
 * Random access to the bytes of a file (or of an inflated data set) for a parser that only ever
 * needs element headers and a few short values: big values are skipped, never read.
 */
export interface ByteSource {
  /** Bytes available. */
  readonly length: number;
  /** False when `length` is a prefix of a longer stream (an inflated data set cut at its limit). */
  readonly complete: boolean;
  /** Bytes read from disk so far (what the read limit counts). */
  readonly bytesRead: number;
  /** Exactly `count` bytes at `offset`; the caller keeps within `length` and asks for at most MAX_VALUE_READ. */
  bytes(offset: number, count: number): Promise<Buffer>;
  /** An offset the way a reason names it ("byte 1234"). */
  at(offset: number): string;
}

/** The longest value the parser reads (UIDs are at most 64 bytes; meta values are short). */
export const MAX_VALUE_READ = 4096;
const SEQUENTIAL_CHUNK = 64 * 1024;
/**
 * The first read: preamble, meta header and the elements before the pixel data of almost every
 * file fit; a longer header continues with sequential 64 KiB reads.
 */
const FIRST_CHUNK = 16 * 1024;
/** Read buffers of finished sources, reused by the next ones (a scan checks several files at once). */
const spareBuffers: Buffer[] = [];
const MAX_SPARE_BUFFERS = 32;
/** After a jump over a skipped value: the next element header and a little more. */
const JUMP_CHUNK = 512;

/** Thrown when a source would read more than its limit. */
export class ReadLimitReached extends Error {
  constructor(readonly limit: number) {
    super(`read limit of ${limit} bytes reached`);
  }
}

/**
 * Reads a file in chunks of at most 64 KiB into one reused buffer: memory does not depend on the
 * file, and `readLimit` bounds what a file that never shows the attributes we look for can cost.
 * The buffer comes from, and after `release()` goes back to, a small pool: scanning thousands of
 * files allocates a few buffers, not one each.
 */
export class FileSource implements ByteSource {
  readonly complete = true;
  bytesRead = 0;
  /** Bytes this source may still read in total; callers raise it once the header is found. */
  readLimit: number;
  private buffer: Buffer = spareBuffers.pop() ?? Buffer.allocUnsafe(SEQUENTIAL_CHUNK);
  private start = 0;
  private filled = 0;

  constructor(
    private readonly handle: PositionalReader,
    readonly length: number,
    readLimit: number,
  ) {
    this.readLimit = readLimit;
  }

  async bytes(offset: number, count: number): Promise<Buffer> {
    if (count > MAX_VALUE_READ || offset < 0 || offset + count > this.length) throw new RangeError(`read of ${count} bytes at ${offset} is outside the file`);
    if (offset >= this.start && offset + count <= this.start + this.filled) return this.buffer.subarray(offset - this.start, offset - this.start + count);
    // The first read takes the beginning of the file, where preamble, meta and most headers are.
    const first = this.bytesRead === 0 && offset < FIRST_CHUNK;
    const from = first ? 0 : offset;
    const sequential = offset >= this.start && offset <= this.start + this.filled;
    const want = Math.min(this.length - from, Math.max(offset - from + count, first ? FIRST_CHUNK : sequential ? SEQUENTIAL_CHUNK : JUMP_CHUNK));
    if (this.bytesRead + want > this.readLimit) throw new ReadLimitReached(this.readLimit);
    const { bytesRead } = await this.handle.read(this.buffer, 0, want, from);
    this.bytesRead += bytesRead;
    this.start = from;
    this.filled = bytesRead;
    // The file shrank since it was listed: report it as ending here.
    if (from + bytesRead < offset + count) throw new RangeError(`the file ended at byte ${from + bytesRead} while reading`);
    return this.buffer.subarray(offset - from, offset - from + count);
  }

  at(offset: number): string {
    return `byte ${offset}`;
  }

  /** Done with this source: its buffer goes back to the pool (no view of it may be kept). */
  release(): void {
    if (spareBuffers.length < MAX_SPARE_BUFFERS) spareBuffers.push(this.buffer);
    this.buffer = Buffer.alloc(0);
    this.filled = 0;
  }
}

/** A source over bytes already in memory (an inflated data set). */
export class BufferSource implements ByteSource {
  readonly bytesRead = 0;
  constructor(
    private readonly data: Buffer,
    readonly complete: boolean,
  ) {}

  get length(): number {
    return this.data.length;
  }

  async bytes(offset: number, count: number): Promise<Buffer> {
    if (offset < 0 || offset + count > this.data.length) throw new RangeError(`read of ${count} bytes at ${offset} is outside the data`);
    return this.data.subarray(offset, offset + count);
  }

  at(offset: number): string {
    return `byte ${offset} of the inflated data set`;
  }
}
