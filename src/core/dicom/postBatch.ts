import type { Agent } from 'node:http';
import { exchange } from './httpExchange';
import { writeFileMeta } from './metaHeader';
import { FILE_CHANGED, makeBoundary, multipartBody, multipartContentType, multipartLength, type MultipartFile } from './multipart';
import { describeNetworkError, type NetworkProblem } from './networkErrors';
import { reconcileBatch, type BatchVerdict } from './reconcile';
import type { DicomInstanceFile } from './scanDicom';
import type { SendLedger } from './sendLedger';
import { requestDeadline, type SendTuning } from './sendTypes';
import { formatBytes } from './formatBytes';

/** Everything a request needs that does not change from one batch to the next. */
export interface BatchContext {
  readonly url: URL;
  readonly agent: Agent;
  readonly authorization: string | undefined;
  readonly tuning: SendTuning;
  readonly ledger: SendLedger;
  /** HTTPS without a client certificate (a reset may then mean mutual TLS is required). */
  readonly withoutClientCert: boolean;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
}

/** What one request came to. */
export type BatchOutcome =
  | { readonly kind: 'answered'; readonly status: number; readonly statusText: string; readonly verdict: BatchVerdict }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'file-changed'; readonly path: string }
  | { readonly kind: 'network'; readonly problem: NetworkProblem };

/** Posts one batch as a streamed multipart request and reconciles the answer instance by instance. */
export async function postBatch(files: readonly DicomInstanceFile[], attempt: number, context: BatchContext): Promise<BatchOutcome> {
  const { url, tuning, ledger, log, signal } = context;
  ledger.sending(files, attempt);
  const boundary = makeBoundary();
  const batchBytes = files.reduce((sum, f) => sum + f.size, 0);
  let streamed = 0;
  const parts = files.map(asPart);
  const body = multipartBody(boundary, parts, (n) => {
    streamed += n;
    ledger.streamed(n);
  });
  const headers: Record<string, string | number> = {
    'Content-Type': multipartContentType(boundary),
    Accept: 'application/dicom+json',
    'User-Agent': 'imaging-lab',
    ...(tuning.chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': multipartLength(boundary, parts) }),
    ...(context.authorization ? { Authorization: context.authorization } : {}),
  };
  const t0 = performance.now();
  const took = () => `${((performance.now() - t0) / 1000).toFixed(2)} s`;
  log?.(`POST ${url.toString()} ${files.length} instance(s), ${formatBytes(batchBytes)}${attempt > 1 ? `, attempt ${attempt}` : ''}`);
  try {
    const response = await exchange({ method: 'POST', url, agent: context.agent, headers, body, deadlineMs: requestDeadline(tuning, batchBytes), ...(signal ? { signal } : {}) });
    const verdict = reconcileBatch(files, response.status, response.statusText, response.headers, response.body);
    const failed = [...verdict.settled.values()].filter((s) => s.fate === 'failed').length;
    log?.(`  ${response.status} ${response.statusText} in ${took()}: ${verdict.settled.size - failed} stored, ${failed} failed, ${verdict.retry.length} to retry`);
    return { kind: 'answered', status: response.status, statusText: response.statusText, verdict };
  } catch (error) {
    if (signal?.aborted) return { kind: 'cancelled' };
    const changed = error as { code?: string; path?: string };
    if (changed.code === FILE_CHANGED && changed.path) {
      log?.(`  ${(error as Error).message}`);
      return { kind: 'file-changed', path: changed.path };
    }
    const problem = describeNetworkError(error, url.host, context.withoutClientCert);
    log?.(`  failed after ${took()}: ${problem.message}`);
    return { kind: 'network', problem };
  } finally {
    ledger.ended(streamed);
  }
}

/** A file sent other than byte for byte (see DicomInstanceFile.sendAs): its data set, after a meta header written here. */
function asPart(file: DicomInstanceFile): MultipartFile {
  const as = file.sendAs;
  if (!as) return file;
  return { path: file.path, size: file.size, ...(as.writeMeta ? { prefix: writeFileMeta(file) } : {}), start: as.dataSetStart, end: as.dataSetEnd };
}
