import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MultipartReader, MultipartSyntaxError, type MultipartEvent } from '../../../../templates/stowrs/service/multipartReader';
import { propertyRuns } from '../../../support/propertyRuns';

interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

/** Feeds `body` in the given chunk sizes and collects parts (data slices joined per part). */
function read(boundary: string, body: Buffer, sizes: number[] = [body.length]): { parts: Part[]; ended: boolean } {
  const reader = new MultipartReader(boundary);
  const parts: Part[] = [];
  let current: { headers: Record<string, string>; chunks: Buffer[] } | undefined;
  let ended = false;
  const handle = (event: MultipartEvent) => {
    if (event.kind === 'part') current = { headers: Object.fromEntries(event.headers), chunks: [] };
    else if (event.kind === 'data') current!.chunks.push(Buffer.from(event.data));
    else if (event.kind === 'partEnd') {
      parts.push({ headers: current!.headers, body: Buffer.concat(current!.chunks) });
      current = undefined;
    } else ended = true;
  };
  let offset = 0;
  let i = 0;
  while (offset < body.length) {
    const size = Math.max(1, sizes[i++ % sizes.length] ?? body.length);
    for (const event of reader.push(body.subarray(offset, offset + size))) handle(event);
    offset += size;
  }
  reader.finish();
  return { parts, ended };
}

const bin = (text: string) => Buffer.from(text, 'latin1');

describe('stowrs service: multipart/related reader', () => {
  it('reads parts that open the body without a preamble, with and without Content-Length', () => {
    const body = bin('--b1\r\nContent-Type: application/dicom\r\nContent-Length: 3\r\n\r\nabc\r\n--b1\r\nContent-Type: application/dicom\r\n\r\nxyz!\r\n--b1--\r\n');
    const { parts, ended } = read('b1', body);
    assert.equal(ended, true);
    assert.deepEqual(
      parts.map((p) => [p.headers, p.body.toString('latin1')]),
      [
        [{ 'content-type': 'application/dicom', 'content-length': '3' }, 'abc'],
        [{ 'content-type': 'application/dicom' }, 'xyz!'],
      ],
    );
  });

  it('skips a preamble and an epilogue, and tolerates padding after a delimiter', () => {
    const body = bin('This is a preamble.\r\nIt has two lines.\r\n--b2  \t\r\nContent-Type: application/dicom\r\n\r\nDATA\r\n--b2--  trailing epilogue\r\nmore');
    const { parts } = read('b2', body);
    assert.deepEqual(parts.map((p) => p.body.toString('latin1')), ['DATA']);
  });

  it('keeps body bytes that merely look like a delimiter (CRLF--boundary followed by other text)', () => {
    const body = bin('--b3\r\n\r\nline\r\n--b3X is not a delimiter\r\n--b3\r\n\r\nsecond\r\n--b3--');
    const { parts } = read('b3', body);
    assert.deepEqual(parts.map((p) => p.body.toString('latin1')), ['line\r\n--b3X is not a delimiter', 'second']);
    assert.deepEqual(parts[0]!.headers, {});
  });

  it('unfolds continued header lines and keeps the first of repeated fields', () => {
    const body = bin('--b\r\nContent-Type: application/dicom;\r\n transfer-syntax=1.2.840.10008.1.2.1\r\ncontent-type: text/plain\r\n\r\nx\r\n--b--');
    const { parts } = read('b', body);
    assert.equal(parts[0]!.headers['content-type'], 'application/dicom; transfer-syntax=1.2.840.10008.1.2.1');
  });

  it('gives the same parts however the body is split into chunks (every split of a small body, random splits of binary ones)', () => {
    const body = bin('pre\r\n--bnd\r\nContent-Type: application/dicom\r\n\r\n\r\n--bn\r\n-\r\n--bnd\r\n\r\n\r\n--bnd--\r\n');
    const whole = read('bnd', body);
    assert.deepEqual(whole.parts.map((p) => p.body.toString('latin1')), ['\r\n--bn\r\n-', '']);
    for (let size = 1; size <= body.length; size++) assert.deepEqual(read('bnd', body, [size]).parts, whole.parts, `chunk size ${size}`);
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }),
        (payloads, sizes) => {
          const boundary = 'imaging-lab-0123456789abcdef';
          const encoded = Buffer.concat([
            ...payloads.flatMap((p) => [bin(`\r\n--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(p)]),
            bin(`\r\n--${boundary}--\r\n`),
          ]);
          const got = read(boundary, encoded, sizes).parts.map((p) => [...p.body]);
          assert.deepEqual(got, payloads.map((p) => [...p]));
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });

  it('hands out body slices without holding the part: memory is one delimiter, not the part', () => {
    const reader = new MultipartReader('big');
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let data = 0;
    for (const e of reader.push(bin('--big\r\n\r\n'))) assert.equal(e.kind, 'part');
    for (let i = 0; i < 64; i++) for (const e of reader.push(chunk)) if (e.kind === 'data') data += e.data.length;
    // All but the last delimiter-length - 1 bytes have been handed on already.
    assert.equal(data, 64 * chunk.length - ('\r\n--big'.length - 1));
  });

  it('reports a body cut before the closing delimiter, a missing delimiter and an oversized header', () => {
    assert.throws(() => read('b', bin('--b\r\n\r\nhalf a part')), (e: Error) => e instanceof MultipartSyntaxError && /ended before the closing delimiter/.test(e.message));
    assert.throws(() => read('b', bin('no delimiter here at all')), /no multipart delimiter/);
    assert.throws(() => read('b', Buffer.concat([bin('--b\r\nX: '), Buffer.alloc(20_000, 0x61), bin('\r\n\r\n')])), /part header is longer/);
    assert.throws(() => read('b', bin('--b\r\nno colon here\r\n\r\nx\r\n--b--')), /no field name/);
    assert.throws(() => read('b', bin('--bXYZ\r\n')), /no multipart delimiter|closing delimiter/);
    assert.throws(() => read('b', Buffer.alloc(70_000, 0x2e)), /no multipart delimiter in the first/);
  });

  it('refuses boundaries RFC 2046 does not allow', () => {
    for (const bad of ['', 'a'.repeat(71), 'ends with space ', 'semi;colon', 'quote"']) assert.throws(() => new MultipartReader(bad), MultipartSyntaxError, bad);
    for (const good of ['a', "'()+_,-./:=? x", 'a'.repeat(70)]) assert.doesNotThrow(() => new MultipartReader(good), good);
  });
});
