import assert from 'node:assert/strict';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { makeBoundary, multipartBody, multipartContentType, multipartLength, type BodyWriter } from '../../../src/core/dicom/multipart';

/**
 * Collects a body as a socket would take it: each write is copied only when it completes (a tick
 * later), so a buffer the writer refilled before its write completed shows up as wrong bytes.
 */
async function collect(body: BodyWriter, signal = new AbortController().signal): Promise<{ text: string; writes: number }> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      setImmediate(() => {
        chunks.push(Buffer.from(chunk));
        done();
      });
    },
  });
  await body.writeTo(out, signal);
  return { text: Buffer.concat(chunks).toString('latin1'), writes: chunks.length };
}

const text = async (body: BodyWriter) => (await collect(body)).text;

describe('multipart/related encoder', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'multipart-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('uses an unquoted boundary of at most 70 token characters and type="application/dicom"', () => {
    const boundary = makeBoundary();
    assert.ok(boundary.length <= 70);
    assert.match(boundary, /^[A-Za-z0-9-]+$/);
    assert.notEqual(boundary, makeBoundary());
    assert.equal(multipartContentType(boundary), `multipart/related; type="application/dicom"; boundary=${boundary}`);
  });

  it('streams one application/dicom part per file, each with its Content-Length, and the precomputed total matches', async () => {
    const a = join(dir, 'a.dcm');
    const b = join(dir, 'b.dcm');
    await writeFile(a, Buffer.alloc(3000, 0x41));
    await writeFile(b, Buffer.from('BBBB\r\n--not-a-boundary'));
    const files = [
      { path: a, size: 3000 },
      { path: b, size: 22 },
    ];
    const boundary = 'test-boundary';
    let fileBytes = 0;
    const body = await text(multipartBody(boundary, files, (n) => (fileBytes += n), 1024));
    const expected =
      `--test-boundary\r\nContent-Type: application/dicom\r\nContent-Length: 3000\r\n\r\n${'A'.repeat(3000)}\r\n` +
      `--test-boundary\r\nContent-Type: application/dicom\r\nContent-Length: 22\r\n\r\nBBBB\r\n--not-a-boundary\r\n` +
      `--test-boundary--\r\n`;
    assert.equal(body, expected);
    assert.equal(Buffer.byteLength(body, 'latin1'), multipartLength(boundary, files));
    assert.equal(fileBytes, 3022);
  });

  it('fails the stream when a file changed size after the scan (the Content-Length would lie)', async () => {
    const c = join(dir, 'c.dcm');
    await writeFile(c, Buffer.alloc(100));
    await truncate(c, 50);
    await assert.rejects(text(multipartBody('b', [{ path: c, size: 100 }])), /changed size/);
    await writeFile(c, Buffer.alloc(150));
    await assert.rejects(text(multipartBody('b', [{ path: c, size: 100 }])), /changed size while being sent \(100 bytes expected, 150 on disk\)/);
  });

  it('reads a range of a file across chunk boundaries, framing carried into the next part', async () => {
    const e = join(dir, 'e.dcm');
    await writeFile(e, Buffer.from(Array.from({ length: 5000 }, (_, i) => 0x30 + (i % 10))));
    const files = [
      { path: e, size: 5000, start: 10, end: 4010 },
      { path: e, size: 5000, start: 4990 },
      { path: e, size: 5000, start: 5000 },
    ];
    let fileBytes = 0;
    const body = await text(multipartBody('b', files, (n) => (fileBytes += n), 1000));
    const digits = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => String((from + i) % 10)).join('');
    const part = (size: number, content: string) => `--b\r\nContent-Type: application/dicom\r\nContent-Length: ${size}\r\n\r\n${content}\r\n`;
    assert.equal(body, `${part(4000, digits(10, 4010))}${part(10, digits(4990, 5000))}${part(0, '')}--b--\r\n`);
    assert.equal(Buffer.byteLength(body, 'latin1'), multipartLength('b', files));
    assert.equal(fileBytes, 4010);
  });

  it('sends a prefix in place of the first bytes of a file (a client-written meta header), Content-Length included', async () => {
    const d = join(dir, 'd.dcm');
    await writeFile(d, 'skipDATASET');
    const files = [{ path: d, size: 11, prefix: Buffer.from('META'), start: 4 }];
    let fileBytes = 0;
    const body = await text(multipartBody('b', files, (n) => (fileBytes += n)));
    assert.equal(body, '--b\r\nContent-Type: application/dicom\r\nContent-Length: 11\r\n\r\nMETADATASET\r\n--b--\r\n');
    assert.equal(Buffer.byteLength(body, 'latin1'), multipartLength('b', files));
    assert.equal(fileBytes, 7);
  });

  it('packs small instances into shared writes and reuses its two buffers across many instances', async () => {
    const files = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const path = join(dir, `small-${i}.dcm`);
        await writeFile(path, Buffer.alloc(700, 0x61 + (i % 26)));
        return { path, size: 700 };
      }),
    );
    const packed = await collect(multipartBody('b', files, undefined, 64 * 1024));
    assert.equal(packed.writes, 1, 'forty 700-byte parts fit one 64 KiB write');
    const reused = await collect(multipartBody('b', files, undefined, 1000));
    const expected = files.map((f, i) => `--b\r\nContent-Type: application/dicom\r\nContent-Length: 700\r\n\r\n${String.fromCharCode(0x61 + (i % 26)).repeat(700)}\r\n`).join('') + '--b--\r\n';
    assert.equal(reused.text, expected, 'every byte right although each buffer was refilled many times');
    assert.equal(reused.writes, Math.ceil(expected.length / 1000));
  });

  it('stops with the reason when its signal aborts mid-body', async () => {
    const big = join(dir, 'big.dcm');
    await writeFile(big, Buffer.alloc(100_000));
    const stop = new AbortController();
    let seen = 0;
    const body = multipartBody('b', [{ path: big, size: 100_000 }], (n) => {
      seen += n;
      if (seen >= 3000) stop.abort(new Error('answered early'));
    }, 1000);
    await assert.rejects(collect(body, stop.signal), /answered early/);
    assert.ok(seen < 100_000, `${seen} bytes read before stopping`);
  });
});
