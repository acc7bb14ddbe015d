import { listFiles, type ListedFile } from './listFiles';
import { readDicomHeader, type DicomHeader } from './readHeader';
import { uidProblem } from './uid';

/** A file that passed every pre-send check and may be sent. */
export interface DicomInstanceFile {
  readonly path: string;
  readonly size: number;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly transferSyntaxUid: string;
}

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface ScanResult {
  readonly instances: DicomInstanceFile[];
  readonly skipped: SkippedFile[];
  readonly totalBytes: number;
}

export interface ScanOptions {
  /** When posting to /studies/{uid}: files of any other study are skipped. */
  readonly studyInstanceUid?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (checked: number, total: number) => void;
  /** Headers read at the same time (small files are latency bound). */
  readonly concurrency?: number;
}

const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';

/** Lists, reads headers and validates; nothing that fails a check is ever in `instances`. */
export async function scanDicom(inputs: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const { files, unreadable } = await listFiles(inputs, options.signal);
  const skipped: SkippedFile[] = unreadable.map((u) => ({ path: u.path, reason: u.reason }));
  const checked = await mapLimited(files, options.concurrency ?? 16, options.signal, async (file, done) => {
    const outcome = await checkFile(file);
    options.onProgress?.(done(), files.length);
    return outcome;
  });

  const instances: DicomInstanceFile[] = [];
  const firstByUid = new Map<string, string>();
  for (const outcome of checked) {
    if ('reason' in outcome) {
      skipped.push(outcome);
      continue;
    }
    const first = firstByUid.get(outcome.sopInstanceUid);
    if (first !== undefined) {
      skipped.push({ path: outcome.path, reason: `duplicate SOP Instance UID ${outcome.sopInstanceUid}, already sent from ${first}` });
      continue;
    }
    const target = options.studyInstanceUid;
    if (target !== undefined && outcome.studyInstanceUid !== target) {
      skipped.push({ path: outcome.path, reason: `Study Instance UID ${outcome.studyInstanceUid} differs from the target study ${target}` });
      continue;
    }
    firstByUid.set(outcome.sopInstanceUid, outcome.path);
    instances.push(outcome);
  }
  return { instances, skipped, totalBytes: instances.reduce((sum, i) => sum + i.size, 0) };
}

async function checkFile(file: ListedFile): Promise<DicomInstanceFile | SkippedFile> {
  let result;
  try {
    result = await readDicomHeader(file.path, file.size);
  } catch (error) {
    return { path: file.path, reason: `cannot read: ${(error as Error).message}` };
  }
  if (!result.ok) return { path: file.path, reason: result.reason };
  const problem = headerProblem(result.header);
  if (problem) return { path: file.path, reason: problem };
  const h = result.header;
  return {
    path: file.path,
    size: file.size,
    sopClassUid: h.sopClassUid as string,
    sopInstanceUid: h.sopInstanceUid as string,
    studyInstanceUid: h.studyInstanceUid as string,
    seriesInstanceUid: h.seriesInstanceUid as string,
    transferSyntaxUid: h.transferSyntaxUid,
  };
}

/** The first reason a header is not sendable, in the order a person would fix them. */
export function headerProblem(h: DicomHeader): string | undefined {
  if (h.mediaStorageSopClassUid === DICOMDIR_SOP_CLASS) return 'DICOMDIR (a media index, not an instance)';
  const uidIssue =
    uidProblem('Transfer Syntax UID (0002,0010)', h.transferSyntaxUid) ??
    uidProblem('SOP Class UID (0008,0016)', h.sopClassUid) ??
    uidProblem('SOP Instance UID (0008,0018)', h.sopInstanceUid) ??
    uidProblem('Study Instance UID (0020,000D)', h.studyInstanceUid) ??
    uidProblem('Series Instance UID (0020,000E)', h.seriesInstanceUid);
  if (uidIssue) return uidIssue;
  if (h.mediaStorageSopInstanceUid === undefined) return 'missing file meta information: no Media Storage SOP Instance UID (0002,0003)';
  if (h.mediaStorageSopInstanceUid !== h.sopInstanceUid) {
    return `Media Storage SOP Instance UID (0002,0003) ${h.mediaStorageSopInstanceUid} differs from SOP Instance UID (0008,0018) ${h.sopInstanceUid}`;
  }
  if (h.mediaStorageSopClassUid !== undefined && h.mediaStorageSopClassUid !== h.sopClassUid) {
    return `Media Storage SOP Class UID (0002,0002) ${h.mediaStorageSopClassUid} differs from SOP Class UID (0008,0016) ${h.sopClassUid}`;
  }
  return undefined;
}

/** Maps with at most `limit` calls in flight, keeping input order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal | undefined,
  fn: (item: T, done: () => number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let finished = 0;
  const done = () => ++finished;
  const worker = async () => {
    while (next < items.length) {
      signal?.throwIfAborted();
      const index = next++;
      results[index] = await fn(items[index] as T, done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
