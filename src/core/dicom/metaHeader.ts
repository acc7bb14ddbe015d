import { MAX_VALUE_READ, type ByteSource } from './byteSource';
import { EXPLICIT_LITTLE, groupOf, TAG } from './dicomEncoding';
import type { ElementHeader, ElementWalker } from './elementWalker';

/** Where the PS3.10 'DICM' marker sits, after the 128-byte preamble. */
export const MARKER_OFFSET = 128;
export const PREAMBLE_END = 132;

/** The File Meta Information (group 0002) as found in a file. */
export interface FileMeta {
  /** Where the data set starts (the first element after group 0002). */
  readonly end: number;
  readonly transferSyntaxUid: string | undefined;
  readonly mediaStorageSopClassUid: string | undefined;
  readonly mediaStorageSopInstanceUid: string | undefined;
  readonly implementationClassUid: string | undefined;
  /** Inconsistencies servers tolerate: warnings in the tolerant policy, refusals in the strict one. */
  readonly issues: string[];
}

/** A short string value (UI, SH, UL...), trailing NUL and space padding removed. */
export async function readText(src: ByteSource, h: ElementHeader): Promise<string> {
  const count = Math.min(h.length, MAX_VALUE_READ, src.length - h.valueOffset);
  if (count <= 0) return '';
  return (await src.bytes(h.valueOffset, count)).toString('latin1').replace(/[\0 ]+$/, '').trim();
}

/**
 * Reads group 0002 from `start` (always explicit VR little endian, PS3.10 §7.1), by walking its
 * elements rather than trusting the group length, which is then checked. Undefined when the data
 * set starts right after the marker.
 */
export async function readFileMeta(walker: ElementWalker, start: number): Promise<FileMeta | undefined> {
  const src = walker.source;
  let offset = start;
  const values = new Map<number, string>();
  let groupLength: { value: number; after: number } | undefined;
  while (offset + 8 <= src.length) {
    const peek = await src.bytes(offset, 2);
    if (peek.readUInt16LE(0) !== 0x0002) break;
    const h = await walker.header(offset, EXPLICIT_LITTLE);
    if (groupOf(h.tag) !== 0x0002) break;
    const end = walker.end(h);
    if (h.tag === TAG.groupLength && h.length === 4) groupLength = { value: (await src.bytes(h.valueOffset, 4)).readUInt32LE(0), after: end };
    else if (h.length <= MAX_VALUE_READ) values.set(h.tag, await readText(src, h));
    offset = end;
  }
  if (offset === start) return undefined;
  const issues: string[] = [];
  if (groupLength && groupLength.after + groupLength.value !== offset) {
    issues.push(`the File Meta Information Group Length (0002,0000) says ${groupLength.value} bytes, but the meta header holds ${offset - groupLength.after}`);
  }
  const text = (tag: number) => (values.get(tag) ? values.get(tag) : undefined);
  if (!text(TAG.implementationClass)) issues.push('the file meta header has no Implementation Class UID (0002,0012)');
  return {
    end: offset,
    transferSyntaxUid: text(TAG.transferSyntax),
    mediaStorageSopClassUid: text(TAG.mediaStorageSopClass),
    mediaStorageSopInstanceUid: text(TAG.mediaStorageSopInstance),
    implementationClassUid: text(TAG.implementationClass),
    issues,
  };
}

/** Imaging Lab's Implementation Class UID (a 2.25 UUID-derived root, PS3.5 §B.2) and version name. */
export const IMPLEMENTATION_CLASS_UID = '2.25.140760311180272041248004781656979988645';
export const IMPLEMENTATION_VERSION_NAME = 'IMAGING_LAB';

function element(tag: number, vr: string, value: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16LE(tag >>> 16, 0);
  header.writeUInt16LE(tag & 0xffff, 2);
  header.write(vr, 4, 'latin1');
  if (vr === 'OB') {
    const long = Buffer.alloc(12);
    header.copy(long, 0, 0, 6);
    long.writeUInt32LE(value.length, 8);
    return Buffer.concat([long, value]);
  }
  header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

/** Values have even length (PS3.5 §7.1.1): UIDs padded with NUL, other strings with a space. */
function padded(text: string, pad: '\0' | ' '): Buffer {
  return Buffer.from(text.length % 2 ? `${text}${pad}` : text, 'latin1');
}

/** Preamble, 'DICM' and a File Meta Information group for a data set that has none (or an unusable one). */
export function writeFileMeta(fields: { sopClassUid: string; sopInstanceUid: string; transferSyntaxUid: string }): Buffer {
  const body = Buffer.concat([
    element(0x00020001, 'OB', Buffer.from([0, 1])),
    element(TAG.mediaStorageSopClass, 'UI', padded(fields.sopClassUid, '\0')),
    element(TAG.mediaStorageSopInstance, 'UI', padded(fields.sopInstanceUid, '\0')),
    element(TAG.transferSyntax, 'UI', padded(fields.transferSyntaxUid, '\0')),
    element(TAG.implementationClass, 'UI', padded(IMPLEMENTATION_CLASS_UID, '\0')),
    element(0x00020013, 'SH', padded(IMPLEMENTATION_VERSION_NAME, ' ')),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length, 0);
  return Buffer.concat([Buffer.alloc(MARKER_OFFSET), Buffer.from('DICM', 'latin1'), element(TAG.groupLength, 'UL', length), body]);
}
