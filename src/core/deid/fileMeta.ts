import { createHash } from 'node:crypto';
import { encodeHeader, encodeText, EXPLICIT_LITTLE, NeedMoreBytes, readElementHeader, decodeText } from './elementCodec';

/** Our implementation class UID: 2.25 + the first 128 bits of SHA-256 of a fixed label (PS3.5 §B.2). */
export const IMPLEMENTATION_CLASS_UID = `2.25.${BigInt(`0x${createHash('sha256').update('imaging-lab/implementation/1').digest('hex').slice(0, 32)}`).toString(10)}`;
export const IMPLEMENTATION_VERSION_NAME = 'IMAGING_LAB_1';

export interface FileMeta {
  readonly transferSyntaxUid: string;
  /** Where the data set starts (after the meta group). */
  readonly dataSetStart: number;
}

/** Parses the File Meta Information group (always explicit VR little endian) after 'DICM'. */
export function parseFileMeta(buf: Buffer): FileMeta {
  if (buf.length < 132) throw new NeedMoreBytes(132);
  if (buf.toString('latin1', 128, 132) !== 'DICM') throw new Error("not a DICOM Part 10 file: no 'DICM' marker at byte 128");
  let p = 132;
  let transferSyntaxUid: string | undefined;
  for (;;) {
    if (p + 2 > buf.length) throw new NeedMoreBytes(p + 2);
    if (buf.readUInt16LE(p) !== 0x0002) break;
    const h = readElementHeader(buf, p, EXPLICIT_LITTLE);
    const end = p + h.headerLength + h.length;
    if (end > buf.length) throw new NeedMoreBytes(end);
    if (h.tag === 0x00020010) transferSyntaxUid = decodeText(buf.subarray(p + h.headerLength, end));
    p = end;
  }
  if (!transferSyntaxUid) throw new Error('missing file meta information: no transfer syntax (0002,0010)');
  return { transferSyntaxUid, dataSetStart: p };
}

/** A new preamble, 'DICM' and meta group for the rewritten instance (the source's is not copied). */
export function buildFileMeta(sopClassUid: string, sopInstanceUid: string, transferSyntaxUid: string): Buffer {
  const s = EXPLICIT_LITTLE;
  const version = Buffer.from([0, 1]);
  const body = Buffer.concat([
    encodeHeader(0x00020001, 'OB', 2, s),
    version,
    ...encodeText(0x00020002, 'UI', sopClassUid, s),
    ...encodeText(0x00020003, 'UI', sopInstanceUid, s),
    ...encodeText(0x00020010, 'UI', transferSyntaxUid, s),
    ...encodeText(0x00020012, 'UI', IMPLEMENTATION_CLASS_UID, s),
    ...encodeText(0x00020013, 'SH', IMPLEMENTATION_VERSION_NAME, s),
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(body.length, 0);
  const preamble = Buffer.alloc(132);
  preamble.write('DICM', 128, 'latin1');
  return Buffer.concat([preamble, encodeHeader(0x00020000, 'UL', 4, s), groupLength, body]);
}
