import { execFile } from 'node:child_process';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { requireTool } from '../../support/requireTool';
import { syntheticDicom, syntheticUid } from '../../unit/dicom/syntheticDicom';

const run = promisify(execFile);

export interface TestInstance {
  readonly bytes: Buffer;
  readonly study: string;
  readonly series: string;
  readonly sop: string;
}

export function instance(label: string, options: { study?: string; rows?: number } = {}): TestInstance {
  const study = options.study ?? syntheticUid(`${label}/study`);
  const series = syntheticUid(`${label}/series`);
  const sop = syntheticUid(`${label}/sop`);
  return { bytes: syntheticDicom({ studyUid: study, seriesUid: series, sopInstanceUid: sop, rows: options.rows ?? 32, columns: 32 }), study, series, sop };
}

export interface BodyOptions {
  readonly preamble?: string;
  /** Give each part a Content-Length header. */
  readonly contentLength?: boolean;
  readonly epilogue?: string;
}

/** A multipart/related body built by hand, the way a third-party client might. */
export function multipart(boundary: string, parts: readonly Buffer[], options: BodyOptions = {}): Buffer {
  const chunks: Buffer[] = [];
  if (options.preamble !== undefined) chunks.push(Buffer.from(`${options.preamble}\r\n`, 'latin1'));
  for (const part of parts) {
    const length = options.contentLength ? `Content-Length: ${part.length}\r\n` : '';
    // Each part's trailing CRLF is the CRLF of the next delimiter.
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n${length}\r\n`, 'latin1'), part, Buffer.from('\r\n', 'latin1'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n${options.epilogue ?? ''}`, 'latin1'));
  return Buffer.concat(chunks);
}

export interface CurlResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** curl, asynchronously (the S3 stand-in runs in this process and must keep answering). */
export async function curl(args: string[]): Promise<CurlResult> {
  const tool = requireTool('curl', 'curl');
  const { stdout } = await run(tool, ['-sS', '-i', '--max-time', '60', ...args], { encoding: 'latin1', maxBuffer: 16 * 1024 * 1024 });
  // Skip interim 100 Continue responses.
  const responses = stdout.split(/\r\n\r\n/);
  let i = 0;
  while (/^HTTP\/[\d.]+ 100/.test(responses[i] ?? '') && i < responses.length - 1) i++;
  const [head = '', ...rest] = responses.slice(i);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(/^HTTP\/[\d.]+ (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: rest.join('\r\n\r\n') };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** POST a streamed body with Node's client (chunked when no length is given). */
export function post(url: string, headers: Record<string, string | number>, body: Readable | Buffer, tls: RequestOptions = {}): Promise<RawResponse> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, { method: 'POST', headers, ...tls }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (Buffer.isBuffer(body)) req.end(body);
    else body.pipe(req);
  });
}

export const RELATED = (boundary: string, quoted = false) => `multipart/related; type="application/dicom"; boundary=${quoted ? `"${boundary}"` : boundary}`;
