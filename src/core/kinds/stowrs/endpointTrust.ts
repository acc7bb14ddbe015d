import { X509Certificate } from 'node:crypto';

/** What the template's ClientCaCertificate parameter accepts (it keeps user data under 16 KB). */
export const CLIENT_CA_PARAMETER_MAX = 2400;

/**
 * The ClientCaCertificate parameter value for a CA the extension generated: the certificate's DER
 * as base64 on one line (public data; the key never leaves the machine). Refuses anything that is
 * not a CA certificate, so a client certificate cannot be handed over by mistake.
 */
export function clientCaParameterValue(caCertificatePem: string): string {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(caCertificatePem);
  } catch (error) {
    throw new Error(`The client CA is not a PEM certificate: ${(error as Error).message}`, { cause: error });
  }
  if (!cert.ca) throw new Error(`${cert.subject} is not a CA certificate; the STOW-RS stack needs the CA that signs client certificates.`);
  const value = cert.raw.toString('base64');
  if (value.length > CLIENT_CA_PARAMETER_MAX) {
    throw new Error(`The client CA certificate is ${value.length} base64 characters; the template accepts at most ${CLIENT_CA_PARAMETER_MAX} (use an RSA-2048 or EC CA).`);
  }
  return value;
}

const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

/**
 * The endpoint certificate's SHA-256 as the instance published it in SSM (untrusted: read from the
 * account), in the colon-separated upper-case form src/core/pki computes; undefined while the
 * instance has not published it yet or when the value is not a fingerprint.
 */
export function parseEndpointFingerprint(value: string | undefined): string | undefined {
  const text = value?.trim().toUpperCase();
  return text !== undefined && FINGERPRINT.test(text) ? text : undefined;
}

/**
 * The endpoint certificate PEM from SSM, accepted only if it is one well-formed certificate whose
 * fingerprint is the published one (both come from the account; each checks the other).
 */
export function endpointCertificate(pem: string | undefined, fingerprint: string): string | undefined {
  if (!pem || !/^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----(\r?\n)?$/.test(pem)) return undefined;
  try {
    return new X509Certificate(pem).fingerprint256 === fingerprint ? pem : undefined;
  } catch {
    return undefined;
  }
}
