/** What the reader found in the bytes given so far, in order. */
export type MultipartEvent =
  | { readonly kind: 'part'; readonly headers: ReadonlyMap<string, string> }
  | { readonly kind: 'data'; readonly data: Buffer }
  | { readonly kind: 'partEnd' }
  | { readonly kind: 'end' };

/** The body is not a multipart/related entity the reader can follow; `stage` says where it broke. */
export class MultipartSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartSyntaxError';
  }
}

export interface MultipartLimits {
  /** Bytes before the first delimiter (RFC 2046 preamble) that are skipped at most. */
  readonly maxPreamble: number;
  /** Bytes of one part's header block. */
  readonly maxPartHeader: number;
}

export const DEFAULT_MULTIPART_LIMITS: MultipartLimits = { maxPreamble: 64 * 1024, maxPartHeader: 16 * 1024 };

type State = 'preamble' | 'delimiterLine' | 'headers' | 'body' | 'epilogue';

const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');

/**
 * A push parser for RFC 2046 multipart bodies: feed it the request in whatever chunks arrive and it
 * yields part headers and body slices without ever holding more than one delimiter's worth of body
 * bytes (plus one part's header block). Body slices are views of the chunks fed in, not copies,
 * except where a chunk border splits a possible delimiter.
 */
export class MultipartReader {
  private state: State = 'preamble';
  private pending: Buffer = Buffer.alloc(0);
  private skipped = 0;
  private atStart = true;
  /** "\r\n--boundary": what ends a body. The first delimiter may lack the leading CRLF. */
  private readonly delimiter: Buffer;

  constructor(
    boundary: string,
    private readonly limits: MultipartLimits = DEFAULT_MULTIPART_LIMITS,
  ) {
    if (!/^[0-9A-Za-z'()+_,./:=? -]{0,69}[0-9A-Za-z'()+_,./:=?-]$/.test(boundary)) {
      throw new MultipartSyntaxError(`the boundary '${boundary.slice(0, 80)}' is not a valid RFC 2046 boundary (1-70 characters, no trailing space)`);
    }
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  }

  get ended(): boolean {
    return this.state === 'epilogue';
  }

  /** Consumes one chunk; the events it completes come out in order. */
  *push(chunk: Buffer): Generator<MultipartEvent> {
    let buffer = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = Buffer.alloc(0);
    for (;;) {
      const step = this.step(buffer);
      for (const event of step.events) yield event;
      buffer = buffer.subarray(step.consumed);
      if (step.needMore) break;
    }
    // Keep what could not be decided yet (never more than a delimiter or a header block).
    this.pending = buffer.length > 0 ? Buffer.from(buffer) : buffer;
  }

  /** Call at the end of the request body: a body that stops before the close delimiter is truncated. */
  finish(): void {
    if (this.state === 'epilogue') return;
    if (this.state === 'preamble') throw new MultipartSyntaxError('the body has no multipart delimiter for the boundary given in Content-Type');
    throw new MultipartSyntaxError('the body ended before the closing delimiter (--boundary--): the request was cut short');
  }

  private step(buffer: Buffer): { events: MultipartEvent[]; consumed: number; needMore: boolean } {
    switch (this.state) {
      case 'preamble':
        return this.preamble(buffer);
      case 'delimiterLine':
        return this.delimiterLine(buffer);
      case 'headers':
        return this.headers(buffer);
      case 'body':
        return this.body(buffer);
      case 'epilogue':
        return { events: [], consumed: buffer.length, needMore: true };
    }
  }

  /** The first delimiter may open the body (no CRLF before it) or follow a preamble line. */
  private preamble(buffer: Buffer): { events: MultipartEvent[]; consumed: number; needMore: boolean } {
    if (this.atStart) {
      const bare = this.delimiter.subarray(2);
      const head = buffer.subarray(0, Math.min(buffer.length, bare.length));
      if (head.equals(bare.subarray(0, head.length))) {
        if (buffer.length <= bare.length) return { events: [], consumed: 0, needMore: true };
        this.atStart = false;
        if (mayFollowDelimiter(buffer[bare.length]!)) {
          this.state = 'delimiterLine';
          return { events: [], consumed: bare.length, needMore: false };
        }
      }
      this.atStart = false;
    }
    const at = buffer.indexOf(this.delimiter);
    if (at >= 0) {
      this.state = 'delimiterLine';
      return { events: [], consumed: at + this.delimiter.length, needMore: false };
    }
    const consumed = Math.max(0, buffer.length - (this.delimiter.length - 1));
    this.skipped += consumed;
    if (this.skipped > this.limits.maxPreamble) {
      throw new MultipartSyntaxError(`no multipart delimiter in the first ${this.limits.maxPreamble} bytes: check the boundary in Content-Type`);
    }
    return { events: [], consumed, needMore: true };
  }

