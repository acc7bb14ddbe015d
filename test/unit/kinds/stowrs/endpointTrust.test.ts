import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { generateCertificateAuthority, issueCertificate } from '../../../../src/core/pki/certificates';
import { clientCaParameterValue, endpointCertificate, parseEndpointFingerprint } from '../../../../src/core/kinds/stowrs/endpointTrust';
import { serviceBundleObject } from '../../../../src/core/kinds/stowrs/serviceBundle';

describe('stowrs kind: client CA parameter, endpoint fingerprint, service bundle', () => {
  it('turns a generated CA into the ClientCaCertificate value (base64 DER) and refuses a leaf certificate', async () => {
    const ca = await generateCertificateAuthority({ commonName: 'Imaging Lab STOW-RS clients' });
    const value = clientCaParameterValue(ca.certificatePem);
    assert.match(value, /^[A-Za-z0-9+/]+=*$/);
    assert.equal(new X509Certificate(Buffer.from(value, 'base64')).fingerprint256, ca.fingerprintSha256);
    const leaf = await issueCertificate(ca, { commonName: 'client', usage: 'client' });
    assert.throws(() => clientCaParameterValue(leaf.certificatePem), /is not a CA certificate/);
    assert.throws(() => clientCaParameterValue('not a certificate'), /not a PEM certificate/);
  });

  it('accepts a published fingerprint only in the SHA-256 colon form, and the certificate only when it matches it', async () => {
    const ca = await generateCertificateAuthority({ commonName: 'Endpoint' });
    assert.equal(parseEndpointFingerprint(ca.fingerprintSha256.toLowerCase()), ca.fingerprintSha256);
    for (const bad of [undefined, '', 'pending: the instance publishes this at its first boot', 'AB:CD', `${ca.fingerprintSha256}:00`, ca.fingerprintSha256.replace(/:/g, '')]) {
      assert.equal(parseEndpointFingerprint(bad), undefined, String(bad));
    }
    assert.equal(endpointCertificate(ca.certificatePem, ca.fingerprintSha256), ca.certificatePem);
    const other = await generateCertificateAuthority({ commonName: 'Other' });
    assert.equal(endpointCertificate(other.certificatePem, ca.fingerprintSha256), undefined);
    assert.equal(endpointCertificate(`${ca.certificatePem}${other.certificatePem}`, ca.fingerprintSha256), undefined, 'one certificate only');
  });

  it('stages the bundle under its own SHA-256', () => {
    const object = serviceBundleObject(Buffer.from('bundle'));
    assert.equal(object.sha256, createHash('sha256').update('bundle').digest('hex'));
    assert.equal(object.key, `stowrs/${object.sha256}/stowrs-service.js`);
    assert.notEqual(serviceBundleObject(Buffer.from('bundle2')).key, object.key);
  });
});
