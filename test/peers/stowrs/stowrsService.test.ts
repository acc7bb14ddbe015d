import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanDicom } from '../../../src/core/dicom/scanDicom';
import { sendInstances } from '../../../src/core/dicom/sendInstances';
import { parseStowResponse } from '../../../src/core/dicom/stowResponse';
import { freePort } from '../../harness/ports';
import { startS3Standin, type S3Standin } from '../../support/s3Standin';
import { startStowrsService, type StowrsProcess } from '../../support/stowrsService';
import { writeSyntheticSeries } from '../../unit/dicom/syntheticDicom';
import { curl, instance, multipart, post, RELATED } from './stowrsBodies';

const keyOf = (prefix: string, i: { study: string; series: string; sop: string }) => `${prefix}${i.study}/${i.series}/${i.sop}.dcm`;

describe('STOW-RS-to-S3 service over real HTTP, into a local S3 (s3rver)', function () {
  this.timeout(120_000);
  let s3: S3Standin;
  let service: StowrsProcess;
  let dir: string;
  before(async () => {
    s3 = await startS3Standin();
    service = await startStowrsService({ s3, env: { PREFIX: '/lab//received/', WADOURL: 'https://pacs.test/dicom-web/', HEALTHPORT: '0' } });
    dir = await mkdtemp(join(tmpdir(), 'stowrs-peer-'));
  });
  after(async () => {
    await service?.stop();
    await s3?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => s3.clear());

  it("stores everything Imaging Lab's STOW-RS client sends, byte for byte, under PREFIX/study/series/sop.dcm", async () => {
    const uids = await writeSyntheticSeries(join(dir, 'client'), 'stowrs/client', 40, { rows: 64, columns: 64 });
    const scan = await scanDicom([join(dir, 'client')]);
    const report = await sendInstances(scan.instances, [], { endpoint: { url: `${service.base}/studies` }, tuning: { batchCount: 7 } });
    assert.deepEqual(report.instances.map((i) => i.fate), Array(40).fill('stored'), report.instances.find((i) => i.fate !== 'stored')?.reason);
    const objects = await s3.objects();
    assert.equal(objects.size, 40);
    for (const file of scan.instances) {
      const key = keyOf('lab/received/', { study: file.studyInstanceUid, series: file.seriesInstanceUid, sop: file.sopInstanceUid });
      assert.equal(objects.get(key), file.size, key);
    }
    const sample = scan.instances[3]!;
    const { readFile } = await import('node:fs/promises');
    assert.ok((await s3.read(keyOf('lab/received/', { study: sample.studyInstanceUid, series: sample.seriesInstanceUid, sop: sample.sopInstanceUid }))).equals(await readFile(sample.path)));
    assert.deepEqual([...report.instances.map((i) => i.file.sopInstanceUid)].sort(), [...uids].sort());
    assert.match(report.instances[0]!.retrieveUrl ?? '', /^https:\/\/pacs\.test\/dicom-web\/studies\/2\.25\.\d+\/series\/2\.25\.\d+\/instances\/2\.25\.\d+$/);
    assert.deepEqual(await s3.pendingUploads(), []);
  });

  it('stores from the client in chunked mode too (no request Content-Length)', async () => {
    await writeSyntheticSeries(join(dir, 'chunked'), 'stowrs/chunked', 5);
    const scan = await scanDicom([join(dir, 'chunked')]);
    const report = await sendInstances(scan.instances, [], { endpoint: { url: service.base }, tuning: { chunked: true } });
    assert.ok(report.instances.every((i) => i.fate === 'stored'));
    assert.equal((await s3.objects()).size, 5);
  });

  it('accepts curl bodies with a quoted boundary, a preamble and an epilogue, parts without Content-Length', async () => {
    const a = instance('curl/a');
    const b = instance('curl/b');
    const file = join(dir, 'quoted.bin');
    await writeFile(file, multipart('quoted:boundary=x?(1)', [a.bytes, b.bytes], { preamble: 'This is the preamble.\r\nIgnore it.', epilogue: 'and an epilogue\r\n' }));
    const res = await curl(['-H', `Content-Type: ${RELATED('quoted:boundary=x?(1)', true)}`, '-H', 'Accept: application/dicom+json', '--data-binary', `@${file}`, `${service.base}/studies`]);
    assert.equal(res.status, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/dicom+json');
    const parsed = parseStowResponse(res.body);
    assert.deepEqual(parsed.stored.map((s) => s.sopInstanceUid).sort(), [a.sop, b.sop].sort());
    const objects = await s3.objects();
    assert.deepEqual([...objects.keys()].sort(), [keyOf('lab/received/', a), keyOf('lab/received/', b)].sort());
    assert.ok((await s3.read(keyOf('lab/received/', b))).equals(b.bytes));
  });

  it('accepts an unquoted boundary with parts that carry Content-Length, and refuses a part whose length is wrong', async () => {
    const a = instance('curl/len-a');
    const b = instance('curl/len-b');
    const body = multipart('plainBoundary', [a.bytes, b.bytes], { contentLength: true });
    const res = await post(`${service.base}/studies`, { 'Content-Type': RELATED('plainBoundary'), Accept: 'application/dicom+json' }, body);
    assert.equal(res.status, 200, res.body);
    assert.equal((await s3.objects()).size, 2);
    await s3.clear();
    const lying = Buffer.from(body.toString('latin1').replace(`Content-Length: ${b.bytes.length}`, `Content-Length: ${b.bytes.length + 10}`), 'latin1');
    const bad = await post(`${service.base}/studies`, { 'Content-Type': RELATED('plainBoundary') }, lying);
    assert.equal(bad.status, 202, bad.body);
    const parsed = parseStowResponse(bad.body);
    assert.deepEqual(parsed.stored.map((s) => s.sopInstanceUid), [a.sop]);
    assert.deepEqual(parsed.failed.map((f) => [f.sopInstanceUid, f.reason]), [[b.sop, 0xc000]]);
    assert.deepEqual([...(await s3.objects()).keys()], [keyOf('lab/received/', a)], 'no object for the part with the wrong length');
    assert.deepEqual(await s3.pendingUploads(), []);
  });

  it('answers XML when asked, DICOM JSON without an Accept header, and 406 for an unknown Accept', async () => {
    const a = instance('accept/a');
    const file = join(dir, 'accept.bin');
    await writeFile(file, multipart('acc', [a.bytes]));
    const url = `${service.base}/studies`;
    const xml = await curl(['-H', `Content-Type: ${RELATED('acc')}`, '-H', 'Accept: application/dicom+xml', '--data-binary', `@${file}`, url]);
    assert.equal(xml.status, 200, xml.body);
    assert.equal(xml.headers['content-type'], 'application/dicom+xml');
    assert.match(xml.body, /<NativeDicomModel xmlns="http:\/\/dicom\.nema\.org\/PS3\.19\/models\/NativeDICOM"/);
    assert.ok(xml.body.includes(`<DicomAttribute tag="00081155" vr="UI" keyword="ReferencedSOPInstanceUID"><Value number="1">${a.sop}</Value>`));
    // curl sends "Accept: */*" unless told to drop the header.
    const none = await curl(['-H', `Content-Type: ${RELATED('acc')}`, '-H', 'Accept:', '--data-binary', `@${file}`, url]);
    assert.equal(none.status, 200, none.body);
    assert.equal(none.headers['content-type'], 'application/dicom+json');
    assert.equal(parseStowResponse(none.body).stored[0]?.sopInstanceUid, a.sop);
    await s3.clear();
    const refused = await curl(['-H', `Content-Type: ${RELATED('acc')}`, '-H', 'Accept: text/html', '--data-binary', `@${file}`, url]);
    assert.equal(refused.status, 406);
    assert.match(refused.body, /application\/dicom\+json .* application\/dicom\+xml/);
    assert.equal((await s3.objects()).size, 0, 'nothing stored for a request refused up front');
  });

  it('refuses instances of another study on /studies/{uid}: 409 with C409 when none match, 202 when some do', async () => {
    const study = instance('mismatch/a').study;
    const other = instance('mismatch/b');
    const same = instance('mismatch/c', { study });
    const onlyOther = await post(`${service.base}/studies/${study}`, { 'Content-Type': RELATED('mm') }, multipart('mm', [other.bytes]));
    assert.equal(onlyOther.status, 409, onlyOther.body);
    assert.deepEqual(parseStowResponse(onlyOther.body).failed.map((f) => [f.sopInstanceUid, f.reason]), [[other.sop, 0xc409]]);
    assert.equal((await s3.objects()).size, 0);
    const mixed = await post(`${service.base}/studies/${study}`, { 'Content-Type': RELATED('mm') }, multipart('mm', [same.bytes, other.bytes]));
    assert.equal(mixed.status, 202, mixed.body);
    const parsed = parseStowResponse(mixed.body);
    assert.deepEqual(parsed.stored.map((s) => s.sopInstanceUid), [same.sop]);
    assert.deepEqual(parsed.failed.map((f) => f.reason), [0xc409]);
    assert.deepEqual(JSON.parse(mixed.body)['00081190'], { vr: 'UR', Value: [`https://pacs.test/dicom-web/studies/${study}`] });
    assert.deepEqual([...(await s3.objects()).keys()], [keyOf('lab/received/', same)]);
    const badUid = await post(`${service.base}/studies/1.02.3`, { 'Content-Type': RELATED('mm') }, multipart('mm', [same.bytes]));
    assert.equal(badUid.status, 400);
  });

  it('reports parts that are not DICOM or not application/dicom as failures, storing the rest', async () => {
    const good = instance('mixed/good');
    const text = Buffer.from('--t\r\nContent-Type: text/plain\r\n\r\nhello\r\n', 'latin1');
    const body = Buffer.concat([multipart('t', [good.bytes, Buffer.from('not dicom at all')]).subarray(0, -('--t--\r\n'.length)), text, Buffer.from('--t--\r\n')]);
    const res = await post(`${service.base}/studies`, { 'Content-Type': RELATED('t') }, body);
    assert.equal(res.status, 202, res.body);
    const json = JSON.parse(res.body) as Record<string, { Value: Record<string, { Value: number[] }>[] }>;
    assert.deepEqual(json['0008119A']!.Value.map((item) => item['00081197']!.Value[0]), [0xc000, 0xc000]);
    assert.deepEqual([...(await s3.objects()).keys()], [keyOf('lab/received/', good)]);
    const failures = service.logs().filter((l) => l.event === 'part-failed').map((l) => String(l.detail));
    assert.ok(failures.some((d) => /no 'DICM' marker|too short/.test(d)), failures.join('\n'));
    assert.ok(failures.some((d) => /text\/plain/.test(d)), failures.join('\n'));
  });

  it('answers protocol errors with what to do: 415, 400, 405, 404, and a cut-off body', async () => {
    const a = instance('errors/a');
    const wrongType = await post(`${service.base}/studies`, { 'Content-Type': 'application/dicom' }, a.bytes);
    assert.equal(wrongType.status, 415);
    assert.match(wrongType.body, /multipart\/related; type="application\/dicom"/);
    const metadata = await post(`${service.base}/studies`, { 'Content-Type': 'multipart/related; type="application/dicom+json"; boundary=x' }, multipart('x', [a.bytes]));
    assert.equal(metadata.status, 415);
    const empty = await post(`${service.base}/studies`, { 'Content-Type': RELATED('e') }, Buffer.from('--e--\r\n'));
    assert.equal(empty.status, 400);
    assert.match(empty.body, /no parts/);
    const badBoundary = await post(`${service.base}/studies`, { 'Content-Type': 'multipart/related; type="application/dicom"; boundary="semi;colon"' }, multipart('semi;colon', [a.bytes]));
    assert.equal(badBoundary.status, 400);
    assert.match(badBoundary.body, /not a valid RFC 2046 boundary/);
    const cut = await post(`${service.base}/studies`, { 'Content-Type': RELATED('c') }, multipart('c', [a.bytes]).subarray(0, 400));
    assert.equal(cut.status, 400);
    assert.match(cut.body, /ended before the closing delimiter.*Nothing was stored/);
    const get = await curl([`${service.base}/studies`]);
    assert.equal(get.status, 405);
    assert.equal(get.headers.allow, 'POST');
    assert.equal((await curl([`${service.base}/wado`])).status, 404);
    assert.equal((await s3.objects()).size, 0);
    assert.deepEqual(await s3.pendingUploads(), []);
  });

  it('exposes /health on the service port and on the plain health port', async () => {
    const main = await curl([`${service.base}/health`]);
    assert.equal(main.status, 200);
    assert.deepEqual(JSON.parse(main.body), { status: 'ok' });
    const health = await curl([`http://127.0.0.1:${service.healthPort}/health`]);
    assert.equal(health.status, 200);
    assert.equal((await curl([`http://127.0.0.1:${service.healthPort}/studies`])).status, 404);
  });

  it('logs one JSON object per line, with an access line per request', async () => {
    const logs = service.logs();
    assert.ok(logs.every((l) => l.level !== 'raw'), 'every stdout line is JSON');
    const access = logs.filter((l) => l.event === 'request' && l.path === '/studies');
    assert.ok(access.length >= 5);
    for (const line of access) {
      assert.equal(typeof line.status, 'number');
      assert.equal(typeof line.ms, 'number');
      assert.equal(line.client, '127.0.0.1');
      assert.match(String(line.time), /^\d{4}-\d\d-\d\dT/);
    }
  });
});

describe('STOW-RS-to-S3 service settings (PREFIX, LOGLEVEL, RESPONSEDELAY, no WADOURL)', function () {
  this.timeout(120_000);
  let s3: S3Standin;
  before(async () => {
    s3 = await startS3Standin();
  });
  after(async () => s3?.stop());

  it('writes keys at the bucket root for an empty or "/" PREFIX (never a leading "/")', async () => {
    for (const prefix of ['', '/']) {
      await s3.clear();
      const service = await startStowrsService({ s3, env: { PREFIX: prefix } });
      try {
        const a = instance(`root/${prefix}`);
        const res = await post(`${service.base}/studies`, { 'Content-Type': RELATED('r') }, multipart('r', [a.bytes]));
        assert.equal(res.status, 200, res.body);
        assert.deepEqual([...(await s3.objects()).keys()], [`${a.study}/${a.series}/${a.sop}.dcm`]);
        assert.equal(parseStowResponse(res.body).stored[0]?.retrieveUrl, undefined, 'no RetrieveURL without WADOURL');
      } finally {
        await service.stop();
      }
    }
  });

  it('refuses to start with an unusable PREFIX, saying which setting is wrong', async () => {
    await assert.rejects(startStowrsService({ s3, env: { PREFIX: '../escape' } }), /PREFIX segments/);
  });

  it('waits RESPONSEDELAY seconds before answering and logs only errors at LOGLEVEL=ERROR', async () => {
    const service = await startStowrsService({ s3, port: await freePort(), env: { RESPONSEDELAY: '1', LOGLEVEL: 'ERROR' } });
    try {
      const a = instance('delay/a');
      const started = performance.now();
      const res = await post(`${service.base}/studies`, { 'Content-Type': RELATED('d') }, multipart('d', [a.bytes]));
      assert.equal(res.status, 200);
      assert.ok(performance.now() - started >= 1000, 'answered before the configured delay');
      assert.deepEqual(service.logs(), [], 'no info lines at LOGLEVEL=ERROR (not even listening)');
    } finally {
      await service.stop();
    }
  });
});
