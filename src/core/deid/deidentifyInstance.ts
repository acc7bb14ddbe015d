import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import { deidAdditions } from './deidAttributes';
import { EXPLICIT_LITTLE, IMPLICIT_LITTLE, ITEM, NeedMoreBytes, SEQUENCE_DELIMITATION, UNDEFINED_LENGTH, type Syntax } from './elementCodec';
import { buildFileMeta, parseFileMeta } from './fileMeta';
import type { DeidOptions } from './profileActions';
import type { ProjectMap } from './projectMap';
import { rewriteElements } from './rewriteDataSet';
import { scanTopLevel } from './topLevel';

const IMPLICIT_LITTLE_UID = '1.2.840.10008.1.2';
const EXPLICIT_LITTLE_UID = '1.2.840.10008.1.2.1';
const EXPLICIT_BIG_UID = '1.2.840.10008.1.2.2';
const DEFLATED_UID = '1.2.840.10008.1.2.1.99';
const FIRST_READ = 64 * 1024;
/** Attributes before the pixel data (or a whole pixel-less data set) larger than this are refused. */
export const MAX_HEADER_BYTES = 64 * 1024 * 1024;
/** Elements after the pixel data (rare: padding, signatures) larger than this are refused. */
const MAX_TRAILER_BYTES = 16 * 1024 * 1024;

const TAG = {
  sopClass: 0x00080016,
  sopInstance: 0x00080018,
  study: 0x0020000d,
  series: 0x0020000e,
  patientName: 0x00100010,
  patientId: 0x00100020,
  issuer: 0x00100021,
  birthDate: 0x00100030,
  otherIds: 0x00101000,
  otherNames: 0x00101001,
  accession: 0x00080050,
  institution: 0x00080080,
  referring: 0x00080090,
  performing: 0x00081050,
  operators: 0x00081070,
  address: 0x00101040,
  burnedIn: 0x00280301,
} as const;
const WANTED = new Set<number>(Object.values(TAG));
const IDENTITY_TAGS = [TAG.patientName, TAG.patientId, TAG.birthDate, TAG.otherIds, TAG.otherNames, TAG.accession, TAG.institution, TAG.referring, TAG.performing, TAG.operators, TAG.address];

/** What the rewriter learnt about one instance: original and replacement identifiers. */
export interface InstanceFacts {
  readonly sopClassUid: string;
  readonly original: { readonly sopInstanceUid: string; readonly studyInstanceUid: string; readonly seriesInstanceUid: string };
  readonly sopInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  /** Transfer syntax of the output (deflated input is written as explicit VR little endian). */
  readonly transferSyntaxUid: string;
  readonly burnedInAnnotation: string | undefined;
}

/** A rewritten instance: new header bytes, the source's pixel data as a byte range, new trailer bytes. */
export interface RewrittenInstance {
  readonly facts: InstanceFacts;
  readonly head: Buffer[];
  readonly pixel: { readonly path: string; readonly start: number; readonly end: number } | undefined;
  readonly trailer: Buffer[];
  readonly size: number;
}

export interface RewriteEnvironment {
  readonly options: DeidOptions;
  readonly map: ProjectMap;
  /** A private (0700) folder for inflated copies of deflated data sets. */
  readonly tempDir: string;
  /** Inflated copies already made, by source path (so a second rewrite of the same file reuses it). */
  readonly inflated: Map<string, string>;
}

interface Source {
  readonly path: string;
  readonly handle: FileHandle;
  readonly size: number;
  readonly dataSetStart: number;
  readonly syntax: Syntax;
  readonly outputSyntaxUid: string;
}

/**
 * Rewrites one Part 10 file following the profile. Only the attributes are read into memory (up
 * to the pixel data, at most MAX_HEADER_BYTES); the pixel data element is returned as a byte range
 * of the source, to be copied through unchanged, whatever its encoding.
 */
