import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanDicom, type DicomInstanceFile } from '../../../src/core/dicom/scanDicom';
import { sendInstances } from '../../../src/core/dicom/sendInstances';
import { startFaultProxy, type FaultProxy } from '../../support/faultProxy';
import { startOrthanc, type OrthancPeer } from '../../support/orthanc';
import { writeSyntheticSeries } from '../../unit/dicom/syntheticDicom';

const FAST_RETRY = { baseDelayMs: 20, maxDelayMs: 200 };

describe('STOW-RS retries and exact accounting under injected faults (proxy in front of Orthanc)', function () {
  this.timeout(60_000);
  let orthanc: OrthancPeer;
  let proxy: FaultProxy;
  let dir: string;
  let instances: DicomInstanceFile[];
  const all = () => instances.map((i) => i.sopInstanceUid).sort();
  const endpoint = () => ({ url: `${proxy.origin}/dicom-web` });

  before(async () => {
    orthanc = await startOrthanc();
    proxy = await startFaultProxy(Number(new URL(orthanc.url).port));
    dir = await mkdtemp(join(tmpdir(), 'stow-faults-'));
    await writeSyntheticSeries(dir, 'peer/faults', 12, { rows: 128, columns: 128 });
    instances = (await scanDicom([dir])).instances;
  });
  after(async () => {
    await proxy?.stop();
    await orthanc?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await orthanc.clear();
    proxy.plan.length = 0;
    proxy.log.length = 0;
  });

  it('retries a 503 (and a 429 with Retry-After) and stores everything once', async () => {
    proxy.plan.push({ kind: 'status', status: 503 }, { kind: 'status', status: 429, retryAfter: '0' });
    const report = await sendInstances(instances, [], { endpoint: endpoint(), tuning: { ...FAST_RETRY, batchCount: 6, concurrency: 1 } });
    assert.deepEqual(proxy.log.map((l) => l.fault), ['status', 'status', 'forward', 'forward']);
    assert.equal(report.retries, 2);
    assert.ok(report.instances.every((i) => i.fate === 'stored' && i.attempts === 2));
    assert.deepEqual([...(await orthanc.storedSopInstanceUids())].sort(), all());
  });

  it('resends a batch whose connection was reset mid-body, with a fresh stream', async () => {
    proxy.plan.push({ kind: 'reset', afterBytes: 100_000 });
    const report = await sendInstances(instances, [], { endpoint: endpoint(), tuning: { ...FAST_RETRY, batchCount: 12, concurrency: 1 } });
    assert.equal(proxy.log[0]?.fault, 'reset');
    assert.ok((proxy.log[0]?.bytes ?? 0) < instances.reduce((s, i) => s + i.size, 0));
    assert.equal(proxy.log[1]?.fault, 'forward');
    assert.ok(report.instances.every((i) => i.fate === 'stored' && i.attempts === 2));
    assert.deepEqual([...(await orthanc.storedSopInstanceUids())].sort(), all());
  });

  it('on a 202 with out-of-resources failures resends only those instances', async () => {
    proxy.plan.push({ kind: 'fail-some', count: 3, failureReason: 0xa700 });
    const report = await sendInstances(instances, [], { endpoint: endpoint(), tuning: { ...FAST_RETRY, batchCount: 12, concurrency: 1 } });
    const failedFirst = new Set(proxy.log[0]?.failedUids);
    assert.equal(failedFirst.size, 3);
    assert.equal(proxy.log.length, 2);
    for (const i of report.instances) {
      assert.equal(i.fate, 'stored');
      assert.equal(i.attempts, failedFirst.has(i.file.sopInstanceUid) ? 2 : 1, 'only unconfirmed instances are resent');
    }
  });

  it('on a 202 with a permanent failure reports exactly those instances failed with the decoded reason', async () => {
    proxy.plan.push({ kind: 'fail-some', count: 2, failureReason: 0xc122 }, { kind: 'status', status: 503 });
    const report = await sendInstances(instances, [], { endpoint: endpoint(), tuning: { ...FAST_RETRY, batchCount: 6, concurrency: 1 } });
    const failedUids = proxy.log[0]?.failedUids ?? [];
    const failed = report.instances.filter((i) => i.fate === 'failed');
    assert.deepEqual(failed.map((i) => i.file.sopInstanceUid).sort(), [...failedUids].sort());
    for (const f of failed) assert.match(f.reason ?? '', /^C122: transfer syntax not supported .*HTTP 202/);
    assert.equal(report.instances.filter((i) => i.fate === 'stored').length, 10);
    assert.equal(report.retries, 1, 'the 503 on the second batch was retried once');
  });

  it('gives up after maxAttempts with the last reason, keeping the account exact', async () => {
    for (let n = 0; n < 3; n++) proxy.plan.push({ kind: 'status', status: 503 });
    const report = await sendInstances(instances.slice(0, 2), [], { endpoint: endpoint(), tuning: { ...FAST_RETRY, maxAttempts: 3, batchCount: 10, concurrency: 1 } });
    assert.ok(report.instances.every((i) => i.fate === 'failed' && /^gave up after 3 attempts: HTTP 503/.test(i.reason ?? '')));
    assert.equal(proxy.log.length, 3);
    assert.equal((await orthanc.storedSopInstanceUids()).size, 0);
  });
});
