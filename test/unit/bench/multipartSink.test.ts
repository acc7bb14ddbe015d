import assert from 'node:assert/strict';
import { MultipartSink } from '../../../bench/stow/multipartSink';
import { syntheticDicom } from '../dicom/syntheticDicom';

/** The send benchmark's sink must find every part wherever the chunks cut the body, or it would flatter or fail a client. */
describe('bench/stow STOW-RS sink: multipart reader', () => {
  const files = [1, 2, 3].map((i) => syntheticDicom({ studyUid: '1.2.826.0.1.3680043.10.100', seriesUid: '1.2.826.0.1.3680043.10.101', sopInstanceUid: `1.2.826.0.1.3680043.10.${i}`, rows: 8 + i, columns: 8 }));
  const boundary = 'imaging-lab-0123456789abcdef';
  const part = (f: Buffer, headers = `Content-Type: application/dicom\r\nContent-Length: ${f.length}\r\n`) => [Buffer.from(`--${boundary}\r\n${headers}\r\n`), f, Buffer.from('\r\n')];
  const body = (parts: Buffer[][]) => Buffer.concat([Buffer.from('preamble\r\n'), ...parts.flat(), Buffer.from(`--${boundary}--\r\n`)]);

  function read(bytes: Buffer, chunk: number, first: number): MultipartSink {
    const sink = new MultipartSink(boundary);
    sink.push(bytes.subarray(0, first));
    for (let at = first; at < bytes.length; at += chunk) sink.push(bytes.subarray(at, at + chunk));
    return sink;
  }

  it('finds every part, its length and its UIDs for any chunking, boundary cut or not', () => {
    const whole = body(files.map((f) => part(f)));
    let cases = 0;
    for (const chunk of [1, 2, 3, 7, 31, 32, 33, 100, 1000, whole.length]) {
      for (let first = 0; first < Math.min(chunk, 40); first++) {
        const sink = read(whole, chunk, first);
        assert.ok(sink.complete, `chunk ${chunk}, first ${first}`);
        assert.deepEqual(
          sink.parts.map((p) => [p.length, p.sopInstanceUid, p.problem]),
          files.map((f, i) => [f.length, `1.2.826.0.1.3680043.10.${i + 1}`, undefined]),
          `chunk ${chunk}, first ${first}`,
        );
        cases++;
      }
    }
    assert.ok(cases > 100);
  });

  it('refuses a part whose declared length, type or meta header is wrong, and notices a missing end', () => {
    const [a, b, c] = files as [Buffer, Buffer, Buffer];
    const sink = read(body([part(a, `Content-Type: application/dicom\r\nContent-Length: ${a.length + 1}\r\n`), part(b, 'Content-Type: text/plain\r\n'), part(c.subarray(200))]), 64, 0);
    assert.deepEqual(
      sink.parts.map((p) => p.problem),
      [`part declared ${a.length + 1} bytes, ${a.length} arrived`, 'part Content-Type is text/plain', 'no SOP Instance UID in the file meta header'],
    );
    const cut = new MultipartSink(boundary);
    cut.push(Buffer.concat(part(a)));
    assert.equal(cut.complete, false);
  });
});
