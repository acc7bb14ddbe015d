// A small private PKI for the kinds that need mutual TLS (STOW-RS client certificates, the lab's
// Client VPN): a CA, server and client certificates signed by it. Keys come from Node's native
// crypto (RSA 2048, what ACM, AWS Client VPN and OpenVPN all accept); node-forge, loaded on first
// use, only assembles and signs the X.509 structures.
import { generateKeyPair, randomBytes, X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';

/** A certificate with its private key, both PEM, and the certificate's SHA-256 fingerprint. */
export interface KeyMaterial {
  readonly certificatePem: string;
  /** PKCS#8 PEM. Never log it; write it with `writeKeyMaterial` (0600). */
  readonly privateKeyPem: string;
  /** Colon-separated upper-case hex of SHA-256 over the DER certificate, as `openssl x509 -fingerprint -sha256` prints it. */
  readonly fingerprintSha256: string;
}

export interface CertificateAuthorityRequest {
  readonly commonName: string;
  readonly organization?: string;
  readonly validityDays?: number;
  /** Clock for tests; defaults to now. */
  readonly now?: Date;
}

export type CertificateUsage = 'server' | 'client';

export interface CertificateRequest {
  readonly commonName: string;
  readonly usage: CertificateUsage;
  /** Subject alternative names: DNS names (server certificates need at least one name or address). */
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly validityDays?: number;
  readonly now?: Date;
}

const DAY_MS = 86_400_000;
/** CAs live as long as the stack may; leaf certificates stay within the 825 days clients accept. */
const CA_DAYS = 3650;
const LEAF_DAYS = 825;
const DNS_NAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** Subject values are ours, but a CN from a stack name must not smuggle structure into the DN. */
const SUBJECT_TEXT = /^[A-Za-z0-9 ._:@()-]{1,64}$/;

type Forge = typeof import('node-forge');
let forgeModule: Promise<Forge> | undefined;
function forge(): Promise<Forge> {
  forgeModule ??= import('node-forge').then((m) => ((m as { default?: Forge }).default ?? m) as Forge);
  return forgeModule;
}

const generateRsa = promisify(generateKeyPair);

async function rsaKeyPair(): Promise<{ publicKeyPem: string; privateKeyPem: string }> {
  const { publicKey, privateKey } = await generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

function checkSubject(field: string, value: string): void {
  if (!SUBJECT_TEXT.test(value)) throw new Error(`${field} '${value}' is not usable in a certificate subject (1-64 letters, digits, spaces and ._:@()-).`);
}

/** Random positive serial of 16 bytes (RFC 5280: at most 20 octets, positive). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  if (bytes[0] === 0) bytes[0] = 0x01;
  return bytes.toString('hex');
}

/** Same format as `openssl x509 -fingerprint -sha256`: AB:CD:... over the DER certificate. */
export function certificateFingerprint(certificatePem: string): string {
  return new X509Certificate(certificatePem).fingerprint256;
}

function validity(now: Date | undefined, days: number): { notBefore: Date; notAfter: Date } {
  const start = now ?? new Date();
  // A minute of slack for clocks that run slightly behind ours.
  return { notBefore: new Date(start.getTime() - 60_000), notAfter: new Date(start.getTime() + days * DAY_MS) };
}

function material(f: Forge, cert: import('node-forge').pki.Certificate, privateKeyPem: string): KeyMaterial {
  const certificatePem = f.pki.certificateToPem(cert);
  return { certificatePem, privateKeyPem, fingerprintSha256: certificateFingerprint(certificatePem) };
}

/** A self-signed CA that can sign leaf certificates only (path length 0). */
export async function generateCertificateAuthority(request: CertificateAuthorityRequest): Promise<KeyMaterial> {
  checkSubject('CA common name', request.commonName);
  if (request.organization !== undefined) checkSubject('organization', request.organization);
  const [f, keys] = await Promise.all([forge(), rsaKeyPair()]);
  const cert = f.pki.createCertificate();
  cert.publicKey = f.pki.publicKeyFromPem(keys.publicKeyPem);
  cert.serialNumber = serialNumber();
  Object.assign(cert.validity, validity(request.now, request.validityDays ?? CA_DAYS));
  const subject = [{ shortName: 'CN', value: request.commonName }, ...(request.organization ? [{ shortName: 'O', value: request.organization }] : [])];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(f.pki.privateKeyFromPem(keys.privateKeyPem), f.md.sha256.create());
  return material(f, cert, keys.privateKeyPem);
}

/** A server or client certificate signed by `ca`. */
export async function issueCertificate(ca: KeyMaterial, request: CertificateRequest): Promise<KeyMaterial> {
  checkSubject('common name', request.commonName);
  const dnsNames = request.dnsNames ?? [];
  const ipAddresses = request.ipAddresses ?? [];
  for (const name of dnsNames) if (!DNS_NAME.test(name)) throw new Error(`'${name}' is not a DNS name.`);
  for (const ip of ipAddresses) if (!IPV4.test(ip)) throw new Error(`'${ip}' is not an IPv4 address.`);
  if (request.usage === 'server' && dnsNames.length + ipAddresses.length === 0) {
    throw new Error('A server certificate needs at least one DNS name or IP address: clients check the name against it.');
  }
  const [f, keys] = await Promise.all([forge(), rsaKeyPair()]);
  const caCert = f.pki.certificateFromPem(ca.certificatePem);
  const cert = f.pki.createCertificate();
  cert.publicKey = f.pki.publicKeyFromPem(keys.publicKeyPem);
  cert.serialNumber = serialNumber();
  Object.assign(cert.validity, validity(request.now, request.validityDays ?? LEAF_DAYS));
  cert.setSubject([{ shortName: 'CN', value: request.commonName }]);
  cert.setIssuer(caCert.subject.attributes);
  const altNames = [...dnsNames.map((value) => ({ type: 2, value })), ...ipAddresses.map((ip) => ({ type: 7, ip }))];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: request.usage === 'server', clientAuth: request.usage === 'client' },
    ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : []),
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(f.pki.privateKeyFromPem(ca.privateKeyPem), f.md.sha256.create());
  return material(f, cert, keys.privateKeyPem);
}

/** True when `certificatePem` was signed by `caPem` and is within its validity period at `at`. */
export function isIssuedBy(certificatePem: string, caPem: string, at: Date = new Date()): boolean {
  const cert = new X509Certificate(certificatePem);
  const ca = new X509Certificate(caPem);
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
  return new Date(cert.validFrom) <= at && at <= new Date(cert.validTo);
}
