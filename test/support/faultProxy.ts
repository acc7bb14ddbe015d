import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * What the proxy does to one request, in order of arrival; after the plan runs out it forwards.
 * - `status`: answer with this HTTP status and an empty body, without forwarding (e.g. 503, 429).
 * - `reset`: read part of the request body, then drop the connection (a reset mid-upload).
 * - `fail-some`: forward, then rewrite Orthanc's answer: the first `count` stored instances are
 *   moved to the FailedSOPSequence with `failureReason`, and the status becomes 202.
 */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  | { readonly kind: 'reset'; readonly afterBytes: number }
  | { readonly kind: 'fail-some'; readonly count: number; readonly failureReason: number | string };

export interface FaultProxy {
  /** http://127.0.0.1:PORT (same paths as the target) */
  readonly origin: string;
  /** Faults still to apply, consumed one per incoming request. */
  readonly plan: Fault[];
  /** One entry per request received: the fault applied (or 'forward') and the bytes read. */
  readonly log: { fault: Fault['kind'] | 'forward'; path: string; bytes: number; failedUids: string[] }[];
  stop(): Promise<void>;
}

export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  const plan: Fault[] = [];
  const log: FaultProxy['log'] = [];
  const sockets = new Set<Socket>();

  const forward = (req: IncomingMessage, onResponse: (res: IncomingMessage) => void, onBytes: (n: number) => void) => {
    const upstream = request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers }, onResponse);
    req.on('data', (chunk: Buffer) => onBytes(chunk.length));
    req.pipe(upstream);
    return upstream;
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const fault = req.method === 'POST' ? plan.shift() : undefined;
    const entry = { fault: fault?.kind ?? ('forward' as const), path: req.url ?? '', bytes: 0, failedUids: [] as string[] };
    log.push(entry);
    const count = (n: number) => (entry.bytes += n);
    if (fault?.kind === 'status') {
      req.on('data', (chunk: Buffer) => count(chunk.length));
      req.on('end', () => {
        res.writeHead(fault.status, { 'Content-Length': 0, ...(fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {}) });
        res.end();
      });
      return;
    }
    if (fault?.kind === 'reset') {
      req.on('data', (chunk: Buffer) => {
        count(chunk.length);
        if (entry.bytes >= fault.afterBytes) req.socket.destroy();
      });
      return;
    }
    const upstream = forward(
      req,
      (up) => {
        if (fault?.kind !== 'fail-some') {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, { vr?: string; Value?: Record<string, { Value?: unknown[] }>[] }>;
          const stored = body['00081199']?.Value ?? [];
          const moved = stored.splice(0, fault.count);
          entry.failedUids = moved.map((item) => String(item['00081155']?.Value?.[0]));
          body['00081198'] = {
            vr: 'SQ',
            Value: moved.map((item) => ({ '00081150': item['00081150'] ?? {}, '00081155': item['00081155'] ?? {}, '00081197': { vr: 'US', Value: [fault.failureReason] } })),
          };
          const text = JSON.stringify(body);
          res.writeHead(202, { 'Content-Type': 'application/dicom+json', 'Content-Length': Buffer.byteLength(text) });
          res.end(text);
        });
      },
      count,
    );
    upstream.on('error', () => res.destroy());
  };

  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    plan,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
