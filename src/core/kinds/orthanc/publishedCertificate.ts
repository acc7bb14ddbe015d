import { X509Certificate } from 'node:crypto';
import { certificateFingerprint, isIssuedBy } from '../../pki/certificates';

/**
 * What the Orthanc instance publishes about its TLS certificate (two SSM parameters named by the
 * stack outputs TlsFingerprintParameter and TlsCaCertificateParameter). Both are read from the
 * account, so both are untrusted text until they pass these grammars. Until the first boot has
 * made the certificate, the parameters hold the template's "pending: ..." value.
 */
export type Published<T> = { readonly state: 'pending' } | ({ readonly state: 'published' } & T);

/** Output keys of the Orthanc stack naming the two parameters. */
export const TLS_FINGERPRINT_OUTPUT = 'TlsFingerprintParameter';
export const TLS_CA_OUTPUT = 'TlsCaCertificateParameter';

/** SHA-256 as `openssl x509 -fingerprint -sha256` and Node's `fingerprint256` print it: 32 colon-separated hex bytes. */
const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;
const PENDING = /^pending:/;
const PEM = /^-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=]{1,76}\r?\n){3,100}-----END CERTIFICATE-----\r?\n?$/;

export class PublishedCertificateError extends Error {}

export function parsePublishedFingerprint(value: string): Published<{ readonly sha256: string }> {
  const text = value.trim();
  if (PENDING.test(text)) return { state: 'pending' };
  const sha256 = text.toUpperCase();
  if (!FINGERPRINT.test(sha256)) {
    throw new PublishedCertificateError('The published certificate fingerprint is not a SHA-256 fingerprint (AA:BB:…, 32 bytes); the stack may not be an Imaging Lab Orthanc stack. Check its TlsFingerprintParameter.');
  }
  return { state: 'published', sha256 };
}

/** The one-off CA that signed the server certificate: a single CA certificate, nothing else. */
export function parsePublishedCa(value: string): Published<{ readonly pem: string; readonly sha256: string; readonly subject: string }> {
  const text = value.trim();
  if (PENDING.test(text)) return { state: 'pending' };
  const pem = `${text}\n`;
  if (!PEM.test(pem)) throw new PublishedCertificateError('The published CA is not one PEM certificate; check the stack\'s TlsCaCertificateParameter.');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (error) {
    throw new PublishedCertificateError(`The published CA certificate cannot be read: ${(error as Error).message}.`, { cause: error });
  }
  if (!certificate.ca) throw new PublishedCertificateError('The published CA certificate is not a CA certificate (basicConstraints CA:FALSE).');
  return { state: 'published', pem, sha256: certificate.fingerprint256, subject: certificate.subject };
}

/** Does the certificate a server presented (PEM or DER) carry the published fingerprint, and was it signed by the published CA (and in date)? */
export function checkServedCertificate(served: string | Buffer, fingerprint: string, caPem?: string): { readonly matches: boolean; readonly issuedByCa?: boolean; readonly sha256: string } {
  const pem = typeof served === 'string' ? served : new X509Certificate(served).toString();
  const sha256 = certificateFingerprint(pem);
  const matches = sha256 === fingerprint.toUpperCase();
  return caPem ? { matches, issuedByCa: isIssuedBy(pem, caPem), sha256 } : { matches, sha256 };
}
