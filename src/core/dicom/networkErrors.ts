import { DEADLINE_EXCEEDED } from './httpExchange';
import { PIN_MISMATCH } from './pinnedAgent';

export interface NetworkProblem {
  readonly message: string;
  /** Worth retrying with backoff (the connection dropped, the server may be fine). */
  readonly transient: boolean;
  /** Nothing can succeed until it is fixed: the host is unreachable, its certificate is not accepted, or it is not the pinned one. */
  readonly blocking?: 'unreachable' | 'tls' | 'pin';
}

const TRANSIENT = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

const TLS_TRUST = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

/**
 * Turns a socket/TLS error into what happened and what to do about it. `withoutClientCert` marks
 * HTTPS without a client certificate: under TLS 1.3 a server that demands one may just reset.
 */
export function describeNetworkError(error: unknown, host: string, withoutClientCert = false): NetworkProblem {
  const code = String((error as NodeJS.ErrnoException).code ?? '');
  const text = (error as Error).message ?? String(error);
  // Every request would meet the same certificate: a send could only fail file by file.
  if (code === PIN_MISMATCH) return { message: text, transient: false, blocking: 'pin' };
  if (code === DEADLINE_EXCEEDED) {
    return { message: `${text}: the server is overloaded or trickling its answer; check it, or send smaller batches on a slow link`, transient: false };
  }
  if (TRANSIENT.has(code)) {
    const hint = withoutClientCert && (code === 'ECONNRESET' || code === 'EPIPE') ? '; if the server requires a client certificate (mutual TLS), set cert and key for this endpoint' : '';
    return { message: `connection to ${host} was interrupted (${code})${hint}`, transient: true };
  }
  if (code === 'ECONNREFUSED') return { message: `${host} refused the connection: check the host and port, and that the server is running`, transient: false, blocking: 'unreachable' };
  if (code === 'ENOTFOUND') return { message: `${host} was not found in DNS: check the URL`, transient: false, blocking: 'unreachable' };
  if (TLS_TRUST.has(code)) {
    return { message: `the TLS certificate of ${host} is not trusted (${code}): add its CA certificate file to the endpoint (ca), rather than turning verification off`, transient: false, blocking: 'tls' };
  }
  if (code === 'CERT_HAS_EXPIRED') return { message: `the TLS certificate of ${host} has expired: renew it on the server`, transient: false, blocking: 'tls' };
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return { message: `the TLS certificate does not match ${host}: use the host name the certificate was issued for`, transient: false, blocking: 'tls' };
  if (/CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|HANDSHAKE/i.test(`${code} ${text}`)) {
    return { message: `the TLS handshake with ${host} failed (${code || text}): the server may require a client certificate (cert + key) it trusts`, transient: false };
  }
  return { message: `request to ${host} failed: ${text}${code ? ` (${code})` : ''}`, transient: false };
}
