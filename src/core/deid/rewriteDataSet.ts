import { actionFor, type DeidOptions } from './profileActions';
import { dummyText, isTextVr } from './dummyValues';
import {
  decodeText,
  encodeHeader,
  encodeSequence,
  encodeText,
  ITEM,
  ITEM_DELIMITATION,
  NeedMoreBytes,
  readElementHeader,
  SEQUENCE_DELIMITATION,
  tagText,
  UNDEFINED_LENGTH,
  type ElementHeader,
  type Syntax,
} from './elementCodec';

export interface RewriteContext {
  readonly options: DeidOptions;
  /** Replacement for one UID (consistent within the project). */
  readonly uid: (original: string) => string;
  /** Replaces Patient's Name and Patient ID (the profile's Z, with a consistent pseudonym instead). */
  readonly pseudonym: string;
  /** This instance's identifying values, masked out of descriptions under the Clean Descriptors Option. */
  readonly identityValues: readonly string[];
}

/** Elements that the caller inserts at the top level (and that replace any the file has). */
export interface Addition {
  readonly tag: number;
  readonly chunks: readonly Buffer[];
}

export interface RewriteResult {
  readonly chunks: Buffer[];
  /** Where parsing stopped: the end of the range, after an item delimiter, or at the pixel data. */
  readonly end: number;
  /** Set when the top level reached (7FE0,0008/0009/0010): its header starts at `end`. */
  readonly pixelData?: ElementHeader;
}

const PATIENT_NAME = 0x00100010;
const PATIENT_ID = 0x00100020;
const PIXEL_TAGS = new Set([0x7fe00008, 0x7fe00009, 0x7fe00010]);

interface Walk {
  readonly buf: Buffer;
  readonly syntax: Syntax;
  readonly ctx: RewriteContext;
}

/**
 * Rewrites the elements from `pos` up to `end` (or an Item Delimitation when `end` is Infinity)
 * following the profile. At the top level it stops before the pixel data and merges `additions`
 * in tag order. Throws NeedMoreBytes when the buffer ends inside the structure.
 */
export function rewriteElements(
  walk: Walk,
  pos: number,
  end: number,
  options: { topLevel: boolean; additions?: readonly Addition[] },
): RewriteResult {
  const { buf, syntax } = walk;
  const chunks: Buffer[] = [];
  const pending = [...(options.additions ?? [])].sort((a, b) => a.tag - b.tag);
  const replaced = new Set(pending.map((a) => a.tag));
  const flushBefore = (tag: number) => {
    while (pending.length > 0 && (pending[0] as Addition).tag <= tag) chunks.push(...(pending.shift() as Addition).chunks);
  };
  while (pos < end) {
    const h = readElementHeader(buf, pos, syntax);
    if (h.tag === ITEM_DELIMITATION) {
      flushBefore(0xffffffff);
      return { chunks, end: pos + 8 };
    }
    if (options.topLevel && PIXEL_TAGS.has(h.tag)) {
      flushBefore(0xffffffff);
      return { chunks, end: pos, pixelData: h };
    }
    if (h.tag === ITEM || h.tag === SEQUENCE_DELIMITATION) throw new Error(`malformed data set: ${tagText(h.tag)} outside a sequence at byte ${pos}`);
    flushBefore(h.tag - 1);
    const next = rewriteOne(walk, pos, h, replaced.has(h.tag), chunks);
    pos = next;
  }
  flushBefore(0xffffffff);
  return { chunks, end: pos };
}

