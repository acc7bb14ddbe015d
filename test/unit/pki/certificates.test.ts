import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateFingerprint, generateCertificateAuthority, isIssuedBy, issueCertificate, type KeyMaterial } from '../../../src/core/pki/certificates';
import { keyMaterialFiles, readKeyMaterial, writeKeyMaterial } from '../../../src/core/pki/keyMaterialFiles';

describe('private PKI (CA, server and client certificates)', function () {
  this.timeout(60_000);
  let ca: KeyMaterial;
  let otherCa: KeyMaterial;
  before(async () => {
    [ca, otherCa] = await Promise.all([
      generateCertificateAuthority({ commonName: 'Imaging Lab CA test', organization: 'Imaging Lab' }),
      generateCertificateAuthority({ commonName: 'Someone else' }),
    ]);
  });

  it('makes a CA that may sign leaf certificates only, with a fingerprint matching the DER certificate', () => {
    const cert = new X509Certificate(ca.certificatePem);
    assert.equal(cert.ca, true);
    assert.match(cert.subject, /CN=Imaging Lab CA test/);
    assert.equal(cert.subject, cert.issuer);
    assert.match(ca.fingerprintSha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.equal(ca.fingerprintSha256, certificateFingerprint(ca.certificatePem));
    assert.match(ca.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(cert.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
  });

  it('issues a server certificate for the names and addresses asked, signed by the CA', async () => {
    const server = await issueCertificate(ca, { commonName: 'server', usage: 'server', dnsNames: ['localhost', 'stow.internal'], ipAddresses: ['127.0.0.1'] });
    const cert = new X509Certificate(server.certificatePem);
    assert.equal(cert.ca, false);
    assert.equal(cert.checkHost('stow.internal'), 'stow.internal');
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(cert.checkHost('other.internal'), undefined);
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.ok(isIssuedBy(server.certificatePem, ca.certificatePem));
    assert.ok(!isIssuedBy(server.certificatePem, otherCa.certificatePem));
  });

  it('issues a client certificate for client authentication only', async () => {
    const client = await issueCertificate(ca, { commonName: 'researcher', usage: 'client' });
    assert.deepEqual(new X509Certificate(client.certificatePem).keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.ok(isIssuedBy(client.certificatePem, ca.certificatePem));
  });

  it('says a certificate is not valid outside its validity period', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const leaf = await issueCertificate(ca, { commonName: 'short', usage: 'client', validityDays: 1, now });
    assert.ok(!isIssuedBy(leaf.certificatePem, ca.certificatePem, new Date('2030-01-03T00:00:00Z')));
    assert.ok(!isIssuedBy(leaf.certificatePem, ca.certificatePem, new Date('2029-12-31T00:00:00Z')));
  });

  it('refuses names that are not names, and a server certificate without any', async () => {
    await assert.rejects(issueCertificate(ca, { commonName: 'x', usage: 'server' }), /at least one DNS name or IP address/);
    await assert.rejects(issueCertificate(ca, { commonName: 'x', usage: 'server', dnsNames: ['bad name'] }), /not a DNS name/);
    await assert.rejects(issueCertificate(ca, { commonName: 'x', usage: 'server', ipAddresses: ['300.1.1.1'] }), /not an IPv4 address/);
    await assert.rejects(issueCertificate(ca, { commonName: 'CN=evil,O=x', usage: 'client' }), /not usable in a certificate subject/);
    await assert.rejects(generateCertificateAuthority({ commonName: 'line\nbreak' }), /not usable/);
  });

  it('writes the key 0600 in a 0700 folder and reads the pair back', async () => {
    const root = mkdtempSync(join(tmpdir(), 'imaging-lab-pki-'));
    try {
      const dir = join(root, 'certs');
      const files = await writeKeyMaterial(dir, 'stow-client', ca);
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      assert.equal(statSync(files.keyFile).mode & 0o777, 0o600);
      const back = await readKeyMaterial(dir, 'stow-client');
      assert.deepEqual(back, ca);
      assert.equal(await readKeyMaterial(dir, 'absent'), undefined);
      assert.throws(() => keyMaterialFiles(dir, '../escape'), /cannot name a certificate file/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
