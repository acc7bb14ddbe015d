import { readFile } from 'node:fs/promises';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { normalizePin, PinnedAgent } from './pinnedAgent';

export type DicomWebAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'bearer'; readonly token: string };

/** Where to send and how to authenticate; secrets come in here and never leave in logs or reports. */
export interface DicomWebEndpoint {
  /** DICOMweb base URL; a trailing `/studies` (the stack output form) is accepted too. */
  readonly url: string;
  readonly auth?: DicomWebAuth;
  /** PEM files: extra trusted CA, and a client certificate + key for mutual TLS. */
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  /** Skip TLS verification; only ever an explicit opt-in, always reported as a warning. */
  readonly insecure?: boolean;
  /**
   * SHA-256 fingerprint of the server's certificate (hex, colons optional): when set, that
   * certificate and no other is trusted, self-signed or not, whatever the CA settings say.
   */
  readonly pinSha256?: string;
}

/** Builds an endpoint from the flat form settings and CLI flags use (empty values mean "not set"). */
export function makeEndpoint(url: string, auth: DicomWebAuth, tls: { ca?: string; cert?: string; key?: string; insecure?: boolean; pinSha256?: string }): DicomWebEndpoint {
  return {
    url,
    auth,
    ...(tls.ca ? { caFile: tls.ca } : {}),
    ...(tls.cert ? { certFile: tls.cert } : {}),
    ...(tls.key ? { keyFile: tls.key } : {}),
    ...(tls.insecure ? { insecure: true } : {}),
    ...(tls.pinSha256 ? { pinSha256: tls.pinSha256 } : {}),
  };
}

/** The base URL without a trailing slash or `/studies`. */
export function dicomWebBase(url: string): URL {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`DICOMweb URL must start with http:// or https:// (got ${parsed.protocol})`);
  if (parsed.username || parsed.password) throw new Error('Put credentials in the endpoint auth settings, not in the URL.');
  parsed.pathname = parsed.pathname.replace(/\/+$/, '').replace(/\/studies$/, '');
  parsed.search = '';
  parsed.hash = '';
  return parsed;
}

export function studiesUrl(endpoint: DicomWebEndpoint, studyInstanceUid?: string): URL {
  const base = dicomWebBase(endpoint.url);
  // A host-root base has pathname "/" (URL never lets it be empty): join without doubling the slash.
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/studies${studyInstanceUid ? `/${encodeURIComponent(studyInstanceUid)}` : ''}`;
  return base;
}

/** The endpoint URL as it may appear in logs and reports. */
export function displayUrl(endpoint: DicomWebEndpoint): string {
  return dicomWebBase(endpoint.url).toString();
}

export function authorizationHeader(auth: DicomWebAuth | undefined): string | undefined {
  if (!auth || auth.kind === 'none') return undefined;
  if (auth.kind === 'basic') return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
  return `Bearer ${auth.token}`;
}

/** Warnings a person must see before trusting the result (reported every time, never silenced). */
export function securityWarnings(endpoint: DicomWebEndpoint): string[] {
  const warnings: string[] = [];
  const base = dicomWebBase(endpoint.url);
  if (endpoint.insecure && base.protocol === 'https:' && !endpoint.pinSha256) {
    warnings.push(`TLS certificate verification is OFF for ${base.host} (insecure setting): anyone on the path could read or alter the images.`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(base.hostname);
  if (base.protocol === 'http:' && !loopback) {
    warnings.push(`${base.host} is reached over plain HTTP: images${endpoint.auth && endpoint.auth.kind !== 'none' ? ' and credentials' : ''} travel unencrypted.`);
  }
  return warnings;
}

/** A keep-alive agent with the endpoint's TLS material, sized for the parallel batches. */
export async function createAgent(endpoint: DicomWebEndpoint, maxSockets: number): Promise<HttpAgent> {
  const base = dicomWebBase(endpoint.url);
  if (base.protocol === 'http:') return new HttpAgent({ keepAlive: true, maxSockets });
  const read = async (file: string | undefined, what: string) => {
    if (!file) return undefined;
    try {
      return await readFile(file);
    } catch (error) {
      throw new Error(`Cannot read the ${what} file ${file}: ${(error as Error).message}. Fix the path in the endpoint settings.`, { cause: error });
    }
  };
  const [ca, cert, key] = await Promise.all([read(endpoint.caFile, 'CA certificate'), read(endpoint.certFile, 'client certificate'), read(endpoint.keyFile, 'client key')]);
  if ((cert && !key) || (key && !cert)) throw new Error('Mutual TLS needs both a client certificate and its key.');
  if (endpoint.pinSha256) return new PinnedAgent({ keepAlive: true, maxSockets, ...(cert ? { cert } : {}), ...(key ? { key } : {}) }, normalizePin(endpoint.pinSha256));
  return new HttpsAgent({
    keepAlive: true,
    maxSockets,
    // A custom CA is added to Node's bundled roots, not used instead of them.
    ...(ca ? { ca: [ca, ...(await defaultRoots())] } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    rejectUnauthorized: endpoint.insecure !== true,
  });
}

async function defaultRoots(): Promise<string[]> {
  const tls = await import('node:tls');
  return [...tls.rootCertificates];
}
