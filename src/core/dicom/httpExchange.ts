import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { BodyWriter } from './multipart';

export interface HttpExchange {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface ExchangeOptions {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly agent: Agent;
  readonly headers: Record<string, string | number>;
  /** Request body written into the request as it goes; its length must match any Content-Length header. */
  readonly body?: BodyWriter;
  readonly signal?: AbortSignal;
  /** Response bodies larger than this are cut (a STOW response is a few hundred bytes per instance). */
  readonly maxResponseBytes?: number;
  /** Idle time allowed on the socket (no byte either way). */
  readonly timeoutMs?: number;
  /** Total time allowed for the whole exchange, however steadily bytes trickle in. */
  readonly deadlineMs?: number;
}

/** Error code of an exchange stopped by its total deadline. */
export const DEADLINE_EXCEEDED = 'ERR_REQUEST_DEADLINE';

/** One HTTP request with Node's http/https (agents, TLS options and backpressure that fetch lacks here). */
export function exchange(options: ExchangeOptions): Promise<HttpExchange> {
  const send = options.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const limit = options.maxResponseBytes ?? 64 * 1024 * 1024;
  return new Promise<HttpExchange>((resolve, reject) => {
    let settled = false;
    let deadline: NodeJS.Timeout | undefined;
    // Stops the body writer: the request failed, ended or was answered before the body was sent.
    const stopBody = new AbortController();
    let bodyWritten = false;
    const finish = (error: Error | undefined, result?: HttpExchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      stopBody.abort(error ?? new Error('the exchange ended'));
      if (error) reject(error);
      else resolve(result as HttpExchange);
    };
    const req = send(options.url, {
      method: options.method,
      agent: options.agent,
      headers: options.headers,
      ...(options.signal ? { signal: options.signal } : {}),
      timeout: options.timeoutMs ?? 120_000,
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('the server did not answer in time'), { code: 'ETIMEDOUT' })));
    const deadlineMs = options.deadlineMs;
    if (deadlineMs !== undefined) {
      deadline = setTimeout(() => {
        const error = Object.assign(new Error(`${options.url.host} did not complete the request within ${formatSeconds(deadlineMs)}, the limit for it`), { code: DEADLINE_EXCEEDED });
        req.destroy(error);
        finish(error);
      }, deadlineMs);
    }
    req.on('error', (error) => finish(error));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= limit) chunks.push(chunk);
      });
      // A server may answer (e.g. 401, 413) before reading the whole body: stop streaming it and
      // close the connection afterwards, since a half-sent request cannot be reused.
      const early = options.body !== undefined && !bodyWritten;
      if (early) stopBody.abort(new Error('the server answered before the whole request was sent'));
      res.on('error', (error) => finish(error));
      res.on('end', () => {
        if (early) req.destroy();
        finish(undefined, {
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    if (options.body) {
      options.body.writeTo(req, stopBody.signal).then(
        () => {
          bodyWritten = true;
          req.end();
        },
        (error: Error) => {
          if (settled || stopBody.signal.aborted) return;
          req.destroy(error);
          finish(error);
        },
      );
    } else {
      req.end();
    }
  });
}

function formatSeconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}
