import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { isValidUid } from '../../../src/core/dicom/uid';
import type { ServiceConfig } from './config';
import type { Logger } from './log';
import { negotiateResponse, parseMediaType } from './mediaType';
import { hex } from './partSink';
import { PendingBudget } from './pendingBudget';
import { receiveStore, type ReceiveResult } from './receiveStore';
import { FAILURE, RESPONSE_MEDIA, renderStoreResponse, storeStatus, type FailedPart, type StoredInstance } from './storeResponse';

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
    const format = negotiateResponse(req.headers.accept);
    if (!format) {
      return access(plain(res, 406, 'Not acceptable: this service answers application/dicom+json (also as application/json) or application/dicom+xml.', true));
    }
    const contentType = parseMediaType(req.headers['content-type']);
    const boundary = contentType?.params.boundary;
    if (contentType?.essence !== 'multipart/related' || !boundary) {
      return access(plain(res, 415, 'Unsupported media type: send multipart/related; type="application/dicom"; boundary=... with one DICOM PS3.10 file per part.', true));
    }
    const partType = contentType.params.type?.toLowerCase();
    if (partType !== undefined && partType !== 'application/dicom') {
      return access(plain(res, 415, `Unsupported media type: parts of type ${partType.slice(0, 60)} (metadata and bulk data) are not accepted; send application/dicom parts.`, true));
    }
    let targetStudy: string | undefined;
    if (match[1] !== undefined) {
      targetStudy = safeDecode(match[1]);
      if (!isValidUid(targetStudy)) return access(plain(res, 400, 'The Study Instance UID in the URL is not a valid UID (digits and dots, at most 64 characters).', true));
    }

    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort(new Error('the client closed the connection before the response'));
    });
    const result = await receiveStore(req, boundary, {
      target: { s3, bucket: config.bucket, prefix: config.prefix, limits: config.limits, log, targetStudy },
      budget,
      signal: gone.signal,
    });
    const counts = summarise(result);
    if (result.kind === 'gone') {
      log.warning('client-gone', { path, bytes: result.bytes, ...counts });
      return;
    }
    const failed: FailedPart[] = result.parts.flatMap((p) => (p.kind === 'failed' ? [p.failure] : []));
    const stored: StoredInstance[] = result.parts.flatMap((p) => (p.kind === 'stored' ? [p.instance] : []));
    for (const p of result.parts) if (p.kind === 'failed') log.warning('part-failed', { reason: hex(p.failure.reason), sopInstanceUid: p.failure.sopInstanceUid, detail: p.detail.slice(0, 300) });
    if (result.kind === 'malformed' && stored.length === 0) {
      return access(plain(res, 400, `Bad request: ${result.message}. Nothing was stored.`, true), { bytesIn: result.bytes, ...counts });
    }
    if (result.kind === 'malformed') failed.push({ reason: FAILURE.cannotUnderstand });
    if (stored.length === 0 && failed.length === 0) {
      return access(plain(res, 400, 'Bad request: the multipart body has no parts. Send one DICOM PS3.10 file per part.'), { bytesIn: result.bytes });
    }
    const outcome = { stored, failed };
    if (config.responseDelaySeconds > 0) await sleep(config.responseDelaySeconds * 1000, undefined, { signal: gone.signal }).catch(() => undefined);
    if (gone.signal.aborted) return;
    const status = storeStatus(outcome);
    const body = renderStoreResponse(format, outcome, config.wadoUrl, targetStudy);
    res.writeHead(status, { 'Content-Type': RESPONSE_MEDIA[format], 'Content-Length': Buffer.byteLength(body), ...(stopping ? { Connection: 'close' } : {}) });
    res.end(body);
    access(status, { bytesIn: result.bytes, ...counts });
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

function summarise(result: ReceiveResult): { stored: number; failed: number } {
  let stored = 0;
  for (const p of result.parts) if (p.kind === 'stored') stored++;
  return { stored, failed: result.parts.length - stored };
}

function plain(res: ServerResponse, status: number, message: string, close = false): number {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(message) + 1, ...(close ? { Connection: 'close' } : {}) });
  res.end(`${message}\n`);
  return status;
}

function json(res: ServerResponse, status: number, value: unknown, headOnly: boolean): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(headOnly ? undefined : body);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The client certificate's subject CN in mutual-TLS mode (what the access log records). */
function clientCertName(req: IncomingMessage): string | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const cn = socket.getPeerCertificate().subject?.CN;
  return typeof cn === 'string' ? cn.slice(0, 100) : undefined;
}
