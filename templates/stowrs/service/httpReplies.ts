import type { ServerResponse } from 'node:http';

export type AccessLog = (status: number, extra?: Record<string, string | number | undefined>) => void;

/** A short text answer that says what went wrong and what to send instead; returns the status. */
export function plain(res: ServerResponse, status: number, message: string, close = false): number {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(message) + 1, ...(close ? { Connection: 'close' } : {}) });
  res.end(`${message}\n`);
  return status;
}

export function json(res: ServerResponse, status: number, value: unknown, headOnly: boolean): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(headOnly ? undefined : body);
}
