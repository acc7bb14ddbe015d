import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { parseStowResponse } from '../../../src/core/dicom/stowResponse';
import { bigInstance, multipartStream, multipartStreamLength, type BigInstance } from '../../support/bigDicomPart';
import { startS3Standin, type S3Standin } from '../../support/s3Standin';
import { startStowrsService, type StowrsProcess } from '../../support/stowrsService';
import { post, RELATED } from './stowrsBodies';

const MIB = 1024 * 1024;
const keyOf = (i: BigInstance) => `big/${i.study}/${i.series}/${i.sop}.dcm`;

async function storedSha256(s3: S3Standin, key: string): Promise<string> {
  const response = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
  const hash = createHash('sha256');
  for await (const chunk of response.Body as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A gate the body generator waits on: open() lets it continue. */
function gate(): { wait: () => Promise<void>; open: () => void; reached: Promise<void> } {
  let open!: () => void;
  let reached!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const reachedPromise = new Promise<void>((r) => (reached = r));
  return {
    wait: () => {
      reached();
      return opened;
    },
    open,
    reached: reachedPromise,
  };
}

describe('STOW-RS-to-S3 service: streaming large parts', function () {
  this.timeout(900_000);
  let s3: S3Standin;
  let service: StowrsProcess;
  before(async () => {
    s3 = await startS3Standin();
    service = await startStowrsService({ s3, env: { PREFIX: 'big', LOGLEVEL: 'INFO' } });
  });
  after(async () => {
    await service?.stop();
    await s3?.stop();
  });

  it('streams a 200 MB and then a 2 GB part into S3 multipart uploads with flat memory, byte for byte', async () => {
    const results: { size: number; peak: number }[] = [];
    for (const [label, pixels] of [
      ['stream/200mb', 200 * MIB],
      ['stream/2gb', 2048 * MIB],
    ] as const) {
      const big = bigInstance(label, pixels);
      const hashes = new Map<string, string>();
      const body = multipartStream('big-part', [big], { partLength: label.endsWith('2gb'), onHash: (sop, h) => hashes.set(sop, h) });
      // No request Content-Length: chunked, as a client streaming from a generator would send it.
      const res = await post(`${service.base}/studies`, { 'Content-Type': RELATED('big-part'), Accept: 'application/dicom+json' }, body);
      assert.equal(res.status, 200, res.body);
      assert.deepEqual(parseStowResponse(res.body).stored.map((s) => s.sopInstanceUid), [big.sop]);
      const objects = await s3.objects('big/');
      assert.equal(objects.get(keyOf(big)), big.size);
      assert.equal(await storedSha256(s3, keyOf(big)), hashes.get(big.sop));
      results.push({ size: big.size, peak: service.peakRssMib() });
      await s3.clear();
    }
    const at200 = results[0]!;
    const at2g = results[1]!;
    console.log(`      service peak RSS: ${at200.peak.toFixed(0)} MiB after 200 MB, ${at2g.peak.toFixed(0)} MiB after 2 GB`);
    // Flat: ten times the data may not cost more than a few upload parts (8 MiB each) of extra memory
    // (the 200 MB run ends before the V8 heap settles, so its peak is a little lower).
    assert.ok(at2g.peak - at200.peak < 64, `peak grew from ${at200.peak} to ${at2g.peak} MiB`);
    assert.ok(at2g.peak < 256, `peak ${at2g.peak} MiB for a 2 GB part`);
    assert.deepEqual(await s3.pendingUploads(), []);
  });

  it('aborts the multipart upload of a part whose client disconnects: no object, no parts left behind', async () => {
    const big = bigInstance('stream/cut', 64 * MIB);
    const pause = gate();
    const body = multipartStream('cut', [big], { pauseAt: { offset: 40 * MIB, wait: pause.wait } });
    const req = request(`${service.base}/studies`, { method: 'POST', headers: { 'Content-Type': RELATED('cut') } });
    req.on('error', () => undefined);
    body.pipe(req);
    await pause.reached;
    // The service has started a multipart upload for the part and sent some of its parts.
    const pending = await until('a multipart upload in progress', async () => {
      const uploads = await s3.pendingUploads();
      return uploads.length > 0 ? uploads : undefined;
    });
    assert.deepEqual(pending.map((u) => u.key), [keyOf(big)]);
    req.destroy();
    await service.waitForLog((l) => l.event === 'client-gone', 30_000);
    assert.deepEqual(await s3.pendingUploads(), [], 'the multipart upload was aborted');
    assert.ok(s3.aborted.includes(pending[0]!.uploadId), 'AbortMultipartUpload was called for it');
    assert.equal((await s3.objects()).size, 0, 'no partial object');
    pause.open();
  });

  it('drops a small part cut mid-way without writing anything', async () => {
    const small = bigInstance('stream/cut-small', 2 * MIB);
    const pause = gate();
    const body = multipartStream('cut2', [small], { pauseAt: { offset: MIB, wait: pause.wait } });
    const req = request(`${service.base}/studies`, { method: 'POST', headers: { 'Content-Type': RELATED('cut2') } });
    req.on('error', () => undefined);
    body.pipe(req);
    await pause.reached;
    const before = service.logs().filter((l) => l.event === 'client-gone').length;
    await new Promise((r) => setTimeout(r, 200));
    req.destroy();
    await until('the service to notice the disconnect', () => (service.logs().filter((l) => l.event === 'client-gone').length > before ? true : undefined));
    assert.equal((await s3.objects()).size, 0);
    assert.deepEqual(await s3.pendingUploads(), []);
    pause.open();
  });

  it('stops gracefully on SIGTERM: finishes the upload in flight, refuses new connections, exits 0', async () => {
    const own = await startStowrsService({ s3, env: { PREFIX: 'big', HEALTHPORT: '0', LOGLEVEL: 'INFO' } });
    const big = bigInstance('stream/graceful', 24 * MIB);
    const pause = gate();
    const length = multipartStreamLength('gs', [big]);
    const body = multipartStream('gs', [big], { pauseAt: { offset: 12 * MIB, wait: pause.wait } });
    const answer = post(`${own.base}/studies`, { 'Content-Type': RELATED('gs'), 'Content-Length': length }, body);
    await pause.reached;
    const exit = own.stop('SIGTERM', 120_000);
    await own.waitForLog((l) => l.event === 'stopping');
    const health = await fetch(`http://127.0.0.1:${own.healthPort}/health`);
    assert.equal(health.status, 503, 'the load balancer sees the instance leaving');
    await assert.rejects(fetch(`${own.base}/health`), 'no new connections while stopping');
    pause.open();
    const res = await answer;
    assert.equal(res.status, 200, res.body);
    assert.equal(res.headers.connection, 'close');
    assert.equal(await exit, 0);
    assert.equal((await s3.objects('big/')).get(keyOf(big)), big.size);
    assert.ok(own.logs().some((l) => l.event === 'stopped'));
    await s3.clear();
  });
});
