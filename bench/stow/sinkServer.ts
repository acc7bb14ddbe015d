/**
 * A loopback STOW-RS sink for the send benchmark: `POST …/studies` bodies are read as they stream
 * in, every part is found and checked (bench/stow/multipartSink.ts), nothing is stored, and the answer
 * is a Store Instances Response (PS3.18 §10.5.3) referencing each instance (00081199), or listing the
 * refused ones in 00081198. Prints the port it listens on, then serves until killed.
 * Run: npx tsx bench/stow/sinkServer.ts
 */
import { createServer } from 'node:http';
import { MultipartSink, type SinkPart } from './multipartSink';

const ui = (value: string | undefined) => ({ vr: 'UI', Value: value ? [value] : [] });

function storeResponse(parts: readonly SinkPart[]): { status: number; body: string } {
  const stored = parts.filter((p) => !p.problem).map((p) => ({ '00081150': ui(p.sopClassUid), '00081155': ui(p.sopInstanceUid) }));
  // 0xC000: Cannot understand (PS3.18 Table I.2-1).
  const failed = parts.filter((p) => p.problem).map((p) => ({ '00081150': ui(p.sopClassUid), '00081155': ui(p.sopInstanceUid), '00081197': { vr: 'US', Value: [0xc000] } }));
  const dataSet = { '00081199': { vr: 'SQ', Value: stored }, ...(failed.length ? { '00081198': { vr: 'SQ', Value: failed } } : {}) };
  return { status: failed.length === 0 ? 200 : stored.length === 0 ? 409 : 202, body: JSON.stringify(dataSet) };
}

const server = createServer((request, response) => {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(request.headers['content-type'] ?? '');
  if (request.method !== 'POST' || !/\/studies(\/[0-9.]+)?$/.test(new URL(request.url ?? '/', 'http://127.0.0.1').pathname) || !boundary) {
    response.writeHead(request.method === 'POST' ? 415 : 405).end();
    request.resume();
    return;
  }
  const sink = new MultipartSink(boundary[1] ?? boundary[2] ?? '');
  request.on('data', (chunk: Buffer) => {
    try {
      sink.push(chunk);
    } catch (error) {
      response.writeHead(400, { 'Content-Type': 'text/plain' }).end((error as Error).message);
      request.destroy();
    }
  });
  request.on('end', () => {
    if (response.headersSent) return;
    if (!sink.complete) {
      response.writeHead(400, { 'Content-Type': 'text/plain' }).end('the multipart body has no closing boundary');
      return;
    }
    const { status, body } = storeResponse(sink.parts);
    response.writeHead(status, { 'Content-Type': 'application/dicom+json' }).end(body);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
