import type { ByteSource } from './byteSource';
import { formatTag, hasLongLength, IMPLICIT_LITTLE, isKnownVr, TAG, UNDEFINED_LENGTH, type Syntax } from './dicomEncoding';

export interface ElementHeader {
  readonly tag: number;
  /** Explicit VR, or undefined (implicit VR, items and delimiters). */
  readonly vr: string | undefined;
  /** Value length; UNDEFINED_LENGTH when delimited. */
  readonly length: number;
  /** Where the element header starts. */
  readonly offset: number;
  readonly valueOffset: number;
}

/**
 * Why a file's structure cannot be read, said the way a person can check it: what, at which byte,
 * and where the file ends. `endOfData` marks an element that runs past the available bytes.
 */
export class DicomStructureError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly endOfData: boolean,
    /** The data certainly stops early (rather than a length that may be damaged). */
    readonly cutShort = false,
  ) {
    super(message);
  }
}

export interface WalkLimits {
  /** Elements, items and fragments visited per file (a hostile file of millions of tiny elements). */
  readonly maxElements: number;
  /** Sequence nesting. */
  readonly maxDepth: number;
}

/** Reads element headers and skips values, walking only what is delimited rather than sized. */
export class ElementWalker {
  elements = 0;

  constructor(
    readonly source: ByteSource,
    private readonly limits: WalkLimits,
  ) {}

