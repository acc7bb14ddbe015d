import type { DicomInstanceFile, SkippedFile } from './scanDicom';

/** What finally happened to one instance that passed validation. */
export type InstanceFate = 'stored' | 'failed' | 'cancelled';

export interface InstanceOutcome {
  readonly file: DicomInstanceFile;
  readonly fate: InstanceFate;
  /** Failure reason, or for stored instances a server warning (WarningReason) if any. */
  readonly reason?: string;
  readonly warning?: string;
  readonly retrieveUrl?: string;
  /** How many requests carried this instance (more than 1 means it was retried). */
  readonly attempts: number;
}

export interface SendProgress {
  /** File bytes on the wire for batches still in flight or done (drops back when a batch is retried). */
  readonly bytesSent: number;
  readonly totalBytes: number;
  /** Instances with a final fate so far. */
  readonly instancesDone: number;
  readonly instancesTotal: number;
  readonly stored: number;
  readonly failed: number;
}

export interface SendReport {
  readonly endpoint: string;
  readonly instances: InstanceOutcome[];
  readonly skipped: SkippedFile[];
  readonly securityWarnings: string[];
  /** Bytes of the instances the server confirmed stored. */
  readonly bytesStored: number;
  readonly bytesTotal: number;
  readonly requests: number;
  readonly retries: number;
  readonly seconds: number;
  readonly cancelled: boolean;
}

export interface SendTuning {
  /** Upper bound on the DICOM bytes in one request (a single larger file still goes alone). */
  readonly batchBytes: number;
  readonly batchCount: number;
  readonly concurrency: number;
  /** Attempts per instance for transient failures (429, 503, connection reset, out of resources). */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Send with Transfer-Encoding: chunked instead of a precomputed Content-Length. */
  readonly chunked: boolean;
  /**
   * Total time one request (upload and answer) may take, plus its bytes at `minimumBytesPerSecond`:
   * besides the idle timeout, so a server trickling its answer cannot keep a send alive forever.
   */
  readonly requestDeadlineMs: number;
  readonly minimumBytesPerSecond: number;
}

/** Defaults chosen with bench/stow against the local Orthanc (see bench/stow/README.md). */
export const DEFAULT_TUNING: SendTuning = {
  batchBytes: 32 * 1024 * 1024,
  batchCount: 32,
  concurrency: 4,
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  chunked: false,
  requestDeadlineMs: 5 * 60_000,
  minimumBytesPerSecond: 128 * 1024,
};

/** The total time allowed for a request carrying `bytes` (see SendTuning.requestDeadlineMs). */
export function requestDeadline(tuning: SendTuning, bytes: number): number {
  return tuning.requestDeadlineMs + Math.ceil((bytes / tuning.minimumBytesPerSecond) * 1000);
}

export function countFates(instances: readonly InstanceOutcome[]): { stored: number; warnings: number; failed: number; cancelled: number } {
  let stored = 0;
  let warnings = 0;
  let failed = 0;
  let cancelled = 0;
  for (const i of instances) {
    if (i.fate === 'stored') {
      stored++;
      if (i.warning) warnings++;
    } else if (i.fate === 'failed') failed++;
    else cancelled++;
  }
  return { stored, warnings, failed, cancelled };
}
