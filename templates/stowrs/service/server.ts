import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ServiceConfig } from './config';
import { json, plain } from './httpReplies';
import type { Logger } from './log';
import { PendingBudget } from './pendingBudget';
import { handleStore } from './storeRoute';

export interface StowServer {
  /** Binds the STOW-RS port (and the health port when configured); resolves with the bound ports. */
  start(): Promise<{ port: number; healthPort: number | undefined }>;
  /** Refuses new requests, lets those in flight finish (their uploads complete), then closes. */
  stop(): Promise<void>;
}

const STUDIES = /^\/studies(?:\/([^/]+))?\/?$/;

export function createStowServer(config: ServiceConfig, s3: S3Client, log: Logger): StowServer {
  const budget = new PendingBudget(config.limits.pendingBytes);
  const inFlight = new Set<Promise<void>>();
  const sockets = new Set<Socket>();
  let stopping = false;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const work = route(req, res).catch((error: unknown) => {
      log.error('unexpected', { detail: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) plain(res, 500, 'The STOW-RS service failed unexpectedly; see its log.');
      else res.destroy();
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    // Collapsed slashes: a client joining a root base URL and 'studies' may send '//studies'.
    const path = ((req.url ?? '/').split('?')[0] ?? '/').replace(/\/{2,}/g, '/');
    const access = (status: number, extra: Record<string, string | number | undefined> = {}) =>
      log.info('request', {
        method: req.method,
        path: path.slice(0, 200),
        status,
        ms: Math.round(performance.now() - started),
        client: req.socket.remoteAddress,
        clientCert: clientCertName(req),
        ...extra,
      });

    if (path === '/health') {
      const status = stopping ? 503 : 200;
      json(res, status, { status: stopping ? 'stopping' : 'ok' }, req.method === 'HEAD');
      log.debug('request', { method: req.method, path, status });
      return;
    }
    const match = STUDIES.exec(path);
    if (!match) return access(plain(res, 404, 'Not found. STOW-RS is POST /studies or POST /studies/{StudyInstanceUID}.'));
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return access(plain(res, 405, 'Only POST is supported here (STOW-RS Store); this service does not offer QIDO-RS or WADO-RS.'));
    }
    if (stopping) {
      res.setHeader('Retry-After', '30');
      return access(plain(res, 503, 'The service is stopping; retry in a moment.', true));
    }
    await handleStore(req, res, match[1], { config, s3, log, budget, stopping: () => stopping, access });
  };

  const main: Server = config.tls
    ? createHttpsServer(
        {
          cert: readFileSync(config.tls.certFile),
          key: readFileSync(config.tls.keyFile),
          minVersion: 'TLSv1.2',
          ...(config.tls.clientCaFile ? { requestCert: true, rejectUnauthorized: true, ca: readFileSync(config.tls.clientCaFile) } : {}),
        },
        handle,
      )
    : createHttpServer(handle);
  // A 2 GB part over a slow link takes longer than any whole-request deadline; idle sockets are cut instead.
  main.requestTimeout = 0;
  main.headersTimeout = 60_000;
  main.keepAliveTimeout = 65_000;
  main.on(config.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.setTimeout(config.limits.idleSeconds * 1000, () => socket.destroy());
  });
  main.on('tlsClientError', (error: Error, socket: TLSSocket) => {
    log.warning('tls-refused', { client: socket.remoteAddress, detail: error.message.slice(0, 200) });
  });

  const health: Server | undefined =
    config.healthPort === undefined
      ? undefined
      : createHttpServer((req, res) => {
          if ((req.url ?? '').split('?')[0] !== '/health') return void plain(res, 404, 'Only /health is served on this port.');
          json(res, stopping ? 503 : 200, { status: stopping ? 'stopping' : 'ok' }, req.method === 'HEAD');
        });

  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, config.host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });

  return {
    async start() {
      const port = await listen(main, config.port);
      const healthPort = health ? await listen(health, config.healthPort ?? 0) : undefined;
      log.info('listening', {
        host: config.host,
        port,
        healthPort,
        tls: config.tls ? (config.tls.clientCaFile ? 'client-certificate' : 'server') : 'none',
        bucket: config.bucket,
        prefix: config.prefix,
      });
      return { port, healthPort };
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      log.info('stopping', { inFlight: inFlight.size });
      const closed = new Promise<void>((resolve) => main.close(() => resolve()));
      main.closeIdleConnections();
      const deadline = sleep(config.limits.stopSeconds * 1000, 'deadline' as const);
      const drained = Promise.allSettled([...inFlight]).then(() => 'drained' as const);
      if ((await Promise.race([drained, deadline])) === 'deadline') {
        log.warning('stop-deadline', { inFlight: inFlight.size, seconds: config.limits.stopSeconds });
        for (const socket of sockets) socket.destroy();
        await Promise.allSettled([...inFlight]);
      }
      for (const socket of sockets) socket.destroy();
      await closed;
      if (health) await new Promise<void>((resolve) => health.close(() => resolve()));
      log.info('stopped', {});
    },
  };
}

/** The client certificate's subject CN in mutual-TLS mode (what the access log records). */
function clientCertName(req: IncomingMessage): string | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const cn = socket.getPeerCertificate().subject?.CN;
  return typeof cn === 'string' ? cn.slice(0, 100) : undefined;
}