/** Rewrites one element into `out`; returns the position after it. */
function rewriteOne(walk: Walk, pos: number, h: ElementHeader, replacedByAddition: boolean, out: Buffer[]): number {
  const { buf, syntax, ctx } = walk;
  const valueStart = pos + h.headerLength;
  const isSequence = h.vr === 'SQ';
  if (isSequence) {
    const action = actionFor(h.tag, true, ctx.options);
    const drop = replacedByAddition || action?.kind === 'remove';
    const { items, end } = rewriteItems(walk, valueStart, h.length, drop);
    if (drop) return end;
    if (action?.kind === 'empty') out.push(encodeHeader(h.tag, 'SQ', 0, syntax));
    else out.push(...encodeSequence(h.tag, items, syntax));
    return end;
  }
  if (h.length === UNDEFINED_LENGTH) {
    // Encapsulated data (or UN of undefined length, whose content is implicit VR) that is not the
    // top-level pixel data: an icon or other embedded image. Unknown content: removed.
    return skipDelimited(buf, valueStart, syntax);
  }
  const valueEnd = valueStart + h.length;
  if (valueEnd > buf.length) throw new NeedMoreBytes(valueEnd);
  const element = h.tag & 0xffff;
  // Group lengths are retired and would be wrong after rewriting; the meta group is rebuilt elsewhere.
  if (element === 0 || replacedByAddition) return valueEnd;
  if (h.tag === PATIENT_NAME || h.tag === PATIENT_ID) {
    out.push(...encodeText(h.tag, syntax.explicit ? h.vr : h.tag === PATIENT_NAME ? 'PN' : 'LO', ctx.pseudonym, syntax));
    return valueEnd;
  }
  const action = actionFor(h.tag, false, ctx.options);
  const vr = syntax.explicit ? h.vr : (action?.vr ?? 'UN');
  switch (action?.kind) {
    case undefined:
    case 'keep':
      out.push(buf.subarray(pos, valueEnd));
      break;
    case 'remove':
      break;
    case 'empty':
      out.push(encodeHeader(h.tag, vr, 0, syntax));
      break;
    case 'dummy':
      // Binary values (e.g. Flow Identifier, OB) become zeros of the same length.
      if (isTextVr(vr)) out.push(...encodeText(h.tag, vr, dummyText(vr), syntax));
      else out.push(encodeHeader(h.tag, vr, h.length, syntax), Buffer.alloc(h.length));
      break;
    case 'uid': {
      const originals = decodeText(buf.subarray(valueStart, valueEnd)).split('\\');
      const replaced = originals.map((u) => (u.trim() === '' ? '' : ctx.uid(u.trim())));
      out.push(...encodeText(h.tag, syntax.explicit ? h.vr : 'UI', replaced.join('\\'), syntax));
      break;
    }
    case 'clean': {
      const text = decodeText(buf.subarray(valueStart, valueEnd));
      out.push(...encodeText(h.tag, vr, cleanText(text, ctx.identityValues), syntax));
      break;
    }
  }
  return valueEnd;
}

/** Rewrites the items of a sequence whose value starts at `valueStart`. */
function rewriteItems(walk: Walk, valueStart: number, length: number, skipOnly: boolean): { items: Buffer[][]; end: number } {
  const { buf, syntax } = walk;
  const items: Buffer[][] = [];
  const limit = length === UNDEFINED_LENGTH ? Number.POSITIVE_INFINITY : valueStart + length;
  if (skipOnly) return { items, end: length === UNDEFINED_LENGTH ? skipDelimited(buf, valueStart, syntax) : checkedEnd(buf, limit) };
  let p = valueStart;
  while (p < limit) {
    const item = readElementHeader(buf, p, syntax);
    if (item.tag === SEQUENCE_DELIMITATION) return { items, end: p + 8 };
    if (item.tag !== ITEM) throw new Error(`malformed sequence: ${tagText(item.tag)} where an item was expected at byte ${p}`);
    const start = p + 8;
    const bound = item.length === UNDEFINED_LENGTH ? Number.POSITIVE_INFINITY : start + item.length;
    if (bound !== Number.POSITIVE_INFINITY) checkedEnd(buf, bound);
    const inner = rewriteElements(walk, start, bound, { topLevel: false });
    items.push(inner.chunks);
    p = bound === Number.POSITIVE_INFINITY ? inner.end : bound;
  }
  if (limit !== Number.POSITIVE_INFINITY && p !== limit) throw new Error(`malformed sequence: items overrun its length at byte ${p}`);
  return { items, end: p };
}

function checkedEnd(buf: Buffer, end: number): number {
  if (end > buf.length) throw new NeedMoreBytes(end);
  return end;
}

/** The position after a value of undefined length (items, nested sequences) and its Sequence Delimitation. */
export function skipDelimited(buf: Buffer, pos: number, syntax: Syntax): number {
  let p = pos;
  for (;;) {
    const h = readElementHeader(buf, p, syntax);
    if (h.tag === SEQUENCE_DELIMITATION) return p + 8;
    if (h.tag !== ITEM) throw new Error(`malformed encapsulated value: ${tagText(h.tag)} at byte ${p}`);
    p += 8;
    if (h.length !== UNDEFINED_LENGTH) {
      p = checkedEnd(buf, p + h.length);
      continue;
    }
    // An item of undefined length holds elements up to an Item Delimitation.
    for (;;) {
      const e = readElementHeader(buf, p, syntax);
      if (e.tag === ITEM_DELIMITATION) {
        p += 8;
        break;
      }
      p += e.headerLength;
      p = e.length === UNDEFINED_LENGTH ? skipDelimited(buf, p, syntax) : checkedEnd(buf, p + e.length);
    }
  }
}

/** Masks every occurrence of the instance's identifying values (and date-like digit runs). */
export function cleanText(text: string, identityValues: readonly string[]): string {
  let cleaned = text;
  for (const value of identityValues) {
    if (value.length < 3) continue;
    cleaned = cleaned.replace(new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '***');
  }
  return cleaned.replace(/\b(19|20)\d{6}\b/g, '***');
}
