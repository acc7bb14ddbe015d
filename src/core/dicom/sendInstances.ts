import { setTimeout as sleep } from 'node:timers/promises';
import { planBatches } from './batches';
import { authorizationHeader, createAgent, displayUrl, securityWarnings, studiesUrl, type DicomWebEndpoint } from './endpoint';
import { exchange } from './httpExchange';
import { FILE_CHANGED, makeBoundary, multipartBody, multipartContentType, multipartLength } from './multipart';
import { describeNetworkError } from './networkErrors';
import { reconcileBatch, type SettledInstance } from './reconcile';
import type { DicomInstanceFile, SkippedFile } from './scanDicom';
import { finalReport, type Final } from './finalReport';
import { formatBytes } from './formatBytes';
import { DEFAULT_TUNING, countFates, type SendProgress, type SendReport, type SendTuning } from './sendTypes';

export interface SendOptions {
  readonly endpoint: DicomWebEndpoint;
  /** Post to /studies/{uid} instead of /studies. */
  readonly studyInstanceUid?: string;
  readonly tuning?: Partial<SendTuning>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SendProgress) => void;
  /** Request log lines; never contain credentials. */
  readonly log?: (line: string) => void;
}

interface Job {
  readonly files: DicomInstanceFile[];
  readonly attempt: number;
  readonly notBefore: number;
}

/**
 * Sends validated instances with STOW-RS: streamed multipart batches, several in parallel,
 * per-instance reconciliation, retries of only unconfirmed instances, and a report that accounts
 * for every instance even when cancelled or stopped by a fatal error.
 */
