/** How a data set is encoded: byte order and whether each element carries its VR. */
export interface Syntax {
  readonly little: boolean;
  readonly explicit: boolean;
}

export const EXPLICIT_LITTLE: Syntax = { little: true, explicit: true };
export const IMPLICIT_LITTLE: Syntax = { little: true, explicit: false };

/** Value length 0xFFFFFFFF: the value runs until a delimitation item. */
export const UNDEFINED_LENGTH = 0xffffffff;
export const ITEM = 0xfffee000;
export const ITEM_DELIMITATION = 0xfffee00d;
export const SEQUENCE_DELIMITATION = 0xfffee0dd;

/** Explicit VRs whose header has two reserved bytes and a 4-byte length (PS3.5 §7.1.2). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const VR_PATTERN = /^[A-Z]{2}$/;

export interface ElementHeader {
  /** (group << 16 | element) as an unsigned number. */
  readonly tag: number;
  /** The VR written in the file; for implicit VR: 'SQ' when the value is a sequence, else 'UN'. */
  readonly vr: string;
  readonly length: number;
  readonly headerLength: number;
}

/** Thrown when the buffer ends before the structure does; the caller reads more and tries again. */
export class NeedMoreBytes extends Error {
  constructor(readonly needed: number) {
    super(`need ${needed} bytes`);
  }
}

export function tagText(tag: number): string {
  const hex = tag.toString(16).toUpperCase().padStart(8, '0');
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}

function readTag(buf: Buffer, pos: number, little: boolean): number {
  const group = little ? buf.readUInt16LE(pos) : buf.readUInt16BE(pos);
  const element = little ? buf.readUInt16LE(pos + 2) : buf.readUInt16BE(pos + 2);
  return ((group << 16) | element) >>> 0;
}

/** Reads one element header at `pos`; throws NeedMoreBytes when it is cut off, Error when malformed. */
export function readElementHeader(buf: Buffer, pos: number, syntax: Syntax): ElementHeader {
  if (pos + 8 > buf.length) throw new NeedMoreBytes(pos + 8);
  const tag = readTag(buf, pos, syntax.little);
  const read32 = (at: number) => (syntax.little ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  // Items and delimiters never carry a VR.
  if (tag >>> 16 === 0xfffe || !syntax.explicit) {
    const length = read32(pos + 4);
    const vr = tag >>> 16 === 0xfffe ? '' : implicitVr(buf, pos + 8, length, syntax);
    return { tag, vr, length, headerLength: 8 };
  }
  const vr = buf.toString('latin1', pos + 4, pos + 6);
  if (!VR_PATTERN.test(vr)) throw new Error(`malformed element ${tagText(tag)} at byte ${pos}: '${vr}' is not a VR`);
  if (LONG_VRS.has(vr)) {
    if (pos + 12 > buf.length) throw new NeedMoreBytes(pos + 12);
    return { tag, vr, length: read32(pos + 8), headerLength: 12 };
  }
  const length = syntax.little ? buf.readUInt16LE(pos + 6) : buf.readUInt16BE(pos + 6);
  return { tag, vr, length, headerLength: 8 };
}

/**
 * Implicit VR has no VR on the wire: a value is a sequence when its length is undefined or it
 * starts with an Item tag (the same rule dicom-parser uses); anything else is kept as bytes.
 */
function implicitVr(buf: Buffer, valueStart: number, length: number, syntax: Syntax): string {
  if (length === UNDEFINED_LENGTH) return 'SQ';
  if (length >= 8 && valueStart + 4 <= buf.length && readTag(buf, valueStart, syntax.little) === ITEM) return 'SQ';
  return 'UN';
}

function tagBytes(tag: number, syntax: Syntax): Buffer {
  const b = Buffer.alloc(4);
  if (syntax.little) {
    b.writeUInt16LE(tag >>> 16, 0);
    b.writeUInt16LE(tag & 0xffff, 2);
  } else {
    b.writeUInt16BE(tag >>> 16, 0);
    b.writeUInt16BE(tag & 0xffff, 2);
  }
  return b;
}

/** An element header for a value of `length` bytes (UNDEFINED_LENGTH allowed for SQ). */
export function encodeHeader(tag: number, vr: string, length: number, syntax: Syntax): Buffer {
  const write32 = (b: Buffer, value: number, at: number) => (syntax.little ? b.writeUInt32LE(value, at) : b.writeUInt32BE(value, at));
  if (tag >>> 16 === 0xfffe || !syntax.explicit) {
    const b = Buffer.alloc(8);
    tagBytes(tag, syntax).copy(b, 0);
    write32(b, length, 4);
    return b;
  }
  if (LONG_VRS.has(vr)) {
    const b = Buffer.alloc(12);
    tagBytes(tag, syntax).copy(b, 0);
    b.write(vr, 4, 'latin1');
    write32(b, length, 8);
    return b;
  }
  if (length > 0xffff) throw new Error(`value of ${tagText(tag)} (${vr}) is ${length} bytes, more than its 16-bit length allows`);
  const b = Buffer.alloc(8);
  tagBytes(tag, syntax).copy(b, 0);
  b.write(vr, 4, 'latin1');
  if (syntax.little) b.writeUInt16LE(length, 6);
  else b.writeUInt16BE(length, 6);
  return b;
}

/** A text value padded to even length: UIDs with NUL, everything else with a space (PS3.5 §6.2). */
export function textValue(text: string, vr: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length % 2 === 0) return bytes;
  return Buffer.concat([bytes, Buffer.from(vr === 'UI' ? [0] : [0x20])]);
}

export function encodeText(tag: number, vr: string, text: string, syntax: Syntax): Buffer[] {
  const value = textValue(text, vr);
  return [encodeHeader(tag, vr, value.length, syntax), value];
}

/** A defined-length sequence of already encoded items (each item: the concatenated elements). */
export function encodeSequence(tag: number, items: readonly Buffer[][], syntax: Syntax): Buffer[] {
  const out: Buffer[] = [];
  let total = 0;
  for (const item of items) {
    const length = item.reduce((sum, b) => sum + b.length, 0);
    out.push(encodeHeader(ITEM, '', length, syntax), ...item);
    total += 8 + length;
  }
  return [encodeHeader(tag, 'SQ', total, syntax), ...out];
}

/** The text of a string value without padding (trailing spaces and NULs). */
export function decodeText(value: Buffer): string {
  return value.toString('utf8').replace(/[\0 ]+$/, '');
}
