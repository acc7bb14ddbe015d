import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { isValidUid } from '../../../src/core/dicom/uid';
import type { ServiceConfig } from './config';
import { plain, type AccessLog } from './httpReplies';
import type { Logger } from './log';
import { negotiateResponse, parseMediaType, type ResponseFormat } from './mediaType';
import { hex } from './partSink';
import type { PendingBudget } from './pendingBudget';
import { receiveStore, type ReceiveResult } from './receiveStore';
import { FAILURE, RESPONSE_MEDIA, renderStoreResponse, storeStatus, type FailedPart, type StoredInstance } from './storeResponse';

export interface StoreContext {
  readonly config: ServiceConfig;
  readonly s3: S3Client;
  readonly log: Logger;
  readonly budget: PendingBudget;
  readonly stopping: () => boolean;
  readonly access: AccessLog;
}

/**
 * POST /studies[/{uid}]: checks what can be checked before reading the body (Accept, Content-Type,
 * the study UID in the URL), receives the parts, then answers per PS3.18 §10.5.3.
 */
export async function handleStore(req: IncomingMessage, res: ServerResponse, studyInPath: string | undefined, context: StoreContext): Promise<void> {
  const { config, log, access } = context;
  const checked = checkRequest(req, res, studyInPath);
  if (typeof checked === 'number') return access(checked);
  const { format, boundary, targetStudy } = checked;

  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) gone.abort(new Error('the client closed the connection before the response'));
  });
  const result = await receiveStore(req, boundary, {
    target: { s3: context.s3, bucket: config.bucket, prefix: config.prefix, limits: config.limits, log, targetStudy },
    budget: context.budget,
    signal: gone.signal,
  });
  const counts = summarise(result);
  if (result.kind === 'gone') return log.warning('client-gone', { bytes: result.bytes, ...counts });
  const failed: FailedPart[] = result.parts.flatMap((p) => (p.kind === 'failed' ? [p.failure] : []));
  const stored: StoredInstance[] = result.parts.flatMap((p) => (p.kind === 'stored' ? [p.instance] : []));
  for (const p of result.parts) {
    if (p.kind === 'failed') log.warning('part-failed', { reason: hex(p.failure.reason), sopInstanceUid: p.failure.sopInstanceUid, detail: p.detail.slice(0, 300) });
  }
  const traffic = { bytesIn: result.bytes, ...counts };
  if (result.kind === 'malformed' && stored.length === 0) return access(plain(res, 400, `Bad request: ${result.message}. Nothing was stored.`, true), traffic);
  if (result.kind === 'malformed') failed.push({ reason: FAILURE.cannotUnderstand });
  if (stored.length === 0 && failed.length === 0) return access(plain(res, 400, 'Bad request: the multipart body has no parts. Send one DICOM PS3.10 file per part.'), traffic);

  const outcome = { stored, failed };
  if (config.responseDelaySeconds > 0) await sleep(config.responseDelaySeconds * 1000, undefined, { signal: gone.signal }).catch(() => undefined);
  if (gone.signal.aborted) return;
  const status = storeStatus(outcome);
  const body = renderStoreResponse(format, outcome, config.wadoUrl, targetStudy);
  res.writeHead(status, { 'Content-Type': RESPONSE_MEDIA[format], 'Content-Length': Buffer.byteLength(body), ...(context.stopping() ? { Connection: 'close' } : {}) });
  res.end(body);
  access(status, traffic);
}

/** What the headers and URL decide; a number is the status already answered (the body is not read). */
function checkRequest(req: IncomingMessage, res: ServerResponse, studyInPath: string | undefined): number | { format: ResponseFormat; boundary: string; targetStudy: string | undefined } {
  const format = negotiateResponse(req.headers.accept);
  if (!format) return plain(res, 406, 'Not acceptable: this service answers application/dicom+json (also as application/json) or application/dicom+xml.', true);
  const contentType = parseMediaType(req.headers['content-type']);
  const boundary = contentType?.params.boundary;
  if (contentType?.essence !== 'multipart/related' || !boundary) {
    return plain(res, 415, 'Unsupported media type: send multipart/related; type="application/dicom"; boundary=... with one DICOM PS3.10 file per part.', true);
  }
  const partType = contentType.params.type?.toLowerCase();
  if (partType !== undefined && partType !== 'application/dicom') {
    return plain(res, 415, `Unsupported media type: parts of type ${partType.slice(0, 60)} (metadata and bulk data) are not accepted; send application/dicom parts.`, true);
  }
  const targetStudy = studyInPath === undefined ? undefined : safeDecode(studyInPath);
  if (targetStudy !== undefined && !isValidUid(targetStudy)) {
    return plain(res, 400, 'The Study Instance UID in the URL is not a valid UID (digits and dots, at most 64 characters).', true);
  }
  return { format, boundary, targetStudy };
}

function summarise(result: ReceiveResult): { stored: number; failed: number } {
  let stored = 0;
  for (const p of result.parts) if (p.kind === 'stored') stored++;
  return { stored, failed: result.parts.length - stored };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
