import { closeSync, openSync } from 'node:fs';
import { inflatePrefix } from './boundedInflate';
import { blockingReader, BufferSource, FileSource, ReadLimitReached, type ByteSource } from './byteSource';
import { detectSyntax, isDeflated, syntaxOf, uidOf } from './detectSyntax';
import { formatTag, groupOf, TAG, UNDEFINED_LENGTH, type Syntax } from './dicomEncoding';
import { DicomStructureError, ElementWalker, type WalkLimits } from './elementWalker';
import { MARKER_OFFSET, PREAMBLE_END, readFileMeta, readText, type FileMeta } from './metaHeader';

/** The identifying attributes of one file and what the scan noticed, read from its structure only. */
export interface DicomHeader {
  readonly transferSyntaxUid: string;
  readonly mediaStorageSopClassUid: string | undefined;
  readonly mediaStorageSopInstanceUid: string | undefined;
  readonly sopClassUid: string | undefined;
  readonly sopInstanceUid: string | undefined;
  readonly studyInstanceUid: string | undefined;
  readonly seriesInstanceUid: string | undefined;
  /** Inconsistencies of the file meta header that servers tolerate (the policy decides). */
  readonly metaIssues: string[];
  /** Why the file has no usable meta header (none, or one without a transfer syntax), if so. */
  readonly metaMissing?: string;
  /** Where the data set starts: a client-written meta header may replace the bytes before it. */
  readonly dataSetOffset: number;
  /**
   * Set when bytes follow the last complete element that are not an element (junk a server's
   * parser would fail on): where the data set really ends, and what was found.
   */
  readonly trailing?: { readonly dataSetEnd?: number; readonly note: string };
  /** Bytes read from disk (big values are skipped, never read). */
  readonly bytesRead: number;
}

export type HeaderResult = { readonly ok: true; readonly header: DicomHeader } | { readonly ok: false; readonly reason: string; readonly bytesRead: number };

