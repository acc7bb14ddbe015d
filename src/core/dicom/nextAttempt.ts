import { planBatches } from './batches';
import type { Final } from './finalReport';
import type { BatchOutcome } from './postBatch';
import type { DicomInstanceFile } from './scanDicom';
import type { SendTuning } from './sendTypes';

/** A request to make: a batch, which try it is for its instances, and not before when. */
export interface Job {
  readonly files: readonly DicomInstanceFile[];
  readonly attempt: number;
  readonly notBefore: number;
}

/** What follows from one outcome: instances settled, requests to queue, and whether to stop. */
export interface NextSteps {
  readonly settle: ReadonlyArray<readonly [DicomInstanceFile, Final]>;
  readonly jobs: readonly Job[];
  /** Retried requests among `jobs` (back-off after a transient failure). */
  readonly retries: number;
  /** A problem every other request would hit too: stop sending. */
  readonly fatal?: string;
  readonly log: readonly string[];
}

/**
 * The retry rule, as a pure function of one request's outcome: transient failures are retried
 * with exponential back-off and jitter (or the server's Retry-After), up to maxAttempts; a batch
 * the server wants smaller is halved; a file that changed since the scan fails alone.
 */
export function nextSteps(job: Job, outcome: BatchOutcome, tuning: SendTuning, now: number, random: () => number): NextSteps {
  const all = (final: Final) => job.files.map((file) => [file, final] as const);
  switch (outcome.kind) {
    case 'cancelled':
      return { settle: all({ fate: 'cancelled', reason: 'cancelled during upload: the server may or may not have stored it' }), jobs: [], retries: 0, log: [] };
    case 'file-changed': {
      const others = job.files.filter((f) => f.path !== outcome.path);
      return {
        settle: job.files.filter((f) => f.path === outcome.path).map((f) => [f, { fate: 'failed', reason: 'the file changed while being sent: check what is writing to it, then send it again' }] as const),
        jobs: others.length ? [{ files: others, attempt: job.attempt, notBefore: 0 }] : [],
        retries: 0,
        log: [],
      };
    }
    case 'network':
      if (outcome.problem.transient) return retry(job.files, job.attempt + 1, outcome.problem.message, undefined, tuning, now, random);
      return { settle: all({ fate: 'failed', reason: outcome.problem.message }), jobs: [], retries: 0, fatal: outcome.problem.message, log: [] };
    case 'answered': {
      const { verdict } = outcome;
      const settle = job.files.flatMap((file) => {
        const final = verdict.settled.get(file.sopInstanceUid);
        return final ? [[file, final] as const] : [];
      });
      const fatal = verdict.fatal ? { fatal: verdict.fatal } : {};
      if (verdict.split) {
        return { settle, ...fatal, jobs: halves(job.files, job.attempt), retries: 0, log: [`  the server rejected the request size (413): splitting ${job.files.length} instances in halves`] };
      }
      const again = retry(verdict.retry, job.attempt + 1, `HTTP ${outcome.status} ${outcome.statusText}`.trim(), verdict.retryAfterMs, tuning, now, random);
      const isolate = verdict.isolate ?? [];
      return {
        ...again,
        ...fatal,
        settle: [...settle, ...again.settle],
        jobs: [...again.jobs, ...halves(isolate, job.attempt)],
        log: [...again.log, ...(isolate.length ? [`  the server refused the request (HTTP ${outcome.status}) without naming the instances: resending ${isolate.length} in halves to find them`] : [])],
      };
    }
  }
}

/** Two requests of half the instances each (a single instance: one request alone), sent at once. */
function halves(files: readonly DicomInstanceFile[], attempt: number): Job[] {
  const half = Math.ceil(files.length / 2);
  return [files.slice(0, half), files.slice(half)].filter((part) => part.length > 0).map((part) => ({ files: part, attempt, notBefore: 0 }));
}

function retry(files: readonly DicomInstanceFile[], attempt: number, why: string, retryAfterMs: number | undefined, tuning: SendTuning, now: number, random: () => number): NextSteps {
  if (files.length === 0) return { settle: [], jobs: [], retries: 0, log: [] };
  if (attempt > tuning.maxAttempts) {
    return { settle: files.map((file) => [file, { fate: 'failed', reason: `gave up after ${tuning.maxAttempts} attempts: ${why}` }] as const), jobs: [], retries: 0, log: [] };
  }
  const backoff = Math.min(tuning.maxDelayMs, tuning.baseDelayMs * 2 ** (attempt - 2)) * (0.5 + random() / 2);
  const delay = retryAfterMs !== undefined ? Math.min(retryAfterMs, tuning.maxDelayMs) : backoff;
  const jobs = planBatches(files, tuning.batchBytes, tuning.batchCount).map((batch) => ({ files: batch, attempt, notBefore: now + delay }));
  return { settle: [], jobs, retries: jobs.length, log: [`retrying ${files.length} instance(s) in ${(delay / 1000).toFixed(1)} s (attempt ${attempt}/${tuning.maxAttempts}): ${why}`] };
}
