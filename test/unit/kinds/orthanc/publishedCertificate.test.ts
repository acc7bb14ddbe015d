import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOT_YET_PUBLISHED } from '../../../../templates/cdk/orthanc/orthancData';
import { ORTHANC_EXTRA_OUTPUT } from '../../../../templates/cdk/orthanc/orthancStack';
import {
  checkServedCertificate,
  parsePublishedCa,
  parsePublishedFingerprint,
  PublishedCertificateError,
  TLS_CA_OUTPUT,
  TLS_FINGERPRINT_OUTPUT,
} from '../../../../src/core/kinds/orthanc/publishedCertificate';

/** Two certificate sets made by the instance's own script (openssl), like the instance does at first boot. */
function makeCertificates(): { dir: string; fingerprint: string; other: string } {
  const dir = mkdtempSync(join(tmpdir(), 'published-cert-'));
  const script = join(__dirname, '..', '..', '..', '..', 'templates', 'orthanc', 'make-certificate.sh');
  const fingerprint = execFileSync('bash', [script, join(dir, 'a'), '127.0.0.1', 'IP:127.0.0.1'], { encoding: 'utf8' }).trim();
  execFileSync('bash', [script, join(dir, 'b'), '127.0.0.1', 'IP:127.0.0.1']);
  return { dir, fingerprint, other: join(dir, 'b') };
}

describe('Orthanc: the published certificate fingerprint and CA', function () {
  this.timeout(30_000);
  let certs: ReturnType<typeof makeCertificates>;
  before(() => (certs = makeCertificates()));
  after(() => rmSync(certs.dir, { recursive: true, force: true }));

  it('names the same outputs as the template', () => {
    assert.equal(TLS_FINGERPRINT_OUTPUT, ORTHANC_EXTRA_OUTPUT.fingerprintParameter);
    assert.equal(TLS_CA_OUTPUT, ORTHANC_EXTRA_OUTPUT.caParameter);
  });

  it("treats the template's initial value as not published yet", () => {
    assert.deepEqual(parsePublishedFingerprint(NOT_YET_PUBLISHED), { state: 'pending' });
    assert.deepEqual(parsePublishedCa(NOT_YET_PUBLISHED), { state: 'pending' });
  });

  it('accepts what make-certificate.sh prints (any case, surrounding whitespace) and nothing else', () => {
    assert.deepEqual(parsePublishedFingerprint(` ${certs.fingerprint.toLowerCase()}\n`), { state: 'published', sha256: certs.fingerprint });
    for (const bad of ['', 'AA:BB', certs.fingerprint.replace(/:/g, ''), `${certs.fingerprint}:00`, `${certs.fingerprint}\nrm -rf /`, 'sha256 Fingerprint=AA']) {
      assert.throws(() => parsePublishedFingerprint(bad), PublishedCertificateError, JSON.stringify(bad));
    }
  });

  it('accepts the one-off CA, refuses a server certificate or garbage in its place', () => {
    const ca = parsePublishedCa(readFileSync(join(certs.dir, 'a', 'ca.crt'), 'utf8'));
    assert.equal(ca.state, 'published');
    if (ca.state === 'published') assert.match(ca.subject, /Imaging Lab Orthanc CA for 127\.0\.0\.1/);
    assert.throws(() => parsePublishedCa(readFileSync(join(certs.dir, 'a', 'server.crt'), 'utf8')), /not a CA certificate/);
    assert.throws(() => parsePublishedCa('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'), PublishedCertificateError);
    assert.throws(() => parsePublishedCa('<script>alert(1)</script>'), PublishedCertificateError);
  });

  it('matches the served certificate against the fingerprint and the CA, and tells a different certificate apart', () => {
    const served = readFileSync(join(certs.dir, 'a', 'server.crt'), 'utf8');
    const caPem = readFileSync(join(certs.dir, 'a', 'ca.crt'), 'utf8');
    assert.deepEqual(checkServedCertificate(served, certs.fingerprint, caPem), { matches: true, issuedByCa: true, sha256: certs.fingerprint });
    const other = readFileSync(join(certs.other, 'server.crt'), 'utf8');
    const check = checkServedCertificate(other, certs.fingerprint, caPem);
    assert.equal(check.matches, false);
    assert.equal(check.issuedByCa, false);
  });
});