  /** After a delimiter: "--" closes the body; otherwise optional padding, then CRLF opens a part. */
  private delimiterLine(buffer: Buffer): { events: MultipartEvent[]; consumed: number; needMore: boolean } {
    if (buffer.length < 2) return { events: [], consumed: 0, needMore: true };
    if (buffer[0] === 0x2d && buffer[1] === 0x2d) {
      this.state = 'epilogue';
      return { events: [{ kind: 'end' }], consumed: buffer.length, needMore: true };
    }
    let i = 0;
    while (i < buffer.length && (buffer[i] === 0x20 || buffer[i] === 0x09)) i++;
    if (i > 256) throw new MultipartSyntaxError('too much padding after a multipart delimiter');
    if (buffer.length < i + 2) return { events: [], consumed: 0, needMore: true };
    if (buffer[i] !== 0x0d || buffer[i + 1] !== 0x0a) throw new MultipartSyntaxError('a multipart delimiter is not followed by a line break');
    this.state = 'headers';
    return { events: [], consumed: i + 2, needMore: false };
  }

  private headers(buffer: Buffer): { events: MultipartEvent[]; consumed: number; needMore: boolean } {
    // A part without header fields starts its body right after the empty line.
    if (buffer.length >= 2 && buffer[0] === 0x0d && buffer[1] === 0x0a) {
      this.state = 'body';
      return { events: [{ kind: 'part', headers: new Map() }], consumed: 2, needMore: false };
    }
    const end = buffer.indexOf(HEADER_END);
    if (end < 0) {
      if (buffer.length > this.limits.maxPartHeader) throw new MultipartSyntaxError(`a part header is longer than ${this.limits.maxPartHeader} bytes`);
      return { events: [], consumed: 0, needMore: true };
    }
    if (end > this.limits.maxPartHeader) throw new MultipartSyntaxError(`a part header is longer than ${this.limits.maxPartHeader} bytes`);
    const headers = parseHeaderBlock(buffer.subarray(0, end).toString('latin1'));
    this.state = 'body';
    return { events: [{ kind: 'part', headers }], consumed: end + HEADER_END.length, needMore: false };
  }

  private body(buffer: Buffer): { events: MultipartEvent[]; consumed: number; needMore: boolean } {
    let from = 0;
    for (;;) {
      const at = buffer.indexOf(this.delimiter, from);
      if (at < 0) {
        // Everything but a possible delimiter start at the very end is body.
        const safe = Math.max(0, buffer.length - (this.delimiter.length - 1));
        return { events: safe > 0 ? [{ kind: 'data', data: buffer.subarray(0, safe) }] : [], consumed: safe, needMore: true };
      }
      const after = at + this.delimiter.length;
      if (buffer.length < after + 1) {
        const events: MultipartEvent[] = at > 0 ? [{ kind: 'data', data: buffer.subarray(0, at) }] : [];
        return { events, consumed: at, needMore: true };
      }
      // Only "--", padding or CRLF may follow a delimiter; anything else is body that merely looks alike.
      if (mayFollowDelimiter(buffer[after]!)) {
        const events: MultipartEvent[] = at > 0 ? [{ kind: 'data', data: buffer.subarray(0, at) }] : [];
        events.push({ kind: 'partEnd' });
        this.state = 'delimiterLine';
        return { events, consumed: after, needMore: false };
      }
      from = at + 1;
    }
  }
}

/** "--" (close), transport padding or CRLF. */
function mayFollowDelimiter(byte: number): boolean {
  return byte === 0x2d || byte === 0x20 || byte === 0x09 || byte === 0x0d;
}

/** Header fields of one part: names lower-cased, folded lines joined, first occurrence kept. */
function parseHeaderBlock(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  const lines = text.split('\r\n');
  const unfolded: string[] = [];
  for (const line of lines) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && unfolded.length > 0) unfolded[unfolded.length - 1] += ` ${line.trim()}`;
    else unfolded.push(line);
  }
  for (const line of unfolded) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartSyntaxError(`a part header line has no field name: '${line.slice(0, 80)}'`);
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}
