import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { PublishedCertificateError } from './publishedCertificate';

const TIMEOUT_MS = 10_000;

/** The SHA-256 fingerprint of the certificate a TLS server presents (no chain check: only compared with a pin). */
export function servedFingerprint(url: URL, signal?: AbortSignal): Promise<string> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, rejectUnauthorized: false, ...(isIP(host) ? {} : { servername: host }) });
    const fail = (error: Error) => {
      socket.destroy();
      signal?.removeEventListener('abort', abort);
      reject(error);
    };
    const abort = () => fail(new Error('Cancelled.'));
    signal?.addEventListener('abort', abort, { once: true });
    socket.setTimeout(TIMEOUT_MS, () => fail(new PublishedCertificateError(`${url.host} did not complete a TLS handshake within ${TIMEOUT_MS / 1000} s; check that the stack is running and that "Allow my IP" opened port ${port}.`)));
    socket.once('error', (error) => fail(new PublishedCertificateError(`Cannot reach ${url.host} over TLS (${error.message}); check that the stack is running and that "Allow my IP" opened port ${port}.`, { cause: error })));
    socket.once('secureConnect', () => {
      const sha256 = socket.getPeerCertificate().fingerprint256 ?? '';
      signal?.removeEventListener('abort', abort);
      socket.end();
      resolve(sha256);
    });
  });
}

/** Refuses, saying what to do, unless the server presents the published certificate. */
export async function assertServesPublished(url: URL, published: string, stackName: string, signal?: AbortSignal): Promise<void> {
  const served = await servedFingerprint(url, signal);
  if (served.toUpperCase() === published.toUpperCase()) return;
  throw new PublishedCertificateError(
    `${url.host} presented a certificate (SHA-256 ${served || 'none'}) that is not the one Orthanc on ${stackName} published (${published}). Imaging Lab did not open or send anything. If the instance was replaced, wait for it to publish its new certificate; otherwise something is intercepting the connection.`,
  );
}
