import assert from 'node:assert/strict';
import { mkdtemp, rm, truncate } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanDicom, type DicomInstanceFile } from '../../../src/core/dicom/scanDicom';
import { sendInstances } from '../../../src/core/dicom/sendInstances';
import { writeSyntheticSeries } from './syntheticDicom';

interface Seen {
  headers: IncomingMessage['headers'];
  bytes: number;
  uids: string[];
}

let known: string[] = [];

/** A tiny in-process STOW-RS server whose answer per request is scripted; it finds the known SOP Instance UIDs in the body. */
async function fakeServer(answer: (seen: Seen, index: number, res: ServerResponse) => void): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('latin1');
      const uids = known.filter((uid) => body.includes(uid));
      const entry = { headers: req.headers, bytes: Buffer.concat(chunks).length, uids };
      seen.push(entry);
      answer(entry, seen.length - 1, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/dicom-web`, seen, server };
}

const storedBody = (uids: readonly string[]) =>
  JSON.stringify({ '00081199': { vr: 'SQ', Value: uids.map((u) => ({ '00081155': { vr: 'UI', Value: [u] } })) } });

describe('sendInstances (in-process server)', () => {
  let dir: string;
  let instances: DicomInstanceFile[];
  let server: Server | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'send-'));
    await writeSyntheticSeries(dir, 'unit/send', 8);
    instances = (await scanDicom([dir])).instances;
    known = instances.map((i) => i.sopInstanceUid);
  });
  after(async () => rm(dir, { recursive: true, force: true }));
  afterEach(() => server?.close());

  it('sends Accept, the multipart type and Content-Length, or chunked when asked', async () => {
    const fake = await fakeServer((seen, _i, res) => res.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end(storedBody(seen.uids)));
    server = fake.server;
    const report = await sendInstances(instances, [], { endpoint: { url: fake.url }, tuning: { batchCount: 8 } });
    assert.ok(report.instances.every((i) => i.fate === 'stored'));
    const h = fake.seen[0]?.headers ?? {};
    assert.equal(h.accept, 'application/dicom+json');
    assert.match(h['content-type'] ?? '', /^multipart\/related; type="application\/dicom"; boundary=[a-z0-9-]{1,70}$/);
    assert.equal(Number(h['content-length']), fake.seen[0]?.bytes);
    const chunked = await sendInstances(instances, [], { endpoint: { url: fake.url }, tuning: { batchCount: 8, chunked: true } });
    assert.ok(chunked.instances.every((i) => i.fate === 'stored'));
    assert.equal(fake.seen[1]?.headers['transfer-encoding'], 'chunked');
    assert.equal(fake.seen[1]?.headers['content-length'], undefined);
  });

  it('halves a batch the server rejects as too large (413) until it fits', async () => {
    const fake = await fakeServer((seen, _i, res) => {
      if (seen.uids.length > 2) res.writeHead(413, 'Payload Too Large').end();
      else res.writeHead(200).end(storedBody(seen.uids));
    });
    server = fake.server;
    const report = await sendInstances(instances, [], { endpoint: { url: fake.url }, tuning: { batchCount: 8, concurrency: 1 } });
    assert.ok(report.instances.every((i) => i.fate === 'stored'));
    assert.deepEqual(fake.seen.map((s) => s.uids.length), [8, 4, 4, 2, 2, 2, 2]);
  });

  it('cancels during a retry back-off and reports the unsent instances as cancelled', async () => {
    const fake = await fakeServer((_seen, _i, res) => res.writeHead(503, { 'Retry-After': '30' }).end());
    server = fake.server;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const report = await sendInstances(instances, [], { endpoint: { url: fake.url }, signal: controller.signal, tuning: { batchCount: 8, maxDelayMs: 60_000 } });
    assert.equal(report.cancelled, true);
    assert.equal(fake.seen.length, 1);
    assert.ok(report.instances.every((i) => i.fate === 'cancelled' && i.reason === 'cancelled before the server confirmed it'));
  });

  it('fails only a file that changed after the scan and resends the rest of its batch', async () => {
    const fake = await fakeServer((seen, _i, res) => res.writeHead(200).end(storedBody(seen.uids)));
    server = fake.server;
    const copyDir = await mkdtemp(join(tmpdir(), 'send-changed-'));
    try {
      await writeSyntheticSeries(copyDir, 'unit/changed', 4);
      const scanned = (await scanDicom([copyDir])).instances;
      known = scanned.map((i) => i.sopInstanceUid);
      const victim = scanned[1];
      assert.ok(victim);
      await truncate(victim.path, 1000);
      const report = await sendInstances(scanned, [], { endpoint: { url: fake.url }, tuning: { batchCount: 4 } });
      assert.deepEqual(report.instances.map((i) => i.fate), ['stored', 'failed', 'stored', 'stored']);
      assert.match(report.instances[1]?.reason ?? '', /changed while being sent/);
      assert.deepEqual(fake.seen.at(-1)?.uids.length, 3);
    } finally {
      known = instances.map((i) => i.sopInstanceUid);
      await rm(copyDir, { recursive: true, force: true });
    }
  });

  it('reports a server that never answers as a failure, after the retries', async () => {
    const fake = await fakeServer((_seen, _i, res) => res.socket?.destroy());
    server = fake.server;
    const report = await sendInstances(instances.slice(0, 2), [], { endpoint: { url: fake.url }, tuning: { maxAttempts: 2, baseDelayMs: 10 } });
    assert.equal(fake.seen.length, 2);
    assert.ok(report.instances.every((i) => i.fate === 'failed' && /^gave up after 2 attempts: connection to 127\.0\.0\.1:\d+ was interrupted/.test(i.reason ?? '')), report.instances[0]?.reason);
  });

  it('stops a server that trickles its answer at the request deadline, instead of waiting forever', async () => {
    // Before: only the idle timeout applied, and a byte every 50 ms kept the send alive indefinitely.
    const timers: NodeJS.Timeout[] = [];
    const fake = await fakeServer((_seen, _i, res) => {
      res.writeHead(200, { 'Content-Type': 'application/dicom+json' });
      timers.push(setInterval(() => res.write(' '), 50));
    });
    server = fake.server;
    try {
      const report = await sendInstances(instances, [], { endpoint: { url: fake.url }, tuning: { batchCount: 4, concurrency: 1, requestDeadlineMs: 500, minimumBytesPerSecond: 10 * 1024 * 1024 } });
      assert.equal(fake.seen.length, 1, 'the first deadline stops the send');
      const reason = /127\.0\.0\.1:\d+ did not complete the request within 0\.5 s, the limit for it: the server is overloaded or trickling its answer/;
      assert.deepEqual(
        report.instances.map((i) => [i.fate, reason.test(i.reason ?? ''), i.reason?.startsWith('not sent: ')]),
        [...Array(4).fill(['failed', true, false]), ...Array(4).fill(['failed', true, true])],
        report.instances.map((i) => i.reason).join('\n'),
      );
    } finally {
      timers.forEach(clearInterval);
      fake.server.closeAllConnections();
    }
  });
});
