import { decodeText, NeedMoreBytes, readElementHeader, UNDEFINED_LENGTH, type ElementHeader, type Syntax } from './elementCodec';
import { skipDelimited } from './rewriteDataSet';

export interface TopLevelScan {
  /** Text values of the wanted top-level attributes (without padding). */
  readonly values: ReadonlyMap<number, string>;
  /** Offset of the pixel data element's header, when the data set has one. */
  readonly pixelAt?: number;
  readonly pixelHeader?: ElementHeader;
}

const PIXEL_TAGS = new Set([0x7fe00008, 0x7fe00009, 0x7fe00010]);

/** Reads the wanted top-level text attributes without rewriting, up to the pixel data. */
export function scanTopLevel(buf: Buffer, pos: number, syntax: Syntax, wanted: ReadonlySet<number>): TopLevelScan {
  const values = new Map<number, string>();
  let p = pos;
  while (p < buf.length) {
    const h = readElementHeader(buf, p, syntax);
    if (PIXEL_TAGS.has(h.tag)) return { values, pixelAt: p, pixelHeader: h };
    const valueStart = p + h.headerLength;
    if (h.length === UNDEFINED_LENGTH) {
      p = skipDelimited(buf, valueStart, syntax);
      continue;
    }
    const valueEnd = valueStart + h.length;
    if (valueEnd > buf.length) throw new NeedMoreBytes(valueEnd);
    if (wanted.has(h.tag) && h.vr !== 'SQ') values.set(h.tag, decodeText(buf.subarray(valueStart, valueEnd)));
    p = valueEnd;
  }
  return { values };
}
