import { parseMediaType } from './mediaType';
import { MultipartReader, MultipartSyntaxError } from './multipartReader';
import { PartSink, type PartResult, type PartTarget } from './partSink';
import type { PendingBudget } from './pendingBudget';
import { FAILURE } from './storeResponse';

export type ReceiveResult =
  | { readonly kind: 'complete'; readonly parts: PartResult[]; readonly bytes: number }
  /** The body broke the multipart syntax; parts before the break were handled. */
  | { readonly kind: 'malformed'; readonly message: string; readonly parts: PartResult[]; readonly bytes: number }
  /** The client went away: nobody to answer. */
  | { readonly kind: 'gone'; readonly parts: PartResult[]; readonly bytes: number };

export interface ReceiveContext {
  readonly target: PartTarget;
  readonly budget: PendingBudget;
  /** Aborts when the client disconnects or the connection idles out. */
  readonly signal: AbortSignal;
}

/**
 * Reads a multipart/related Store body part by part. Each part streams into its own S3 upload;
 * while that upload finishes, the next part is already being read. Every part ends up in the
 * result, stored or failed with a PS3.18 reason.
 */
export async function receiveStore(body: AsyncIterable<Buffer>, boundary: string, context: ReceiveContext): Promise<ReceiveResult> {
  const { target, budget, signal } = context;
  const results: Promise<PartResult>[] = [];
  // The most a finished part can still hold while its upload completes: its own size, at most the uploader's queue.
  const maxHeld = (target.limits.queueSize + 1) * target.limits.partBytes;
  let sink: PartSink | undefined;
  let bytes = 0;
  try {
    const reader = new MultipartReader(boundary);
    for await (const chunk of body) {
      bytes += chunk.length;
      for (const event of reader.push(chunk)) {
        if (event.kind === 'part') {
          await budget.room(signal);
          sink = openPart(event.headers, target);
        } else if (event.kind === 'data') {
          await sink!.write(event.data, signal);
        } else if (event.kind === 'partEnd') {
          const finished = sink!;
          sink = undefined;
          const release = budget.hold(Math.min(finished.received, maxHeld));
          results.push(finished.end().finally(release));
        }
      }
    }
    reader.finish();
  } catch (error) {
    const reason = error instanceof Error ? error : new Error(String(error));
    if (sink) results.push(sink.abort(reason));
    const parts = await Promise.all(results);
    if (signal.aborted) return { kind: 'gone', parts, bytes };
    if (error instanceof MultipartSyntaxError) return { kind: 'malformed', message: error.message, parts, bytes };
    throw error;
  }
  return { kind: 'complete', parts: await Promise.all(results), bytes };
}

/** A part's own headers decide whether it can be stored at all (application/dicom only). */
function openPart(headers: ReadonlyMap<string, string>, target: PartTarget): PartSink {
  const lengthHeader = headers.get('content-length');
  const declared = lengthHeader !== undefined && /^\d{1,15}$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  if (lengthHeader !== undefined && declared === undefined) {
    return new PartSink(target, undefined, { failure: { reason: FAILURE.cannotUnderstand }, detail: `the part's Content-Length '${lengthHeader.slice(0, 40)}' is not a number` });
  }
  const type = headers.get('content-type');
  // PS3.18 parts carry Content-Type; a part without one is taken as the request's application/dicom.
  const media = type === undefined ? undefined : parseMediaType(type);
  if (type !== undefined && media?.essence !== 'application/dicom') {
    return new PartSink(target, declared, {
      failure: { reason: FAILURE.cannotUnderstand },
      detail: `part of type '${type.slice(0, 80)}': this service stores application/dicom parts only`,
    });
  }
  return new PartSink(target, declared);
}
