import { setTimeout as sleep } from 'node:timers/promises';
import { planBatches } from './batches';
import { authorizationHeader, createAgent, displayUrl, securityWarnings, studiesUrl, type DicomWebEndpoint } from './endpoint';
import { finalReport } from './finalReport';
import { nextSteps, type Job } from './nextAttempt';
import { postBatch, type BatchContext } from './postBatch';
import type { DicomInstanceFile, SkippedFile } from './scanDicom';
import { SendLedger } from './sendLedger';
import { DEFAULT_TUNING, countFates, type SendProgress, type SendReport, type SendTuning } from './sendTypes';
import { drainQueue } from './workQueue';

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

/**
 * Sends validated instances with STOW-RS: streamed multipart batches, several in parallel,
 * per-instance reconciliation, retries of only unconfirmed instances, and a report that accounts
 * for every instance even when cancelled or stopped by a fatal error.
 */
export async function sendInstances(instances: readonly DicomInstanceFile[], skipped: readonly SkippedFile[], options: SendOptions): Promise<SendReport> {
  const started = performance.now();
  const tuning: SendTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const { endpoint, signal, log } = options;
  const ledger = new SendLedger(instances, options.onProgress);
  const url = studiesUrl(endpoint, options.studyInstanceUid);
  const agent = await createAgent(endpoint, tuning.concurrency);
  const context: BatchContext = {
    url,
    agent,
    authorization: authorizationHeader(endpoint.auth),
    tuning,
    ledger,
    withoutClientCert: url.protocol === 'https:' && !endpoint.certFile,
    ...(signal ? { signal } : {}),
    ...(log ? { log } : {}),
  };
  const queue: Job[] = planBatches(instances, tuning.batchBytes, tuning.batchCount).map((files) => ({ files, attempt: 1, notBefore: 0 }));
  let fatal: string | undefined;

  const run = async (job: Job) => {
    try {
      const wait = job.notBefore - Date.now();
      if (wait > 0) await sleep(wait, undefined, signal ? { signal } : undefined);
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    }
    if (signal?.aborted || fatal) return;
    const next = nextSteps(job, await postBatch(job.files, job.attempt, context), tuning, Date.now(), Math.random);
    for (const [file, final] of next.settle) ledger.settle(file, final);
    for (const line of next.log) log?.(line);
    queue.push(...next.jobs);
    ledger.retries += next.retries;
    fatal ??= next.fatal;
    ledger.progress();
  };

  try {
    ledger.progress();
    await drainQueue(queue, tuning.concurrency, run, () => signal?.aborted === true || fatal !== undefined);
  } finally {
    agent.destroy();
  }

  const report = finalReport(instances, ledger.settled, ledger.attempts, fatal, {
    endpoint: displayUrl(endpoint),
    skipped: [...skipped],
    securityWarnings: securityWarnings(endpoint),
    bytesTotal: ledger.totalBytes,
    requests: ledger.requests,
    retries: ledger.retries,
    seconds: (performance.now() - started) / 1000,
    cancelled: signal?.aborted === true,
  });
  const c = countFates(report.instances);
  log?.(`done: ${c.stored} stored (${c.warnings} with warnings), ${c.failed} failed, ${c.cancelled} cancelled, ${skipped.length} skipped in ${report.seconds.toFixed(1)} s`);
  return report;
}