  async header(offset: number, syntax: Syntax): Promise<ElementHeader> {
    const src = this.source;
    this.count(offset);
    if (offset + 8 > src.length) throw this.endsInside(offset, 'an element header');
    const b = await src.bytes(offset, 8);
    const u16 = (at: number) => (syntax.little ? b.readUInt16LE(at) : b.readUInt16BE(at));
    const u32 = (buf: Buffer, at: number) => (syntax.little ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
    const tag = ((u16(0) << 16) | u16(2)) >>> 0;
    if (tag >>> 16 === 0xfffe || !syntax.explicit) return { tag, vr: undefined, length: u32(b, 4), offset, valueOffset: offset + 8 };
    const vr = b.toString('latin1', 4, 6);
    if (!isKnownVr(vr)) {
      const shown = /^[\x20-\x7e]{2}$/.test(vr) ? `'${vr}'` : `0x${b.subarray(4, 6).toString('hex')}`;
      throw new DicomStructureError(`the element ${formatTag(tag)} at ${src.at(offset)} has no valid VR (found ${shown})`, offset, false);
    }
    if (!hasLongLength(vr)) return { tag, vr, length: u16(6), offset, valueOffset: offset + 8 };
    if (offset + 12 > src.length) throw this.endsInside(offset, 'an element header');
    const long = await src.bytes(offset, 12);
    return { tag, vr, length: u32(long, 8), offset, valueOffset: offset + 12 };
  }

  /** An item or delimiter header (tag and 32-bit length, never a VR), whatever the tag turns out to be. */
  async itemHeader(offset: number, syntax: Syntax): Promise<ElementHeader> {
    this.count(offset);
    if (offset + 8 > this.source.length) throw this.endsInside(offset, 'an item header');
    const b = await this.source.bytes(offset, 8);
    const u16 = (at: number) => (syntax.little ? b.readUInt16LE(at) : b.readUInt16BE(at));
    return { tag: ((u16(0) << 16) | u16(2)) >>> 0, vr: undefined, length: syntax.little ? b.readUInt32LE(4) : b.readUInt32BE(4), offset, valueOffset: offset + 8 };
  }

  private count(offset: number): void {
    if (++this.elements > this.limits.maxElements) {
      throw new DicomStructureError(`more than ${this.limits.maxElements.toLocaleString('en-US')} elements: too many to check (a damaged or hostile file)`, offset, false);
    }
  }

  /**
   * The offset after an element, checking that its value fits. Sequences are walked item by item
   * (a sized one too, so bytes that are not items are found here rather than by the server); other
   * values are skipped unread.
   */
  async skip(h: ElementHeader, syntax: Syntax, depth: number): Promise<number> {
    if (h.length !== UNDEFINED_LENGTH) {
      const end = this.end(h);
      if (h.vr === 'SQ') return this.sequence(h, syntax, depth + 1);
      if (h.vr === undefined && h.tag >>> 16 !== 0xfffe && (await this.startsWithItem(h, syntax))) return this.implicitSequence(h, syntax, depth);
      return end;
    }
    if (h.tag === TAG.pixelData) return (await this.fragments(h, syntax)).end;
    // UN with undefined length holds implicit VR little endian content (PS3.5 §6.2.2).
    if (h.vr === 'SQ' || h.vr === undefined) return this.sequence(h, syntax, depth + 1);
    if (h.vr === 'UN') return this.sequence(h, IMPLICIT_LITTLE, depth + 1);
    throw new DicomStructureError(`the element ${formatTag(h.tag)} (${h.vr}) at ${this.source.at(h.offset)} has an undefined length, which only sequences and pixel data may have`, h.offset, false);
  }

  /** End of a sized value, refusing one that claims more bytes than there are. */
  end(h: ElementHeader): number {
    const end = h.valueOffset + h.length;
    if (end > this.source.length) {
      throw new DicomStructureError(
        `the element ${formatTag(h.tag)} at ${this.source.at(h.offset)} claims ${h.length} bytes, but the ${this.source.complete ? 'file' : 'readable data'} ends at ${this.source.at(this.source.length)}`,
        h.offset,
        true,
      );
    }
    return end;
  }

  /** Encapsulated pixel data (PS3.5 §A.4): items, the first the Basic Offset Table, up to a Sequence Delimitation Item. */
  async fragments(h: ElementHeader, syntax: Syntax): Promise<{ end: number; fragments: number }> {
    let offset = h.valueOffset;
    let fragments = 0;
    for (;;) {
      if (offset + 8 > this.source.length) {
        throw new DicomStructureError(
          `the encapsulated pixel data at ${this.source.at(h.offset)} has no Sequence Delimitation Item: the file ends at ${this.source.at(this.source.length)} after ${fragments} fragment(s)`,
          offset,
          true,
          true,
        );
      }
      const item = await this.itemHeader(offset, syntax);
      if (item.tag === TAG.sequenceDelimiter) return { end: item.valueOffset, fragments };
      if (item.tag !== TAG.item || item.length === UNDEFINED_LENGTH) {
        throw new DicomStructureError(`the encapsulated pixel data at ${this.source.at(h.offset)} holds ${formatTag(item.tag)} at ${this.source.at(offset)} where a fragment item (FFFE,E000) must be`, offset, false);
      }
      offset = this.end(item);
      fragments++;
    }
  }

  /** A sequence's items, sized or delimited, up to its end. */
  async sequence(h: ElementHeader, syntax: Syntax, depth: number): Promise<number> {
    if (depth > this.limits.maxDepth) throw new DicomStructureError(`sequences nested more than ${this.limits.maxDepth} deep at ${this.source.at(h.offset)}`, h.offset, false);
    const bounded = h.length !== UNDEFINED_LENGTH;
    const end = bounded ? this.end(h) : Number.POSITIVE_INFINITY;
    let offset = h.valueOffset;
    while (offset < end) {
      if (!bounded && offset + 8 > this.source.length) throw this.notClosed('sequence', h);
      const item = await this.itemHeader(offset, syntax);
      if (!bounded && item.tag === TAG.sequenceDelimiter) return item.valueOffset;
      if (item.tag !== TAG.item) {
        throw new DicomStructureError(`the sequence ${formatTag(h.tag)} at ${this.source.at(h.offset)} holds ${formatTag(item.tag)} at ${this.source.at(offset)} where an item (FFFE,E000) must be`, offset, false);
      }
      offset = item.length === UNDEFINED_LENGTH ? await this.delimitedItem(item, syntax, depth) : await this.sizedItem(item, syntax, depth);
    }
    if (offset > end) throw new DicomStructureError(`the items of the sequence ${formatTag(h.tag)} at ${this.source.at(h.offset)} run past its length`, h.offset, false);
    return offset;
  }

  /** An item of known length: its elements must end exactly where it does. */
  private async sizedItem(item: ElementHeader, syntax: Syntax, depth: number): Promise<number> {
    const end = this.end(item);
    let offset = item.valueOffset;
    while (offset < end) offset = await this.skip(await this.header(offset, syntax), syntax, depth);
    if (offset > end) throw new DicomStructureError(`the elements of the item at ${this.source.at(item.offset)} run past its length`, item.offset, false);
    return end;
  }

  /** Implicit VR says nothing about a sized value; one that starts with an item tag is read as a sequence. */
  private async startsWithItem(h: ElementHeader, syntax: Syntax): Promise<boolean> {
    if (h.length < 8) return false;
    const b = await this.source.bytes(h.valueOffset, 4);
    const group = syntax.little ? b.readUInt16LE(0) : b.readUInt16BE(0);
    const element = syntax.little ? b.readUInt16LE(2) : b.readUInt16BE(2);
    return group === 0xfffe && element === 0xe000;
  }

  /** Without a dictionary this is a guess: when the walk fails, the value is left unread, as a server would parse it by its own dictionary. */
  private async implicitSequence(h: ElementHeader, syntax: Syntax, depth: number): Promise<number> {
    const counted = this.elements;
    try {
      return await this.sequence(h, syntax, depth + 1);
    } catch (error) {
      if (!(error instanceof DicomStructureError)) throw error;
      this.elements = counted;
      return this.end(h);
    }
  }

  private async delimitedItem(item: ElementHeader, syntax: Syntax, depth: number): Promise<number> {
    let offset = item.valueOffset;
    for (;;) {
      if (offset + 8 > this.source.length) throw this.notClosed('item', item);
      const h = await this.header(offset, syntax);
      if (h.tag === TAG.itemDelimiter) return h.valueOffset;
      offset = await this.skip(h, syntax, depth);
    }
  }

  private notClosed(what: 'sequence' | 'item', h: ElementHeader): DicomStructureError {
    const name = what === 'item' ? 'an item' : `the sequence ${formatTag(h.tag)}`;
    return new DicomStructureError(`${name} at ${this.source.at(h.offset)} is not closed: the ${this.source.complete ? 'file' : 'readable data'} ends at ${this.source.at(this.source.length)}`, h.offset, true, true);
  }

  private endsInside(offset: number, what: string): DicomStructureError {
    return new DicomStructureError(`the ${this.source.complete ? 'file' : 'readable data'} ends at ${this.source.at(this.source.length)}, inside ${what} that starts at ${this.source.at(offset)}`, offset, true, true);
  }
}
