import { open } from 'node:fs/promises';
import { constants as zlibConstants, inflateRawSync } from 'node:zlib';
import { parseDicom, type DataSet } from 'dicom-parser';
import { DEFLATED_EXPLICIT_LITTLE } from './transferSyntax';

/** The identifying attributes of one Part 10 file, read from its header only. */
export interface DicomHeader {
  readonly transferSyntaxUid: string;
  readonly mediaStorageSopClassUid: string | undefined;
  readonly mediaStorageSopInstanceUid: string | undefined;
  readonly sopClassUid: string | undefined;
  readonly sopInstanceUid: string | undefined;
  readonly studyInstanceUid: string | undefined;
  readonly seriesInstanceUid: string | undefined;
  /** How many bytes had to be read to find them (the rest of the file is never loaded). */
  readonly headerBytesRead: number;
}

export type HeaderResult = { readonly ok: true; readonly header: DicomHeader } | { readonly ok: false; readonly reason: string };

const FIRST_READ = 64 * 1024;
const PIXEL_DATA = 'x7fe00010';
const REQUIRED = ['x00080016', 'x00080018', 'x0020000d', 'x0020000e'] as const;
/** Sequence Delimitation Item (FFFE,E0DD) with zero length, little endian: how encapsulated pixel data ends. */
const SEQUENCE_DELIMITER = Buffer.from([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);

const fail = (reason: string): HeaderResult => ({ ok: false, reason });

/**
 * First-read buffers are reused: scanning thousands of files otherwise churns hundreds of MB of
 * short-lived external memory, which shows up as peak RSS. Nothing keeps a reference after a parse
 * (toHeader copies the strings out).
 */
const spare: Buffer[] = [];
const takeBuffer = (): Buffer => spare.pop() ?? Buffer.allocUnsafe(FIRST_READ);
const giveBack = (buffer: Buffer): void => {
  if (buffer.length === FIRST_READ && spare.length < 32) spare.push(buffer);
};

/**
 * Reads the first bytes of a file (64 KiB, growing while the header is longer) and parses them with
 * dicom-parser up to, never into, the pixel data. Returns a reason instead of throwing for non-DICOM input.
 */
export async function readDicomHeader(path: string, size: number): Promise<HeaderResult> {
  if (size === 0) return fail('empty file (0 bytes)');
  if (size < 132) return fail(`not a DICOM Part 10 file: only ${size} bytes, too short for the 128-byte preamble and 'DICM' marker`);
  const handle = await open(path, 'r');
  try {
    let want = Math.min(size, FIRST_READ);
    for (;;) {
      const buffer = want <= FIRST_READ ? takeBuffer() : Buffer.alloc(want);
      try {
        const result = await attemptRead(handle, buffer, want, size);
        if (result !== 'grow') return result;
      } finally {
        giveBack(buffer);
      }
      want = Math.min(size, want * 4);
    }
  } finally {
    await handle.close();
  }
}

/** One read-and-parse of the first `want` bytes; 'grow' when the header continues past them. */
async function attemptRead(handle: Awaited<ReturnType<typeof open>>, buffer: Buffer, want: number, size: number): Promise<HeaderResult | 'grow'> {
  const { bytesRead } = await handle.read(buffer, 0, want, 0);
  const bytes = buffer.subarray(0, bytesRead);
  const whole = bytesRead >= size;
  if (bytes.toString('latin1', 128, 132) !== 'DICM') {
    return fail("not a DICOM Part 10 file: no 'DICM' marker at byte 128");
  }
  const attempt = parseHeader(bytes, whole);
  if (attempt.kind === 'done') {
    if (attempt.pixelData) {
      const truncated = await pixelDataTruncated(handle, attempt.pixelData, size);
      if (truncated) return fail(truncated);
    }
    return { ok: true, header: toHeader(attempt.dataSet, bytesRead) };
  }
  if (whole) return fail(attempt.reason);
  return 'grow';
}

type Attempt =
  | { kind: 'done'; dataSet: DataSet; transferSyntaxUid: string; pixelData: { dataOffset: number; length: number; hadUndefinedLength?: boolean } | undefined }
  | { kind: 'retry'; reason: string };

function parseHeader(bytes: Buffer, whole: boolean): Attempt {
  let dataSet: DataSet;
  try {
    dataSet = parseDicom(bytes, { untilTag: PIXEL_DATA, inflater: inflaterFor(whole) as never });
  } catch (error) {
    return { kind: 'retry', reason: describeParseError(error, whole) };
  }
  const transferSyntaxUid = dataSet.string('x00020010') ?? '';
  const elementEnd = (tag: string): number => {
    const e = dataSet.elements[tag];
    return e ? e.dataOffset + (e.hadUndefinedLength ? 0 : e.length) : Number.POSITIVE_INFINITY;
  };
  const pixel = dataSet.elements[PIXEL_DATA];
  // Deflated data sets are parsed from an inflated copy, so offsets there do not map to the file.
  const deflated = transferSyntaxUid === DEFLATED_EXPLICIT_LITTLE;
  if (!pixel && !whole && REQUIRED.some((tag) => elementEnd(tag) > bytes.length)) {
    return { kind: 'retry', reason: 'header incomplete' };
  }
  if (whole && !pixel && !deflated) {
    const overrun = Object.values(dataSet.elements).some((e) => !e.hadUndefinedLength && e.dataOffset + e.length > bytes.length);
    if (overrun) return { kind: 'retry', reason: 'truncated: an attribute extends past the end of the file' };
  }
  return { kind: 'done', dataSet, transferSyntaxUid, pixelData: pixel && !deflated ? pixel : undefined };
}

/** Inflates what we have; for a partial read, a sync flush returns the prefix instead of failing. */
function inflaterFor(whole: boolean) {
  return (bytes: Uint8Array, position: number): Uint8Array => {
    const inflated = inflateRawSync(bytes.subarray(position), whole ? {} : { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    const full = Buffer.alloc(position + inflated.length);
    full.set(bytes.subarray(0, position), 0);
    full.set(inflated, position);
    return full;
  };
}

async function pixelDataTruncated(
  handle: Awaited<ReturnType<typeof open>>,
  pixel: { dataOffset: number; length: number; hadUndefinedLength?: boolean },
  size: number,
): Promise<string | undefined> {
  if (!pixel.hadUndefinedLength) {
    const end = pixel.dataOffset + pixel.length;
    return end > size ? `truncated: pixel data needs ${end} bytes but the file has ${size}` : undefined;
  }
  const tail = Buffer.alloc(SEQUENCE_DELIMITER.length);
  await handle.read(tail, 0, tail.length, size - tail.length);
  return tail.equals(SEQUENCE_DELIMITER) ? undefined : 'truncated: encapsulated pixel data does not end with a sequence delimiter';
}

function describeParseError(error: unknown, whole: boolean): string {
  // dicom-parser throws strings, Errors, or { exception, dataSet } objects.
  const exception = (error as { exception?: unknown } | undefined)?.exception;
  const text = error instanceof Error ? error.message : typeof exception === 'string' ? exception : String(error);
  if (/0002,0010/.test(text)) return 'missing file meta information: no transfer syntax (0002,0010)';
  if (/past end of buffer|buffer overrun|unexpected end/i.test(text)) {
    return whole ? 'truncated: the header ends before its attributes do' : text;
  }
  return `unreadable DICOM header: ${text.replace(/^dicomParser[.:]\w*:?\s*/, '')}`;
}

function toHeader(dataSet: DataSet, headerBytesRead: number): DicomHeader {
  const read = (tag: string): string | undefined => {
    const value = dataSet.string(tag);
    return value === undefined || value === '' ? undefined : value.replace(/\0+$/, '').trim();
  };
  return {
    transferSyntaxUid: read('x00020010') ?? '',
    mediaStorageSopClassUid: read('x00020002'),
    mediaStorageSopInstanceUid: read('x00020003'),
    sopClassUid: read('x00080016'),
    sopInstanceUid: read('x00080018'),
    studyInstanceUid: read('x0020000d'),
    seriesInstanceUid: read('x0020000e'),
    headerBytesRead,
  };
}
