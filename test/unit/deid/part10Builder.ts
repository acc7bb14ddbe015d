import { deflateRawSync } from 'node:zlib';
import { encodeHeader, encodeSequence, EXPLICIT_LITTLE, IMPLICIT_LITTLE, textValue, type Syntax } from '../../../src/core/deid/elementCodec';
import { data } from 'dcmjs';

/** One element of a hand-built data set: bytes, text, or (for SQ) items of elements. */
export interface El {
  readonly tag: number;
  readonly vr: string;
  readonly value: Buffer | string | El[][];
}

export const SYNTAXES: Readonly<Record<string, { uid: string; syntax: Syntax }>> = {
  'explicit little': { uid: '1.2.840.10008.1.2.1', syntax: EXPLICIT_LITTLE },
  'implicit little': { uid: '1.2.840.10008.1.2', syntax: IMPLICIT_LITTLE },
  'explicit big': { uid: '1.2.840.10008.1.2.2', syntax: { little: false, explicit: true } },
};

function encodeElements(elements: readonly El[], syntax: Syntax): Buffer[] {
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  return sorted.flatMap((e) => {
    if (Array.isArray(e.value)) return encodeSequence(e.tag, e.value.map((item) => encodeElements(item, syntax)), syntax);
    const value = typeof e.value === 'string' ? textValue(e.value, e.vr) : swapIfBig(e.value as Buffer, e.vr, syntax);
    return [encodeHeader(e.tag, e.vr, value.length, syntax), value];
  });
}

/** Binary test values are written little endian; big endian files get 16-bit words swapped. */
function swapIfBig(value: Buffer, vr: string, syntax: Syntax): Buffer {
  if (syntax.little || !['OW', 'US', 'SS'].includes(vr)) return value;
  return Buffer.from(value).swap16();
}

/** A Part 10 file (preamble, meta, data set) in the given transfer syntax; deflated when asked. */
export function part10(elements: readonly El[], ts: string, options: { deflate?: boolean; trailing?: Buffer } = {}): Buffer {
  const sopClass = elements.find((e) => e.tag === 0x00080016)?.value as string;
  const sopInstance = elements.find((e) => e.tag === 0x00080018)?.value as string;
  const syntax = options.deflate ? EXPLICIT_LITTLE : (Object.values(SYNTAXES).find((s) => s.uid === ts)?.syntax ?? EXPLICIT_LITTLE);
  const metaBody = Buffer.concat(
    encodeElements(
      [
        { tag: 0x00020001, vr: 'OB', value: Buffer.from([0, 1]) },
        { tag: 0x00020002, vr: 'UI', value: sopClass },
        { tag: 0x00020003, vr: 'UI', value: sopInstance },
        { tag: 0x00020010, vr: 'UI', value: ts },
        { tag: 0x00020016, vr: 'AE', value: 'SOURCE_AE_OF_HOSPITAL' },
      ],
      EXPLICIT_LITTLE,
    ),
  );
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(metaBody.length);
  const preamble = Buffer.alloc(132);
  preamble.write('DICM', 128, 'latin1');
  let body = Buffer.concat([...encodeElements(elements, syntax), options.trailing ?? Buffer.alloc(0)]);
  if (options.deflate) body = deflateRawSync(body);
  return Buffer.concat([preamble, encodeHeader(0x00020000, 'UL', 4, EXPLICIT_LITTLE), groupLength, metaBody, body]);
}

export interface ParsedElement {
  readonly vr: string;
  readonly Value?: unknown[];
}

/** Parses with dcmjs (an independent reader): the data set keyed by 8-hex-digit tag, and the meta. */
export function parseWithDcmjs(bytes: Buffer): { dict: Record<string, ParsedElement>; meta: Record<string, ParsedElement> } {
  const message = (data as unknown as { DicomMessage: { readFile(b: ArrayBuffer, o?: object): { dict: Record<string, ParsedElement>; meta: Record<string, ParsedElement> } } }).DicomMessage.readFile(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer,
    { ignoreErrors: false },
  );
  return { dict: message.dict, meta: message.meta };
}

export function hexTag(tag: number): string {
  return tag.toString(16).toUpperCase().padStart(8, '0');
}