export async function rewriteInstance(path: string, env: RewriteEnvironment): Promise<RewrittenInstance> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const first = await readAt(handle, 0, Math.min(size, FIRST_READ));
    const meta = await withGrowth(handle, size, first, (buf) => parseFileMeta(buf));
    const source = await sourceFor(path, handle, size, meta.transferSyntaxUid, meta.dataSetStart, env);
    try {
      // The first read usually holds the whole header: reuse it instead of reading again.
      const prefix = source.handle === handle && first.length > meta.dataSetStart ? first.subarray(meta.dataSetStart) : undefined;
      return await rewriteSource(source, env, prefix);
    } finally {
      if (source.handle !== handle) await source.handle.close();
    }
  } finally {
    await handle.close();
  }
}

async function sourceFor(path: string, handle: FileHandle, size: number, ts: string, dataSetStart: number, env: RewriteEnvironment): Promise<Source> {
  if (ts !== DEFLATED_UID) {
    const syntax = ts === IMPLICIT_LITTLE_UID ? IMPLICIT_LITTLE : ts === EXPLICIT_BIG_UID ? { little: false, explicit: true } : EXPLICIT_LITTLE;
    return { path, handle, size, dataSetStart, syntax, outputSyntaxUid: ts };
  }
  // The deflated data set is inflated once to a private temporary file and read from there; the
  // output is explicit VR little endian (the pixel bytes themselves are the same).
  let inflated = env.inflated.get(path);
  if (!inflated) {
    inflated = join(env.tempDir, `${randomBytes(8).toString('hex')}.inflated`);
    await pipeline(createReadStream(path, { start: dataSetStart }), createInflateRaw(), createWriteStream(inflated, { mode: 0o600 }));
    env.inflated.set(path, inflated);
  }
  const inflatedHandle = await open(inflated, 'r');
  const { size: inflatedSize } = await stat(inflated);
  return { path: inflated, handle: inflatedHandle, size: inflatedSize, dataSetStart: 0, syntax: EXPLICIT_LITTLE, outputSyntaxUid: EXPLICIT_LITTLE_UID };
}