export async function sendInstances(instances: readonly DicomInstanceFile[], skipped: readonly SkippedFile[], options: SendOptions): Promise<SendReport> {
  const started = performance.now();
  const tuning: SendTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const { endpoint, signal, log } = options;
  const url = studiesUrl(endpoint, options.studyInstanceUid);
  const host = url.host;
  const where = displayUrl(endpoint);
  const agent = await createAgent(endpoint, tuning.concurrency);
  const authorization = authorizationHeader(endpoint.auth);
  const totalBytes = instances.reduce((sum, i) => sum + i.size, 0);

  const settled = new Map<string, Final & { attempts: number }>();
  const attempts = new Map<string, number>();
  const queue: Job[] = planBatches(instances, tuning.batchBytes, tuning.batchCount).map((files) => ({ files, attempt: 1, notBefore: 0 }));
  let inFlight = 0;
  let fatal: string | undefined;
  let requests = 0;
  let retries = 0;
  let bytesDone = 0;
  let bytesStreaming = 0;
  let stored = 0;
  let failed = 0;
  const waiting: (() => void)[] = [];
  const wakeAll = () => waiting.splice(0).forEach((resume) => resume());

  const progress = () =>
    options.onProgress?.({ bytesSent: bytesDone + bytesStreaming, totalBytes, instancesDone: settled.size, instancesTotal: instances.length, stored, failed });

  const settle = (file: DicomInstanceFile, outcome: Final) => {
    if (settled.has(file.sopInstanceUid)) return;
    settled.set(file.sopInstanceUid, { ...outcome, attempts: attempts.get(file.sopInstanceUid) ?? 0 });
    bytesDone += file.size;
    if (outcome.fate === 'stored') stored++;
    else if (outcome.fate === 'failed') failed++;
  };

  const requeue = (files: DicomInstanceFile[], attempt: number, why: string, retryAfter?: number) => {
    if (files.length === 0) return;
    if (attempt > tuning.maxAttempts) {
      for (const file of files) settle(file, { fate: 'failed', reason: `gave up after ${tuning.maxAttempts} attempts: ${why}` });
      return;
    }
    const backoff = Math.min(tuning.maxDelayMs, tuning.baseDelayMs * 2 ** (attempt - 2)) * (0.5 + Math.random() / 2);
    const delay = retryAfter !== undefined ? Math.min(retryAfter, tuning.maxDelayMs) : backoff;
    log?.(`retrying ${files.length} instance(s) in ${(delay / 1000).toFixed(1)} s (attempt ${attempt}/${tuning.maxAttempts}): ${why}`);
    for (const batch of planBatches(files, tuning.batchBytes, tuning.batchCount)) {
      retries++;
      queue.push({ files: batch, attempt, notBefore: Date.now() + delay });
    }
  };

  const runJob = async (job: Job) => {
    const wait = job.notBefore - Date.now();
    if (wait > 0) await sleep(wait, undefined, signal ? { signal } : undefined);
    signal?.throwIfAborted();
    for (const file of job.files) attempts.set(file.sopInstanceUid, job.attempt);
    const boundary = makeBoundary();
    const length = multipartLength(boundary, job.files);
    const batchBytes = job.files.reduce((sum, f) => sum + f.size, 0);
    let streamed = 0;
    const body = multipartBody(boundary, job.files, (n) => {
      streamed += n;
      bytesStreaming += n;
      progress();
    });
    const headers: Record<string, string | number> = {
      'Content-Type': multipartContentType(boundary),
      Accept: 'application/dicom+json',
      'User-Agent': 'imaging-lab',
      ...(tuning.chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': length }),
      ...(authorization ? { Authorization: authorization } : {}),
    };
    requests++;
    const t0 = performance.now();
    log?.(`POST ${url.toString()} ${job.files.length} instance(s), ${formatBytes(batchBytes)}${job.attempt > 1 ? `, attempt ${job.attempt}` : ''}`);
    let response;
    try {
      response = await exchange({ method: 'POST', url, agent, headers, body, ...(signal ? { signal } : {}) });
    } catch (error) {
      bytesStreaming -= streamed;
      if (signal?.aborted) {
        for (const file of job.files) settle(file, { fate: 'cancelled', reason: 'cancelled during upload: the server may or may not have stored it' });
        return;
      }
      const changed = error as { code?: string; path?: string };
      if (changed.code === FILE_CHANGED) {
        // Only the changed file is at fault: fail it and send the rest of the batch again.
        log?.(`  ${(error as Error).message}`);
        const others = job.files.filter((f) => f.path !== changed.path);
        for (const file of job.files) if (file.path === changed.path) settle(file, { fate: 'failed', reason: 'the file changed while being sent: check what is writing to it, then send it again' });
        if (others.length) queue.push({ files: others, attempt: job.attempt, notBefore: 0 });
        return;
      }
      const problem = describeNetworkError(error, host, url.protocol === 'https:' && !endpoint.certFile);
      log?.(`  failed after ${seconds(t0)}: ${problem.message}`);
      if (problem.transient) requeue(job.files, job.attempt + 1, problem.message);
      else {
        fatal ??= problem.message;
        for (const file of job.files) settle(file, { fate: 'failed', reason: problem.message });
      }
      return;
    } finally {
      progress();
    }
    bytesStreaming -= streamed;
    const verdict = reconcileBatch(job.files, response.status, response.statusText, response.headers, response.body);
    for (const file of job.files) {
      const outcome = verdict.settled.get(file.sopInstanceUid);
      if (outcome) settle(file, outcome);
    }
    log?.(`  ${response.status} ${response.statusText} in ${seconds(t0)}: ${verdict.settled.size - countFailed(verdict.settled)} stored, ${countFailed(verdict.settled)} failed, ${verdict.retry.length} to retry`);
    if (verdict.fatal) fatal ??= verdict.fatal;
    if (verdict.split) {
      const half = Math.ceil(job.files.length / 2);
      log?.(`  the server rejected the request size (413): splitting into ${half}+${job.files.length - half}`);
      queue.push({ files: job.files.slice(0, half), attempt: job.attempt, notBefore: 0 }, { files: job.files.slice(half), attempt: job.attempt, notBefore: 0 });
    } else {
      requeue(verdict.retry, job.attempt + 1, `HTTP ${response.status} ${response.statusText}`.trim(), verdict.retryAfterMs);
    }
    progress();
  };

  const worker = async () => {
    for (;;) {
      if (signal?.aborted || fatal) return;
      const job = queue.shift();
      if (!job) {
        if (inFlight === 0) return;
        await new Promise<void>((resume) => waiting.push(resume));
        continue;
      }
      inFlight++;
      try {
        await runJob(job);
      } catch (error) {
        if (!signal?.aborted) throw error;
      } finally {
        inFlight--;
        wakeAll();
      }
    }
  };

  try {
    progress();
    await Promise.all(Array.from({ length: Math.max(1, tuning.concurrency) }, worker));
  } finally {
    agent.destroy();
  }

  const report = finalReport(instances, settled, attempts, fatal, {
    endpoint: where,
    skipped: [...skipped],
    securityWarnings: securityWarnings(endpoint),
    bytesTotal: totalBytes,
    requests,
    retries,
    seconds: (performance.now() - started) / 1000,
    cancelled: signal?.aborted === true,
  });
  const outcomes = report.instances;
  const c = countFates(outcomes);
  log?.(`done: ${c.stored} stored (${c.warnings} with warnings), ${c.failed} failed, ${c.cancelled} cancelled, ${skipped.length} skipped in ${report.seconds.toFixed(1)} s`);
  return report;
}

function countFailed(map: Map<string, SettledInstance>): number {
  let n = 0;
  for (const s of map.values()) if (s.fate === 'failed') n++;
  return n;
}

function seconds(t0: number): string {
  return `${((performance.now() - t0) / 1000).toFixed(2)} s`;
}
