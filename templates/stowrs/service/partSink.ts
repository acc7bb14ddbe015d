import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { objectKey } from '../../../src/core/kinds/stowrs/objectKeys';
import type { ServiceLimits } from './config';
import type { Logger } from './log';
import { readPartHeader, type PartIdentity } from './partHeader';
import { FAILURE, type FailedPart, type StoredInstance } from './storeResponse';

export type PartResult =
  | { readonly kind: 'stored'; readonly instance: StoredInstance; readonly key: string; readonly bytes: number }
  | { readonly kind: 'failed'; readonly failure: FailedPart; readonly detail: string; readonly bytes: number };

export interface PartTarget {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  readonly limits: ServiceLimits;
  readonly log: Logger;
  /** From /studies/{uid}: parts of any other study are refused. */
  readonly targetStudy: string | undefined;
}

/** First header parse after this many bytes; later attempts each time the prefix doubles. */
const FIRST_ATTEMPT = 8 * 1024;
/** Bytes the PassThrough into the uploader holds before the request is paused. */
const BODY_BUFFER = 1024 * 1024;

type State =
  | { kind: 'sniffing'; chunks: Buffer[]; nextAttempt: number }
  | { kind: 'uploading'; body: PassThrough; identity: PartIdentity; key: string; upload: Promise<PartResult> }
  | { kind: 'refused'; failure: FailedPart; detail: string }
  | { kind: 'closed' };

/**
 * One part of a Store request on its way to S3. The first bytes are held only until the part's
 * identifiers are read (they name the object), then everything streams through a multipart
 * upload; nothing is written to disk and at most the header limit plus the uploader's queue of
 * parts is in memory. A part that fails its checks is read and dropped without touching S3.
 */
export class PartSink {
  private state: State = { kind: 'sniffing', chunks: [], nextAttempt: FIRST_ATTEMPT };
  private bytes = 0;
  private readonly started = performance.now();
  /** Why an upload was cancelled on purpose (its rejection is then not an S3 failure). */
  private cancelReason: number | undefined;

  constructor(
    private readonly target: PartTarget,
    /** The part's Content-Length header, checked against what arrived. */
    private readonly declaredLength: number | undefined,
    refusal?: { failure: FailedPart; detail: string },
  ) {
    if (refusal) this.state = { kind: 'refused', ...refusal };
  }

  get received(): number {
    return this.bytes;
  }

  /** Resolves when the sink can take more (backpressure); rejects when `signal` aborts first. */
  async write(data: Buffer, signal: AbortSignal): Promise<void> {
    this.bytes += data.length;
    const state = this.state;
    if (state.kind === 'sniffing') {
      state.chunks.push(data);
      if (this.bytes < state.nextAttempt) return;
      const prefix = Buffer.concat(state.chunks);
      state.chunks = [prefix];
      const found = readPartHeader(prefix, false);
      if (found.kind === 'needMore') {
        if (this.bytes > this.target.limits.headerBytes) {
          this.refuse(FAILURE.cannotUnderstand, `no Study, Series and SOP Instance UIDs in the first ${this.target.limits.headerBytes} bytes`);
        } else state.nextAttempt = this.bytes * 2;
        return;
      }
      if (found.kind === 'invalid') return this.refuse(FAILURE.cannotUnderstand, found.reason);
      this.startUpload(found.identity, prefix);
      return;
    }
    if (state.kind === 'uploading' && !state.body.write(data)) await drained(state.body, signal);
  }

  /** The part's body is complete; the promise settles once S3 has the object (or refused it). */
  end(): Promise<PartResult> {
    const state = this.state;
    if (this.declaredLength !== undefined && this.declaredLength !== this.bytes) {
      const detail = `the part's Content-Length says ${this.declaredLength} bytes but ${this.bytes} arrived`;
      if (state.kind === 'uploading') return this.cancelUpload(state, new Error(detail), FAILURE.cannotUnderstand);
      if (state.kind !== 'refused') this.refuse(FAILURE.cannotUnderstand, detail, this.identityOf(state));
    }
    const now = this.state;
    if (now.kind === 'sniffing') {
      const prefix = Buffer.concat(now.chunks);
      const found = readPartHeader(prefix, true);
      if (found.kind === 'ok') this.startUpload(found.identity, prefix);
      else this.refuse(FAILURE.cannotUnderstand, found.kind === 'invalid' ? found.reason : 'the part ended inside its header');
    }
    const final = this.state;
    if (final.kind === 'uploading') {
      final.body.end();
      return final.upload;
    }
    if (final.kind === 'refused') {
      this.state = { kind: 'closed' };
      return Promise.resolve({ kind: 'failed', failure: final.failure, detail: final.detail, bytes: this.bytes });
    }
    return Promise.reject(new Error('part already closed'));
  }

