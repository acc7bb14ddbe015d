import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { runCli } from '../../../src/cli/main';
import { normalizePin } from '../../../src/core/dicom/pinnedAgent';
import { scanDicom, type DicomInstanceFile } from '../../../src/core/dicom/scanDicom';
import { sendInstances } from '../../../src/core/dicom/sendInstances';
import { testDicomWebConnection } from '../../../src/core/dicom/testConnection';
import { startOrthanc, type OrthancPeer } from '../../support/orthanc';
import { requireTool } from '../../support/requireTool';
import { makeTlsMaterial, startTlsProxy, type TlsMaterial, type TlsProxy } from '../../support/tlsProxy';
import { writeSyntheticSeries } from '../../unit/dicom/syntheticDicom';

const fingerprint = async (pem: string) => new X509Certificate(await readFile(pem)).fingerprint256;

describe('DICOMweb endpoints pinned to a certificate fingerprint (SHA-256)', function () {
  this.timeout(60_000);
  let orthanc: OrthancPeer;
  let material: TlsMaterial;
  /** A self-signed server certificate for orthanc.internal (not for 127.0.0.1, the address used). */
  let selfSigned: TlsProxy;
  let dir: string;
  let instances: DicomInstanceFile[];
  let pin: string;
  before(async () => {
    material = await makeTlsMaterial();
    orthanc = await startOrthanc({ user: { username: 'radiographer', password: 'pinned-secret' } });
    const [cert, key] = [join(material.dir, 'self-signed.crt'), join(material.dir, 'self-signed.key')];
    execFileSync(requireTool('openssl', 'openssl'), ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=orthanc.internal', '-addext', 'subjectAltName=DNS:orthanc.internal'], { stdio: 'ignore' });
    selfSigned = await startTlsProxy({ targetPort: Number(new URL(orthanc.url).port), material: { ...material, serverCert: cert, serverKey: key } });
    pin = await fingerprint(cert);
    dir = await mkdtemp(join(tmpdir(), 'stow-pin-'));
    await writeSyntheticSeries(dir, 'peer/pin', 4);
    instances = (await scanDicom([dir])).instances;
  });
  after(async () => {
    await selfSigned?.stop();
    await orthanc?.stop();
    await material?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const auth = { kind: 'basic' as const, username: 'radiographer', password: 'pinned-secret' };

  it('trusts a self-signed server whose certificate matches the pin: no CA, no insecure, no warning', async () => {
    const written = [pin, pin.replace(/:/g, '').toLowerCase(), `sha256:${pin}`];
    for (const pinSha256 of written) {
      const endpoint = { url: `${selfSigned.origin}/dicom-web`, auth, pinSha256 };
      const check = await testDicomWebConnection(endpoint);
      assert.equal(check.ok, true, check.message);
      assert.deepEqual(check.securityWarnings, []);
    }
    const report = await sendInstances(instances, [], { endpoint: { url: `${selfSigned.origin}/dicom-web`, auth, pinSha256: written[1] } });
    assert.ok(report.instances.every((i) => i.fate === 'stored'), report.instances[0]?.reason);
    assert.deepEqual(report.securityWarnings, []);
    assert.equal((await orthanc.storedSopInstanceUids()).size, 4);
    const unpinned = await testDicomWebConnection({ url: `${selfSigned.origin}/dicom-web`, auth });
    assert.equal(unpinned.ok, false, 'without the pin the same server is refused');
    assert.match(unpinned.message, /^the TLS certificate of 127\.0\.0\.1:\d+ is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/, unpinned.message);
  });

  it('refuses any other certificate, naming the expected and the served fingerprints, before a byte of the request is sent', async () => {
    // A TLS server with the right name and a CA we even trust, but not the pinned certificate.
    const received: Buffer[] = [];
    const [cert, key] = await Promise.all([readFile(material.serverCert), readFile(material.serverKey)]);
    const other: Server = createServer({ cert, key }, (socket) => socket.on('data', (chunk: Buffer) => received.push(chunk)));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as { port: number }).port;
    try {
      const endpoint = { url: `https://127.0.0.1:${port}/dicom-web`, auth, caFile: material.caCert, pinSha256: pin };
      const served = await fingerprint(material.serverCert);
      const expected = `the TLS certificate of 127.0.0.1:${port} is not the pinned one: expected SHA-256 ${pin}, the server presented ${served}.`;
      const check = await testDicomWebConnection(endpoint);
      assert.equal(check.ok, false);
      assert.ok(check.message.startsWith(expected), check.message);
      const report = await sendInstances(instances, [], { endpoint });
      assert.equal(report.requests, 1, 'a pin mismatch stops the send');
      assert.ok(report.instances.every((i) => i.fate === 'failed' && i.reason?.includes(expected)), report.instances[0]?.reason);
      assert.equal(Buffer.concat(received).length, 0, 'no request bytes, so no credentials, reached that server');
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('normalizes pins and explains a malformed one (also in the CLI)', async () => {
    assert.equal(normalizePin(pin.replace(/:/g, ' ').toLowerCase()), pin);
    assert.throws(() => normalizePin('AB:CD'), /not a SHA-256 fingerprint: expected 64 hexadecimal digits/);
    let err = '';
    const io = { out: () => undefined, err: (t: string) => (err += t), env: {}, signal: new AbortController().signal };
    assert.equal(await runCli(['send', '--url', `${selfSigned.origin}/dicom-web`, '--pin-sha256', 'not-a-pin', dir], io), 2);
    assert.match(err, /--pin-sha256: The certificate pin 'not-a-pin' is not a SHA-256 fingerprint/);
    await orthanc.clear();
    const code = await runCli(['send', '--url', `${selfSigned.origin}/dicom-web`, '--user', 'radiographer', '--password-env', 'PW', '--pin-sha256', pin, dir], { ...io, env: { PW: 'pinned-secret' } });
    assert.equal(code, 0, err);
    assert.equal((await orthanc.storedSopInstanceUids()).size, 4);
  });
});