export interface HeaderLimits extends WalkLimits {
  /** Bytes read before the identifying attributes are found. */
  readonly headerBytes: number;
  /** Bytes a deflated data set may inflate to (only its beginning is needed). */
  readonly inflatedBytes: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_HEADER_LIMITS: HeaderLimits = { headerBytes: 4 * MiB, inflatedBytes: 4 * MiB, maxElements: 2_000_000, maxDepth: 32 };

const IDENTITY = [TAG.sopClass, TAG.sopInstance, TAG.studyInstance, TAG.seriesInstance] as const;
const IDENTITY_NAMES: Record<number, string> = {
  [TAG.sopClass]: 'SOP Class UID (0008,0016)',
  [TAG.sopInstance]: 'SOP Instance UID (0008,0018)',
  [TAG.studyInstance]: 'Study Instance UID (0020,000D)',
  [TAG.seriesInstance]: 'Series Instance UID (0020,000E)',
};

/** Where the data set starts, how it is encoded, and whether a meta header must be written for it. */
interface Layout {
  readonly meta: FileMeta | undefined;
  readonly dataSetOffset: number;
  readonly syntax: Syntax;
  readonly transferSyntaxUid: string;
  /** Why the file has no usable meta header (one is written for it). */
  readonly metaMissing?: string;
}

/**
 * Reads the structure of a DICOM file: the file meta header (or its absence), then every top-level
 * element of the data set, reading only element headers and the identifying UIDs and skipping
 * values, so a file of any size costs a few reads. Encapsulated pixel data is walked fragment by
 * fragment to its delimiter; what follows it (Data Set Trailing Padding) is accepted.
 * Reads block (a few short reads per file): call it from the scan's worker thread, as checkFile is.
 */
export async function readDicomHeader(path: string, size: number, limits: HeaderLimits = DEFAULT_HEADER_LIMITS): Promise<HeaderResult> {
  if (size === 0) return { ok: false, reason: 'empty file (0 bytes)', bytesRead: 0 };
  // Blocking calls: this runs in the scan's worker thread (see blockingReader).
  const fd = openSync(path, 'r');
  const handle = blockingReader(fd);
  const file = new FileSource(handle, size, limits.headerBytes);
  try {
    const walker = new ElementWalker(file, limits);
    const layout = await locateDataSet(file, walker);
    if (typeof layout === 'string') return { ok: false, reason: layout, bytesRead: file.bytesRead };
    let source: ByteSource = file;
    let dataSetWalker = walker;
    let start = layout.dataSetOffset;
    let compressedRead = 0;
    if (isDeflated(layout.transferSyntaxUid)) {
      const inflated = await inflatePrefix(handle, layout.dataSetOffset, size, limits.inflatedBytes);
      compressedRead = inflated.compressedRead;
      if (inflated.error) return { ok: false, reason: `truncated or malformed: the deflated data set cannot be inflated (${inflated.error})`, bytesRead: file.bytesRead + compressedRead };
      source = new BufferSource(inflated.bytes, inflated.complete);
      dataSetWalker = new ElementWalker(source, limits);
      start = 0;
    }
    const walk = await walkDataSet(dataSetWalker, start, layout.syntax, () => (file.readLimit = Number.POSITIVE_INFINITY));
    const read = (tag: number) => walk.found.get(tag) || undefined;
    const missing = IDENTITY.filter((tag) => !walk.found.get(tag));
    if (missing.length > 0 && !source.complete) {
      return { ok: false, reason: `the first ${limits.inflatedBytes / MiB} MiB of the inflated data set hold no ${missing.map((t) => IDENTITY_NAMES[t]).join(', ')}; inflation stops there (the limit against deflate bombs)`, bytesRead: file.bytesRead + compressedRead };
    }
    if (layout.metaMissing && walk.encapsulated) {
      return { ok: false, reason: `${layout.metaMissing}, and its pixel data is compressed (encapsulated), so its transfer syntax cannot be told: add a file meta header with the right Transfer Syntax UID (for example with dcmtk's dcmodify)`, bytesRead: file.bytesRead };
    }
    return {
      ok: true,
      header: {
        transferSyntaxUid: layout.transferSyntaxUid,
        mediaStorageSopClassUid: layout.meta?.mediaStorageSopClassUid,
        mediaStorageSopInstanceUid: layout.meta?.mediaStorageSopInstanceUid,
        sopClassUid: read(TAG.sopClass),
        sopInstanceUid: read(TAG.sopInstance),
        studyInstanceUid: read(TAG.studyInstance),
        seriesInstanceUid: read(TAG.seriesInstance),
        metaIssues: layout.meta?.issues ?? [],
        ...(layout.metaMissing ? { metaMissing: layout.metaMissing } : {}),
        dataSetOffset: layout.dataSetOffset,
        // Offsets in an inflated data set are not file offsets: there the bytes are only noted.
        ...(walk.trailing ? { trailing: source === file ? walk.trailing : { note: walk.trailing.note.replace(/: sent without them$/, ': sent as they are') } } : {}),
        bytesRead: file.bytesRead + compressedRead,
      },
    };
  } catch (error) {
    return { ok: false, reason: describeFailure(error, limits), bytesRead: file.bytesRead };
  } finally {
    file.release();
    closeSync(fd);
  }
}

async function locateDataSet(file: FileSource, walker: ElementWalker): Promise<Layout | string> {
  const marked = file.length >= PREAMBLE_END && (await file.bytes(MARKER_OFFSET, 4)).toString('latin1') === 'DICM';
  const meta = marked ? await readFileMeta(walker, PREAMBLE_END) : await readBareMeta(file, walker);
  const dataSetOffset = meta ? meta.end : marked ? PREAMBLE_END : 0;
  const declared = meta?.transferSyntaxUid;
  if (declared) return { meta, dataSetOffset, syntax: syntaxOf(declared), transferSyntaxUid: declared };
  const syntax = await detectSyntax(file, dataSetOffset);
  if (!syntax) {
    if (meta) return `missing file meta information: no Transfer Syntax UID (0002,0010), and the data set at byte ${dataSetOffset} does not start like one`;
    if (marked) return `not a DICOM file: the 'DICM' marker at byte 128 is followed by neither a file meta header nor a data set`;
    return "not a DICOM file: no 'DICM' marker at byte 128, and it does not start like a DICOM data set either";
  }
  const why = meta
    ? 'its file meta header has no Transfer Syntax UID (0002,0010)'
    : marked
      ? "it has no file meta header after the 'DICM' marker"
      : 'it is a bare data set, without preamble, DICM marker or file meta header';
  return { meta, dataSetOffset, syntax, transferSyntaxUid: uidOf(syntax), metaMissing: why };
}

/** A meta group at byte 0 without the preamble and marker, as some writers produce. */
async function readBareMeta(file: FileSource, walker: ElementWalker): Promise<FileMeta | undefined> {
  if (file.length < 8) return undefined;
  const b = await file.bytes(0, 8);
  if (b.readUInt16LE(0) !== 0x0002 || b.toString('latin1', 4, 6) !== 'UL') return undefined;
  const meta = await readFileMeta(walker, 0);
  return meta && { ...meta, issues: ["the file meta header has no 128-byte preamble and 'DICM' marker before it", ...meta.issues] };
}

interface Walk {
  readonly found: Map<number, string>;
  readonly trailing?: { readonly dataSetEnd: number; readonly note: string };
  readonly encapsulated: boolean;
}

/**
 * Every top-level element up to the end of the data: values are skipped except the identifying
 * UIDs. Once the pixel data is complete, bytes after the last complete element that are not an
 * element are noted (and left out of the send) rather than refused: the image is whole.
 */
async function walkDataSet(walker: ElementWalker, start: number, syntax: Syntax, identified: () => void): Promise<Walk> {
  const src = walker.source;
  const found = new Map<number, string>();
  let trailing: Walk['trailing'];
  let offset = start;
  let afterPixels = false;
  let encapsulated = false;
  let lastLength = 0;
  while (offset < src.length) {
    let next: number;
    try {
      if (offset + 8 > src.length && afterPixels) throw new DicomStructureError('too short for an element', offset, true);
      const h = await walker.header(offset, syntax);
      if (groupOf(h.tag) === 0x0002 && offset === start) throw new DicomStructureError(`a second file meta group ${formatTag(h.tag)} starts the data set at ${src.at(offset)}`, offset, false);
      if ((IDENTITY as readonly number[]).includes(h.tag) && h.length !== UNDEFINED_LENGTH) {
        found.set(h.tag, await readText(src, h));
        if (IDENTITY.every((tag) => found.has(tag))) identified();
      }
      if (h.tag === TAG.pixelData) encapsulated = h.length === UNDEFINED_LENGTH;
      next = await walker.skip(h, syntax, 0);
      if (h.tag === TAG.pixelData) afterPixels = true;
      lastLength = h.length;
    } catch (error) {
      if (!(error instanceof DicomStructureError)) throw error;
      if (error.endOfData && !src.complete) break;
      if (!afterPixels) throw error;
      const rest = src.length - offset;
      const padding = rest === 1 && lastLength % 2 === 1 ? ' (the padding byte of an odd-length last value, which its length does not count)' : ', not a DICOM element';
      trailing = { dataSetEnd: offset, note: `${rest} byte(s) after the last element, from ${src.at(offset)}${padding}: sent without them` };
      break;
    }
    offset = next;
  }
  return { found, encapsulated, ...(trailing ? { trailing } : {}) };
}

function describeFailure(error: unknown, limits: HeaderLimits): string {
  if (error instanceof ReadLimitReached) {
    return `no SOP Class, SOP Instance, Study and Series Instance UIDs in the first ${limits.headerBytes / MiB} MiB read; reading stops there (the limit against damaged or hostile files)`;
  }
  if (error instanceof DicomStructureError) return `${error.cutShort ? 'truncated' : error.endOfData ? 'truncated or malformed' : 'malformed'}: ${error.message}`;
  if (error instanceof RangeError) return `truncated: ${error.message}`;
  return `cannot read: ${(error as Error).message}`;
}