async function rewriteSource(source: Source, env: RewriteEnvironment, prefix: Buffer | undefined): Promise<RewrittenInstance> {
  const { handle, size, dataSetStart, syntax } = source;
  const initial = prefix ?? (await readAt(handle, dataSetStart, Math.min(size - dataSetStart, FIRST_READ)));
  const whole = (buf: Buffer) => dataSetStart + buf.length >= size;
  const scan = await withGrowth(handle, size, initial, (buf) => {
    const result = scanTopLevel(buf, 0, syntax, WANTED);
    if (result.pixelAt === undefined && !whole(buf)) throw new NeedMoreBytes(buf.length + 1);
    return { result, buf };
  }, dataSetStart);
  const { result: top, buf } = scan;
  const text = (tag: number) => top.values.get(tag) ?? '';
  const sopClassUid = text(TAG.sopClass);
  const original = { sopInstanceUid: text(TAG.sopInstance), studyInstanceUid: text(TAG.study), seriesInstanceUid: text(TAG.series) };
  if (!sopClassUid || !original.sopInstanceUid || !original.studyInstanceUid || !original.seriesInstanceUid) {
    throw new Error('missing SOP Class, SOP Instance, Study or Series Instance UID: cannot de-identify an instance that is not identifiable as one');
  }
  const patientKey = text(TAG.patientId) ? `id:${text(TAG.issuer)}:${text(TAG.patientId)}` : `name:${text(TAG.patientName)}`;
  const identityValues = IDENTITY_TAGS.flatMap((tag) => text(tag).split(/[\\^]/)).map((v) => v.trim()).filter((v) => v.length >= 3);
  const ctx = { options: env.options, uid: (u: string) => env.map.uid(u), pseudonym: env.map.pseudonym(patientKey), identityValues };
  const headerRegion = top.pixelAt === undefined ? buf : buf.subarray(0, top.pixelAt);
  const rewritten = rewriteElements({ buf: headerRegion, syntax, ctx }, 0, headerRegion.length, { topLevel: true, additions: deidAdditions(env.options, syntax) });

  let pixel: RewrittenInstance['pixel'];
  let trailer: Buffer[] = [];
  if (top.pixelAt !== undefined && top.pixelHeader) {
    const start = dataSetStart + top.pixelAt;
    const valueStart = start + top.pixelHeader.headerLength;
    const end = top.pixelHeader.length === UNDEFINED_LENGTH ? await encapsulatedEnd(handle, valueStart, size, syntax) : valueStart + top.pixelHeader.length;
    if (end > size) throw new Error(`truncated: pixel data needs ${end} bytes but the file has ${size}`);
    pixel = { path: source.path, start, end };
    if (end < size) {
      if (size - end > MAX_TRAILER_BYTES) throw new Error(`more than ${MAX_TRAILER_BYTES / 1024 / 1024} MiB of attributes after the pixel data: not supported`);
      const tail = await readAt(handle, end, size - end);
      trailer = rewriteElements({ buf: tail, syntax, ctx }, 0, tail.length, { topLevel: false }).chunks;
    }
  }
  const facts: InstanceFacts = {
    sopClassUid,
    original,
    sopInstanceUid: env.map.uid(original.sopInstanceUid),
    studyInstanceUid: env.map.uid(original.studyInstanceUid),
    seriesInstanceUid: env.map.uid(original.seriesInstanceUid),
    transferSyntaxUid: source.outputSyntaxUid,
    burnedInAnnotation: top.values.get(TAG.burnedIn),
  };
  const head = [buildFileMeta(sopClassUid, facts.sopInstanceUid, facts.transferSyntaxUid), ...rewritten.chunks];
  const bytes = (chunks: Buffer[]) => chunks.reduce((sum, c) => sum + c.length, 0);
  const size_ = bytes(head) + (pixel ? pixel.end - pixel.start : 0) + bytes(trailer);
  return { facts, head, pixel, trailer, size: size_ };
}

/** Follows the fragments of encapsulated pixel data (8-byte reads) to the end of its Sequence Delimitation. */
async function encapsulatedEnd(handle: FileHandle, valueStart: number, size: number, syntax: Syntax): Promise<number> {
  const header = Buffer.alloc(8);
  let p = valueStart;
  while (p + 8 <= size) {
    await handle.read(header, 0, 8, p);
    const group = syntax.little ? header.readUInt16LE(0) : header.readUInt16BE(0);
    const element = syntax.little ? header.readUInt16LE(2) : header.readUInt16BE(2);
    const tag = ((group << 16) | element) >>> 0;
    const length = syntax.little ? header.readUInt32LE(4) : header.readUInt32BE(4);
    if (tag === SEQUENCE_DELIMITATION) return p + 8;
    if (tag !== ITEM || length === UNDEFINED_LENGTH) throw new Error(`malformed encapsulated pixel data at byte ${p}`);
    p += 8 + length;
  }
  throw new Error('truncated: encapsulated pixel data does not end with a sequence delimiter');
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** Runs `parse` on a growing prefix (from `offset`) until it stops asking for more bytes. */
async function withGrowth<T>(handle: FileHandle, size: number, first: Buffer, parse: (buf: Buffer) => T, offset = 0): Promise<T> {
  let buf = first;
  for (;;) {
    try {
      return parse(buf);
    } catch (error) {
      if (!(error instanceof NeedMoreBytes)) throw error;
      const available = size - offset;
      if (buf.length >= available) throw new Error('truncated: the data set ends inside an attribute', { cause: error });
      const want = Math.min(available, Math.max(error.needed, buf.length * 4));
      if (want > MAX_HEADER_BYTES) throw new Error(`the attributes before the pixel data exceed ${MAX_HEADER_BYTES / 1024 / 1024} MiB: not supported`, { cause: error });
      buf = await readAt(handle, offset, want);
    }
  }
}
