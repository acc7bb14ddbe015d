import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { scanDicom } from '../../../src/core/dicom/scanDicom';
import { sendInstances } from '../../../src/core/dicom/sendInstances';
import type { SendProgress } from '../../../src/core/dicom/sendTypes';
import { testDicomWebConnection } from '../../../src/core/dicom/testConnection';
import { freePort, startOrthanc, type OrthancPeer } from '../../support/orthanc';
import { writeBadInputs } from '../../unit/dicom/badInputs';
import { writeSyntheticSeries } from '../../unit/dicom/syntheticDicom';

describe('STOW-RS to a real Orthanc', function () {
  this.timeout(120_000);
  let orthanc: OrthancPeer;
  let dir: string;
  before(async () => {
    orthanc = await startOrthanc();
    dir = await mkdtemp(join(tmpdir(), 'stow-'));
  });
  after(async () => {
    await orthanc?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => orthanc.clear());

  it('stores a generated set of 400 instances in parallel batches, exactly those UIDs, with progress', async () => {
    const uids = await writeSyntheticSeries(join(dir, 'many'), 'peer/many', 400);
    const scan = await scanDicom([join(dir, 'many')]);
    const updates: SendProgress[] = [];
    const report = await sendInstances(scan.instances, scan.skipped, {
      endpoint: { url: orthanc.dicomWeb },
      tuning: { batchCount: 37, batchBytes: 1024 * 1024, concurrency: 4 },
      onProgress: (p) => updates.push(p),
    });
    assert.equal(report.instances.filter((i) => i.fate === 'stored').length, 400);
    assert.equal(report.requests, Math.ceil(400 / 37));
    assert.deepEqual([...(await orthanc.storedSopInstanceUids())].sort(), [...uids].sort());
    const last = updates.at(-1);
    assert.deepEqual(last && { done: last.instancesDone, stored: last.stored, bytes: last.bytesSent }, { done: 400, stored: 400, bytes: scan.totalBytes });
    assert.ok(updates.every((u, i) => i === 0 || u.instancesDone >= (updates[i - 1]?.instancesDone ?? 0)));
  });

  it('also stores with chunked transfer encoding (no Content-Length) when asked', async () => {
    const uids = await writeSyntheticSeries(join(dir, 'chunked'), 'peer/chunked', 10);
    const scan = await scanDicom([join(dir, 'chunked')]);
    const report = await sendInstances(scan.instances, [], { endpoint: { url: orthanc.dicomWeb }, tuning: { chunked: true, batchCount: 4 } });
    assert.ok(report.instances.every((i) => i.fate === 'stored'), report.instances[0]?.reason);
    assert.deepEqual([...(await orthanc.storedSopInstanceUids())].sort(), [...uids].sort());
  });

  it('skips bad inputs with reasons and sends the valid files, meta-header defects with a warning', async () => {
    const { good, bad, tolerated } = await writeBadInputs(join(dir, 'bad'), 'peer/bad');
    const scan = await scanDicom([join(dir, 'bad')]);
    const report = await sendInstances(scan.instances, scan.skipped, { endpoint: { url: orthanc.dicomWeb } });
    assert.deepEqual(report.instances.map((i) => [basename(i.file.path), i.fate]), [[good.name, 'stored'], ...tolerated.map((t) => [t.name, 'stored'])]);
    assert.deepEqual(report.skipped.map((s) => basename(s.path)).sort(), bad.map((b) => b.name).sort());
    assert.deepEqual([...(await orthanc.storedSopInstanceUids())].sort(), [good.sopInstanceUid, ...tolerated.map((t) => t.sopInstanceUid)].sort());
  });

  it('reports 409 per instance when the Study Instance UID does not match /studies/{uid}, storing nothing', async () => {
    await writeSyntheticSeries(join(dir, 'conflict'), 'peer/conflict', 3);
    const scan = await scanDicom([join(dir, 'conflict')]);
    // Bypass the local study check to see the server's answer.
    const report = await sendInstances(scan.instances, [], { endpoint: { url: orthanc.dicomWeb }, studyInstanceUid: '1.2.3.4.5' });
    assert.deepEqual(report.instances.map((i) => i.fate), ['failed', 'failed', 'failed']);
    for (const i of report.instances) assert.match(i.reason ?? '', /HTTP 409 Conflict: the Study Instance UID does not match/);
    assert.equal((await orthanc.storedSopInstanceUids()).size, 0);
    const matching = await sendInstances(scan.instances, [], { endpoint: { url: orthanc.dicomWeb }, studyInstanceUid: scan.instances[0]?.studyInstanceUid ?? '' });
    assert.ok(matching.instances.every((i) => i.fate === 'stored'));
  });

  it('cancels mid-send with an honest partial account', async () => {
    await writeSyntheticSeries(join(dir, 'cancel'), 'peer/cancel', 120, { rows: 128, columns: 128 });
    const scan = await scanDicom([join(dir, 'cancel')]);
    const controller = new AbortController();
    const report = await sendInstances(scan.instances, [], {
      endpoint: { url: orthanc.dicomWeb },
      tuning: { batchCount: 10, concurrency: 1 },
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stored >= 30) controller.abort();
      },
    });
    assert.equal(report.cancelled, true);
    const stored = report.instances.filter((i) => i.fate === 'stored').map((i) => i.file.sopInstanceUid);
    const cancelled = report.instances.filter((i) => i.fate === 'cancelled');
    assert.ok(stored.length >= 30 && stored.length < 120);
    assert.equal(stored.length + cancelled.length, 120, 'every instance accounted for');
    assert.ok(cancelled.every((i) => /cancel/.test(i.reason ?? '')));
    const inOrthanc = await orthanc.storedSopInstanceUids();
    for (const uid of stored) assert.ok(inOrthanc.has(uid), 'reported stored means stored');
  });

  it('tests the connection with QIDO-RS and explains a refused port', async () => {
    const ok = await testDicomWebConnection({ url: `${orthanc.dicomWeb}/studies` });
    assert.equal(ok.ok, true, ok.message);
    const refused = await testDicomWebConnection({ url: `http://127.0.0.1:${await freePort()}/dicom-web` });
    assert.equal(refused.ok, false);
    assert.match(refused.message, /refused the connection: check the host and port/);
  });

  it('runs `imaging-lab send --json` with the documented account and exit code', async () => {
    await writeSyntheticSeries(join(dir, 'cli'), 'peer/cli', 5);
    const empty = join(dir, 'empty.dcm');
    await writeFile(empty, '');
    let out = '';
    let err = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (err += t), env: {}, signal: new AbortController().signal };
    const code = await runCli(['send', '--json', '--url', orthanc.dicomWeb, '--batch-count', '2', join(dir, 'cli'), empty], io);
    assert.equal(code, 0, err);
    const summary = JSON.parse(out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(summary), ['files', 'sent', 'stored', 'warnings', 'failed', 'skipped', 'scanWarnings', 'metaHeaderWritten', 'bytes', 'seconds', 'phases']);
    // seconds is the whole run, phases its parts (in-process here: no start phase).
    const phases = summary.phases as { start: number; scan: number; send: number };
    assert.deepEqual(Object.keys(phases), ['start', 'scan', 'send']);
    assert.equal(phases.start, 0);
    assert.ok(phases.scan > 0 && phases.send > 0, JSON.stringify(phases));
    assert.ok(Math.abs(phases.start + phases.scan + phases.send - (summary.seconds as number)) <= 0.003, JSON.stringify(summary));
    assert.deepEqual({ files: summary.files, sent: summary.sent, stored: summary.stored, failed: summary.failed }, { files: 6, sent: 5, stored: 5, failed: [] });
    assert.deepEqual(summary.skipped, [{ file: empty, reason: 'empty file (0 bytes)' }]);
    out = '';
    const usage = await runCli(['send', join(dir, 'cli')], io);
    assert.equal(usage, 2);
  });
});

