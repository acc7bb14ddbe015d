/**
 * A streaming multipart/related reader for the benchmark's STOW-RS sink: it finds every part by
 * its boundary (it does not trust the parts' Content-Length), checks each part's Content-Type and
 * declared length against what arrived, and reads the SOP Class and Instance UIDs from the part's
 * file meta header. Nothing but the first bytes of a part is kept, and the body bytes are never
 * copied: a delimiter cut between two chunks is found by looking at the seam only.
 */
export interface SinkPart {
  readonly length: number;
  readonly sopClassUid: string | undefined;
  readonly sopInstanceUid: string | undefined;
  /** Why the part is refused, if it is. */
  readonly problem: string | undefined;
}

const HEAD_BYTES = 4096;
const MAX_HEADER_BYTES = 8192;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

type State = 'preamble' | 'delimiter' | 'headers' | 'body' | 'done';

export class MultipartSink {
  readonly parts: SinkPart[] = [];
  private readonly delimiter: Buffer;
  private state: State = 'preamble';
  /** Bytes not consumed yet: a header being read, or the end of a chunk that may begin a delimiter. */
  private pending: Buffer = CRLF; // the body's first boundary has no CRLF before it
  private headers = '';
  private length = 0;
  private head: Buffer[] = [];
  private headLength = 0;

  constructor(boundary: string) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  }

  get complete(): boolean {
    return this.state === 'done';
  }

  push(chunk: Buffer): void {
    let data = chunk;
    while (data.length > 0 && this.state !== 'done') {
      if (this.state === 'body') {
        data = this.body(data);
        continue;
      }
      this.pending = this.pending.length > 0 ? Buffer.concat([this.pending, data]) : data;
      data = this.framing();
    }
  }

  /** Preamble, delimiter suffix and part headers: small, so they are read from `pending`. */
  private framing(): Buffer {
    const pending = this.pending;
    if (this.state === 'preamble') {
      const at = pending.indexOf(this.delimiter);
      if (at < 0) {
        this.pending = pending.subarray(Math.max(0, pending.length - this.delimiter.length + 1));
        return Buffer.alloc(0);
      }
      this.state = 'delimiter';
      return this.rest(pending, at + this.delimiter.length);
    }
    if (this.state === 'delimiter') {
      if (pending.length < 2) return Buffer.alloc(0);
      const after = pending.toString('latin1', 0, 2);
      if (after === '--') {
        this.state = 'done';
        this.pending = Buffer.alloc(0);
        return Buffer.alloc(0);
      }
      if (after !== '\r\n') throw new Error('a boundary is followed by neither CRLF nor "--"');
      this.state = 'headers';
      return this.rest(pending, 2);
    }
    // headers: none at all is a bare CRLF
    const end = pending.subarray(0, 2).equals(CRLF) ? -2 : pending.indexOf(HEADER_END);
    if (end === -1) {
      if (pending.length > MAX_HEADER_BYTES) throw new Error('part headers longer than 8 KiB');
      return Buffer.alloc(0);
    }
    this.headers = end < 0 ? '' : pending.toString('latin1', 0, end);
    this.state = 'body';
    return this.rest(pending, end < 0 ? 2 : end + 4);
  }

  private rest(pending: Buffer, from: number): Buffer {
    this.pending = Buffer.alloc(0);
    return pending.subarray(from);
  }

  /** Body bytes up to the next delimiter; returns what follows the delimiter, if it was found. */
  private body(data: Buffer): Buffer {
    const d = this.delimiter.length;
    if (this.pending.length > 0 && this.pending.length + data.length < 2 * d) {
      // A tiny chunk: joining it costs nothing.
      data = Buffer.concat([this.pending, data]);
      this.pending = Buffer.alloc(0);
    }
    if (this.pending.length > 0) {
      // The seam (pending is shorter than a delimiter): the end of the last chunk and the start of this one.
      const seam = Buffer.concat([this.pending, data.subarray(0, d - 1)]);
      const at = seam.indexOf(this.delimiter);
      if (at >= 0) {
        this.bodyBytes(seam.subarray(0, at));
        const consumed = at + d - this.pending.length;
        this.pending = Buffer.alloc(0);
        this.endPart();
        return data.subarray(consumed);
      }
      this.bodyBytes(this.pending);
      this.pending = Buffer.alloc(0);
    }
    const at = data.indexOf(this.delimiter);
    if (at >= 0) {
      this.bodyBytes(data.subarray(0, at));
      this.endPart();
      return data.subarray(at + d);
    }
    const keep = Math.min(data.length, d - 1);
    this.bodyBytes(data.subarray(0, data.length - keep));
    this.pending = Buffer.from(data.subarray(data.length - keep));
    return Buffer.alloc(0);
  }

  private bodyBytes(bytes: Buffer): void {
    this.length += bytes.length;
    if (this.headLength < HEAD_BYTES && bytes.length > 0) {
      const take = bytes.subarray(0, HEAD_BYTES - this.headLength);
      this.head.push(Buffer.from(take));
      this.headLength += take.length;
    }
  }

  private endPart(): void {
    const uids = metaUids(Buffer.concat(this.head));
    const type = /^content-type:\s*([^\r\n;]+)/im.exec(this.headers)?.[1]?.trim().toLowerCase();
    const declared = /^content-length:\s*(\d+)/im.exec(this.headers)?.[1];
    let problem: string | undefined;
    if (type !== 'application/dicom') problem = `part Content-Type is ${type ?? 'missing'}`;
    else if (declared !== undefined && Number(declared) !== this.length) problem = `part declared ${declared} bytes, ${this.length} arrived`;
    else if (!uids.sopInstanceUid) problem = 'no SOP Instance UID in the file meta header';
    this.parts.push({ length: this.length, ...uids, problem });
    this.state = 'delimiter';
    this.headers = '';
    this.length = 0;
    this.head = [];
    this.headLength = 0;
  }
}

/** Media Storage SOP Class/Instance UID (0002,0002)/(0002,0003) from a PS3.10 file's meta header. */
export function metaUids(head: Buffer): { sopClassUid: string | undefined; sopInstanceUid: string | undefined } {
  const found: { sopClassUid: string | undefined; sopInstanceUid: string | undefined } = { sopClassUid: undefined, sopInstanceUid: undefined };
  if (head.length < 132 || head.toString('latin1', 128, 132) !== 'DICM') return found;
  let at = 132;
  while (at + 8 <= head.length && head.readUInt16LE(at) === 0x0002) {
    const element = head.readUInt16LE(at + 2);
    const vr = head.toString('latin1', at + 4, at + 6);
    const long = ['OB', 'OW', 'OF', 'SQ', 'UT', 'UN'].includes(vr);
    const length = long ? head.readUInt32LE(at + 8) : head.readUInt16LE(at + 6);
    const value = at + (long ? 12 : 8);
    if (value + length > head.length) break;
    const text = () => head.toString('latin1', value, value + length).replace(/[\0 ]+$/, '');
    if (element === 0x0002) found.sopClassUid = text();
    if (element === 0x0003) found.sopInstanceUid = text();
    at = value + length;
  }
  return found;
}
