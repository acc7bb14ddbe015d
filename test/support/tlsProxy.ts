import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type TLSSocket } from 'node:tls';
import { requireTool } from './requireTool';

/** PEM files made with the openssl CLI in a temp dir (0700 by mkdtemp). */
export interface TlsMaterial {
  readonly dir: string;
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCaCert: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** A CA that signed nothing here: trusting it must not make the server trusted. */
  readonly otherCaCert: string;
  cleanup(): Promise<void>;
}

export async function makeTlsMaterial(): Promise<TlsMaterial> {
  const openssl = requireTool('openssl', 'openssl');
  const dir = await mkdtemp(join(tmpdir(), 'tls-'));
  const p = (name: string) => join(dir, name);
  const run = (...args: string[]) => execFileSync(openssl, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const makeCa = (name: string, cn: string) =>
    run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', p(`${name}.key`), '-out', p(`${name}.crt`), '-days', '2', '-subj', `/CN=${cn}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  const makeLeaf = async (name: string, ca: string, cn: string, ext: string) => {
    run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`), '-subj', `/CN=${cn}`);
    await writeFile(p(`${name}.ext`), ext);
    run('x509', '-req', '-in', p(`${name}.csr`), '-CA', p(`${ca}.crt`), '-CAkey', p(`${ca}.key`), '-CAcreateserial', '-out', p(`${name}.crt`), '-days', '2', '-extfile', p(`${name}.ext`));
  };
  makeCa('ca', 'Imaging Lab test server CA');
  makeCa('client-ca', 'Imaging Lab test client CA');
  makeCa('other-ca', 'Unrelated CA');
  await makeLeaf('server', 'ca', 'localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await makeLeaf('client', 'client-ca', 'imaging-lab-client', 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    caCert: p('ca.crt'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    clientCaCert: p('client-ca.crt'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
    otherCaCert: p('other-ca.crt'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface TlsProxy {
  readonly port: number;
  /** https://127.0.0.1:PORT */
  readonly origin: string;
  stop(): Promise<void>;
}

/**
 * Terminates TLS on loopback and forwards the plain bytes to a local HTTP server, like the nginx
 * in front of stowrs-to-s3. With `clientCa`, a client certificate signed by it is required (mTLS).
 */
export async function startTlsProxy(options: { targetPort: number; material: TlsMaterial; requireClientCert?: boolean }): Promise<TlsProxy> {
  const { material } = options;
  const [cert, key, clientCa] = await Promise.all([readFile(material.serverCert), readFile(material.serverKey), readFile(material.clientCaCert)]);
  const sockets = new Set<Socket>();
  const server = createServer(
    { cert, key, ...(options.requireClientCert ? { requestCert: true, rejectUnauthorized: true, ca: clientCa } : {}) },
    (tlsSocket: TLSSocket) => {
      const upstream = connect(options.targetPort, '127.0.0.1');
      sockets.add(tlsSocket);
      sockets.add(upstream);
      tlsSocket.pipe(upstream).pipe(tlsSocket);
      const close = () => {
        tlsSocket.destroy();
        upstream.destroy();
        sockets.delete(tlsSocket);
        sockets.delete(upstream);
      };
      tlsSocket.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    },
  );
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    origin: `https://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