describe('STOW-RS with basic authentication (Orthanc users)', function () {
  this.timeout(60_000);
  let orthanc: OrthancPeer;
  let dir: string;
  before(async () => {
    orthanc = await startOrthanc({ user: { username: 'researcher', password: 'correct horse' } });
    dir = await mkdtemp(join(tmpdir(), 'stow-auth-'));
    await writeSyntheticSeries(dir, 'peer/auth', 4);
  });
  after(async () => {
    await orthanc?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stops at the first 401 with what to do, never logging the password', async () => {
    const scan = await scanDicom([dir]);
    const lines: string[] = [];
    const report = await sendInstances(scan.instances, [], {
      endpoint: { url: orthanc.dicomWeb, auth: { kind: 'basic', username: 'researcher', password: 'wrong horse' } },
      tuning: { batchCount: 1, concurrency: 1 },
      log: (l) => lines.push(l),
    });
    assert.equal(report.requests, 1, 'no more requests after a 401');
    assert.ok(report.instances.every((i) => i.fate === 'failed' && /authentication \(HTTP 401\)/.test(i.reason ?? '')));
    assert.ok(!lines.join('\n').includes('horse'));
  });

  it('stores with the right password and passes the connection test', async () => {
    const endpoint = { url: orthanc.dicomWeb, auth: { kind: 'basic' as const, username: 'researcher', password: 'correct horse' } };
    assert.equal((await testDicomWebConnection(endpoint)).ok, true);
    const scan = await scanDicom([dir]);
    const report = await sendInstances(scan.instances, [], { endpoint });
    assert.ok(report.instances.every((i) => i.fate === 'stored'));
    assert.equal((await orthanc.storedSopInstanceUids()).size, 4);
  });
});
