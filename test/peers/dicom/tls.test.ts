import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanDicom, type DicomInstanceFile } from '../../../src/core/dicom/scanDicom';
import { sendInstances } from '../../../src/core/dicom/sendInstances';
import { testDicomWebConnection } from '../../../src/core/dicom/testConnection';
import { startOrthanc, type OrthancPeer } from '../../support/orthanc';
import { makeTlsMaterial, startTlsProxy, type TlsMaterial, type TlsProxy } from '../../support/tlsProxy';
import { writeSyntheticSeries } from '../../unit/dicom/syntheticDicom';

describe('STOW-RS over TLS and mutual TLS (TLS-terminating proxy in front of Orthanc)', function () {
  this.timeout(60_000);
  let orthanc: OrthancPeer;
  let material: TlsMaterial;
  let tls: TlsProxy;
  let mtls: TlsProxy;
  let dir: string;
  let instances: DicomInstanceFile[];
  before(async () => {
    material = await makeTlsMaterial();
    orthanc = await startOrthanc();
    const port = Number(new URL(orthanc.url).port);
    tls = await startTlsProxy({ targetPort: port, material });
    mtls = await startTlsProxy({ targetPort: port, material, requireClientCert: true });
    dir = await mkdtemp(join(tmpdir(), 'stow-tls-'));
    await writeSyntheticSeries(dir, 'peer/tls', 6);
    instances = (await scanDicom([dir])).instances;
  });
  after(async () => {
    await tls?.stop();
    await mtls?.stop();
    await orthanc?.stop();
    await material?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => orthanc.clear());

  it('refuses an untrusted server certificate by default, and an unrelated CA does not help', async () => {
    for (const endpoint of [{ url: `${tls.origin}/dicom-web` }, { url: `${tls.origin}/dicom-web`, caFile: material.otherCaCert }]) {
      const report = await sendInstances(instances, [], { endpoint });
      assert.ok(report.instances.every((i) => i.fate === 'failed' && /certificate of 127\.0\.0\.1:\d+ is not trusted.*add its CA certificate/.test(i.reason ?? '')), report.instances[0]?.reason);
      assert.equal(report.requests, 1, 'a TLS trust failure stops the send');
    }
    assert.equal((await orthanc.storedSopInstanceUids()).size, 0);
    const check = await testDicomWebConnection({ url: `${tls.origin}/dicom-web` });
    assert.equal(check.ok, false);
  });

  it('stores through TLS when the endpoint trusts the CA, with no security warning', async () => {
    const endpoint = { url: `${tls.origin}/dicom-web`, caFile: material.caCert };
    assert.equal((await testDicomWebConnection(endpoint)).ok, true);
    const report = await sendInstances(instances, [], { endpoint });
    assert.ok(report.instances.every((i) => i.fate === 'stored'));
    assert.deepEqual(report.securityWarnings, []);
    assert.equal((await orthanc.storedSopInstanceUids()).size, 6);
  });

  it('stores with insecure only as an explicit opt-in, reported as a warning', async () => {
    const report = await sendInstances(instances, [], { endpoint: { url: `${tls.origin}/dicom-web`, insecure: true } });
    assert.ok(report.instances.every((i) => i.fate === 'stored'));
    assert.match(report.securityWarnings.join('\n'), /TLS certificate verification is OFF/);
  });

  it('needs a client certificate for mutual TLS and stores with cert + key', async () => {
    const without = await sendInstances(instances, [], { endpoint: { url: `${mtls.origin}/dicom-web`, caFile: material.caCert }, tuning: { baseDelayMs: 20, maxDelayMs: 100 } });
    assert.ok(without.instances.every((i) => i.fate === 'failed'));
    // With TLS 1.3 the server checks the client certificate after the client's handshake completes, so
    // the client may see the alert or only a reset (retried); either way the reason names the fix.
    assert.match(without.instances[0]?.reason ?? '', /client certificate/, without.instances[0]?.reason);
    assert.equal((await orthanc.storedSopInstanceUids()).size, 0);
    const endpoint = { url: `${mtls.origin}/dicom-web`, caFile: material.caCert, certFile: material.clientCert, keyFile: material.clientKey };
    assert.equal((await testDicomWebConnection(endpoint)).ok, true);
    const report = await sendInstances(instances, [], { endpoint });
    assert.ok(report.instances.every((i) => i.fate === 'stored'), report.instances[0]?.reason);
    assert.equal((await orthanc.storedSopInstanceUids()).size, 6);
  });
});
