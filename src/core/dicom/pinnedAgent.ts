import { Agent as HttpsAgent, type AgentOptions, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';

/** Error code of a server whose certificate is not the pinned one. */
export const PIN_MISMATCH = 'ERR_TLS_PIN_MISMATCH';

/**
 * A SHA-256 certificate fingerprint as Node prints it (upper-case hex pairs joined by colons), from
 * hex with or without colons, spaces or a `sha256:` prefix; an error naming the setting otherwise.
 */
export function normalizePin(text: string): string {
  const hex = text.trim().replace(/^sha-?256[:=]\s*/i, '').replace(/[:\s]/g, '');
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    throw new Error(`The certificate pin '${text}' is not a SHA-256 fingerprint: expected 64 hexadecimal digits, with or without colons (as 'openssl x509 -noout -fingerprint -sha256' prints).`);
  }
  return hex.toUpperCase().match(/../g)?.join(':') ?? '';
}

/**
 * An HTTPS agent that trusts exactly one server certificate: the one whose SHA-256 fingerprint is
 * pinned. The chain and the host name are not checked (a self-signed certificate is fine, no CA
 * needed), the fingerprint always is, and a socket is handed to a request only after it matched,
 * so nothing (credentials included) is written to a server that presents another certificate.
 */
export class PinnedAgent extends HttpsAgent {
  constructor(
    options: AgentOptions,
    private readonly pin: string,
  ) {
    // Full handshakes only: a resumed session need not carry the certificate to compare.
    super({ ...options, rejectUnauthorized: false, maxCachedSessions: 0 });
  }

  override createConnection(options: RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const socket = super.createConnection(options) as TLSSocket;
    const failed = (error: Error) => callback?.(error, socket);
    socket.once('error', failed);
    socket.once('secureConnect', () => {
      socket.removeListener('error', failed);
      const served = socket.getPeerCertificate().fingerprint256 ?? '(none)';
      if (served === this.pin) {
        callback?.(null, socket);
        return;
      }
      const host = `${options.hostname ?? options.host ?? 'the server'}${options.port ? `:${options.port}` : ''}`;
      const error = Object.assign(
        new Error(
          `the TLS certificate of ${host} is not the pinned one: expected SHA-256 ${this.pin}, the server presented ${served}. If the certificate was replaced on purpose, update the pin where it comes from (a saved endpoint: edit its pin; a stack: the fingerprint its instance publishes, read again at each send); otherwise something else is answering at this address or intercepting the connection`,
        ),
        { code: PIN_MISMATCH },
      );
      socket.destroy();
      callback?.(error, socket);
    });
    return undefined;
  }
}