  /** The request broke off mid-part: abort the multipart upload so no partial object or parts remain. */
  abort(reason: Error): Promise<PartResult> {
    const state = this.state;
    if (state.kind === 'uploading') return this.cancelUpload(state, reason, FAILURE.processingFailure);
    this.state = { kind: 'closed' };
    return Promise.resolve({ kind: 'failed', failure: { reason: FAILURE.processingFailure }, detail: reason.message, bytes: this.bytes });
  }

  /** Which instance a refused part was, when its header says (so the response can name it). */
  private identityOf(state: State): { sopClassUid: string; sopInstanceUid: string } | undefined {
    const identity = state.kind === 'uploading' ? state.identity : state.kind === 'sniffing' ? headerIdentity(Buffer.concat(state.chunks)) : undefined;
    return identity ? { sopClassUid: identity.sopClassUid, sopInstanceUid: identity.sopInstanceUid } : undefined;
  }

  private refuse(reason: number, detail: string, identity?: { sopClassUid: string; sopInstanceUid: string }): void {
    this.state = { kind: 'refused', failure: { reason, ...identity }, detail };
  }

  private startUpload(identity: PartIdentity, prefix: Buffer): void {
    const { targetStudy } = this.target;
    const ids = { sopClassUid: identity.sopClassUid, sopInstanceUid: identity.sopInstanceUid };
    if (targetStudy !== undefined && identity.studyInstanceUid !== targetStudy) {
      this.refuse(FAILURE.studyMismatch, `Study Instance UID ${identity.studyInstanceUid} is not the study ${targetStudy} of the request URL`, ids);
      return;
    }
    const key = objectKey(this.target.prefix, identity);
    const body = new PassThrough({ highWaterMark: BODY_BUFFER });
    // Errors reach the uploader through its read of the stream; this listener only keeps an
    // unconsumed error from crashing the process.
    body.on('error', () => undefined);
    const upload = new Upload({
      client: this.target.s3,
      params: {
        Bucket: this.target.bucket,
        Key: key,
        Body: body,
        ContentType: 'application/dicom',
        Metadata: { 'sop-class-uid': identity.sopClassUid, 'transfer-syntax-uid': identity.transferSyntaxUid },
      },
      partSize: this.target.limits.partBytes,
      queueSize: this.target.limits.queueSize,
      leavePartsOnError: false,
    });
    const instance: StoredInstance = {
      sopClassUid: identity.sopClassUid,
      sopInstanceUid: identity.sopInstanceUid,
      studyInstanceUid: identity.studyInstanceUid,
      seriesInstanceUid: identity.seriesInstanceUid,
    };
    const done = upload.done().then(
      (): PartResult => {
        this.target.log.info('stored', { key, bytes: this.bytes, ms: Math.round(performance.now() - this.started) });
        return { kind: 'stored', instance, key, bytes: this.bytes };
      },
      (error: unknown): PartResult => {
        const reason = this.state.kind === 'closed' && this.cancelReason !== undefined ? this.cancelReason : s3FailureReason(error);
        const detail = error instanceof Error ? error.message : String(error);
        this.target.log.warning('part-not-stored', { key, bytes: this.bytes, reason: hex(reason), detail: detail.slice(0, 300) });
        return { kind: 'failed', failure: { reason, ...ids }, detail, bytes: this.bytes };
      },
    );
    this.state = { kind: 'uploading', body, identity, key, upload: done };
    body.write(prefix);
  }

  private cancelUpload(state: Extract<State, { kind: 'uploading' }>, reason: Error, code: number): Promise<PartResult> {
    this.cancelReason = code;
    this.state = { kind: 'closed' };
    state.body.destroy(reason);
    return state.upload;
  }
}

function headerIdentity(prefix: Buffer): PartIdentity | undefined {
  const found = readPartHeader(prefix, true);
  return found.kind === 'ok' ? found.identity : undefined;
}

function drained(body: PassThrough, signal: AbortSignal): Promise<void> {
  return once(body, 'drain', { signal }).then(() => undefined);
}

/** Throttling, timeouts and S3 5xx are worth a retry (A700); anything else is a processing failure. */
export function s3FailureReason(error: unknown): number {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  const status = e?.$metadata?.httpStatusCode ?? 0;
  const name = e?.name ?? e?.code ?? '';
  if (status === 503 || status === 500 || /SlowDown|ServiceUnavailable|InternalError|RequestTimeout|Throttl|ECONNRESET|ETIMEDOUT|EPIPE|TimeoutError/.test(name)) {
    return FAILURE.outOfResources;
  }
  return FAILURE.processingFailure;
}

export function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}
