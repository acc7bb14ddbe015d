import { runBudgeted, type BudgetBreach } from './budgetedWorker';
import type { DicomInstanceFile, SkippedFile } from './checkFile';
import { listFiles } from './listFiles';
import type { ScanTask } from './scanWorker';
import { scanWorkerScript } from './scanWorkerScript';

export type { DicomInstanceFile, SkippedFile } from './checkFile';

export interface ScanResult {
  readonly instances: DicomInstanceFile[];
  readonly skipped: SkippedFile[];
  readonly totalBytes: number;
}

export interface ScanBudget {
  /** Wall time one file may take to check. */
  readonly msPerFile: number;
  /** Heap of the checking thread. */
  readonly heapMb: number;
}

/** Generous for any real file (a check reads a few KiB); only a pathological file comes near. */
export const DEFAULT_SCAN_BUDGET: ScanBudget = { msPerFile: 30_000, heapMb: 96 };

export interface ScanOptions {
  /** When posting to /studies/{uid}: files of any other study are skipped. */
  readonly studyInstanceUid?: string;
  /** Refuse files with a missing or inconsistent file meta header instead of sending them with a warning. */
  readonly strict?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (checked: number, total: number) => void;
  /** Headers read at the same time (small files are latency bound). */
  readonly concurrency?: number;
  readonly budget?: Partial<ScanBudget>;
  /**
   * Each instance that passed every check, in the order of `instances`, as soon as it and every
   * file listed before it are decided: a send can start while the scan goes on.
   */
  readonly onInstance?: (instance: DicomInstanceFile) => void;
}

/**
 * Lists, reads headers and validates; nothing that fails a check is ever in `instances`. Headers
 * are read in a worker thread with a time and memory budget per file, so a hostile file can neither
 * block nor crash the caller (the extension host): it is skipped with the budget it broke.
 */
export async function scanDicom(inputs: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const skipped: SkippedFile[] = [];
  const budget = { ...DEFAULT_SCAN_BUDGET, ...options.budget };
  const policy = { strict: options.strict === true };
  // The checking thread starts while the inputs are listed.
  const tasks = listFiles(inputs, options.signal).then(({ files, unreadable }) => {
    skipped.push(...unreadable.map((u) => ({ path: u.path, reason: u.reason })));
    return files.map((file) => ({ file, policy }));
  });
  const instances: DicomInstanceFile[] = [];
  const firstByUid = new Map<string, string>();
  // Outcomes are decided in listing order ("first copy wins" must not depend on thread timing).
  const decide = (outcome: DicomInstanceFile | SkippedFile) => {
    if ('reason' in outcome) {
      skipped.push(outcome);
      return;
    }
    const first = firstByUid.get(outcome.sopInstanceUid);
    if (first !== undefined) {
      skipped.push({ path: outcome.path, reason: `duplicate SOP Instance UID ${outcome.sopInstanceUid}, already sent from ${first}` });
      return;
    }
    const target = options.studyInstanceUid;
    if (target !== undefined && outcome.studyInstanceUid !== target) {
      skipped.push({ path: outcome.path, reason: `Study Instance UID ${outcome.studyInstanceUid} differs from the target study ${target}` });
      return;
    }
    firstByUid.set(outcome.sopInstanceUid, outcome.path);
    instances.push(outcome);
    options.onInstance?.(outcome);
  };
  const early = new Map<number, DicomInstanceFile | SkippedFile>();
  let next = 0;
  await runBudgeted<ScanTask, DicomInstanceFile | SkippedFile>(
    tasks,
    {
      script: scanWorkerScript(),
      concurrency: options.concurrency ?? 16,
      msPerTask: budget.msPerFile,
      heapMb: budget.heapMb,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onResult: options.onProgress } : {}),
      onSettle: (index, outcome) => {
        early.set(index, outcome);
        for (let ready = early.get(next); ready !== undefined; ready = early.get(next)) {
          early.delete(next++);
          decide(ready);
        }
      },
      breached: (task, breach, detail) => ({ path: task.file.path, reason: breachReason(breach, detail) }),
    },
  );
  return { instances, skipped, totalBytes: instances.reduce((sum, i) => sum + i.size, 0) };
}

function breachReason(breach: BudgetBreach, detail: string): string {
  if (breach === 'time') return `checking this file took ${detail}, the limit per file: it was stopped (a damaged or hostile file, or a very slow disk)`;
  if (breach === 'memory') return `checking this file needed ${detail}, the limit per file: it was stopped (a damaged or hostile file)`;
  return `checking this file failed: ${detail}`;
}
