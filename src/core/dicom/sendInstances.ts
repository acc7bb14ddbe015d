import { setTimeout as sleep } from 'node:timers/promises';
import { BatchPlanner } from './batches';
import { authorizationHeader, createAgent, displayUrl, securityWarnings, studiesUrl, type DicomWebEndpoint } from './endpoint';
import { finalReport } from './finalReport';
import { nextSteps, type Job } from './nextAttempt';
import { postBatch, type BatchContext } from './postBatch';
import { scanDicom, type DicomInstanceFile, type ScanOptions, type ScanResult, type SkippedFile } from './scanDicom';
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
export function sendInstances(instances: readonly DicomInstanceFile[], skipped: readonly SkippedFile[], options: SendOptions): Promise<SendReport> {
  return sendAsFound(async (found) => instances.forEach(found), () => skipped, options);
}

/**
 * Scans `inputs` and sends what passes, the two overlapped: a batch is posted as soon as the scan
 * has decided enough instances to fill it, so the scan of the next files runs while the previous
 * ones upload. The same checks, order, batches and report as `scanDicom` then `sendInstances`; if
 * cancelled during the scan, the report covers the instances found so far.
 */
export async function scanAndSend(inputs: readonly string[], scanOptions: ScanOptions, options: SendOptions): Promise<{ scan: ScanResult | undefined; report: SendReport }> {
  let scan: ScanResult | undefined;
  const report = await sendAsFound(
    async (found) => {
      scan = await scanDicom(inputs, { ...scanOptions, ...(options.signal ? { signal: options.signal } : {}), onInstance: found });
    },
    () => scan?.skipped ?? [],
    options,
  );
  return { scan, report };
}

/** The send itself: `find` delivers instances (all at once, or as a scan decides them) and resolves when no more will come. */
async function sendAsFound(find: (found: (instance: DicomInstanceFile) => void) => Promise<void>, skipped: () => readonly SkippedFile[], options: SendOptions): Promise<SendReport> {
  const started = performance.now();
  const tuning: SendTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const { endpoint, signal, log } = options;
  const ledger = new SendLedger([], options.onProgress);
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
  const queue: Job[] = [];
  const instances: DicomInstanceFile[] = [];
  const planner = new BatchPlanner<DicomInstanceFile>(tuning.batchBytes, tuning.batchCount);
  let fatal: string | undefined;
  let findError: unknown;
  let finding = true;
  let wake = () => {};
  const enqueue = (batches: DicomInstanceFile[][]) => {
    for (const files of batches) queue.push({ files, attempt: 1, notBefore: 0 });
    if (batches.length > 0) wake();
  };
  const found = (instance: DicomInstanceFile) => {
    instances.push(instance);
    ledger.add(instance);
    enqueue(planner.add(instance));
  };

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
    const finished = find(found)
      .catch((error: unknown) => {
        // Cancelled while finding: what was found so far is reported as cancelled.
        if (!signal?.aborted) findError = error;
      })
      .finally(() => {
        enqueue([planner.flush() ?? []].filter((batch) => batch.length > 0));
        finding = false;
        wake();
      });
    const input = { open: () => finding, onChange: (listener: () => void) => (wake = listener) };
    await drainQueue(queue, tuning.concurrency, run, () => signal?.aborted === true || fatal !== undefined || findError !== undefined, input);
    await finished;
  } finally {
    agent.destroy();
  }
  if (findError !== undefined) throw findError;

  const report = finalReport(instances, ledger.settled, ledger.attempts, fatal, {
    endpoint: displayUrl(endpoint),
    skipped: [...skipped()],
    securityWarnings: securityWarnings(endpoint),
    bytesTotal: ledger.totalBytes,
    requests: ledger.requests,
    retries: ledger.retries,
    seconds: (performance.now() - started) / 1000,
    cancelled: signal?.aborted === true,
  });
  const c = countFates(report.instances);
  log?.(`done: ${c.stored} stored (${c.warnings} with warnings), ${c.failed} failed, ${c.cancelled} cancelled, ${report.skipped.length} skipped in ${report.seconds.toFixed(1)} s`);
  return report;
}
