import type { ListedFile } from './listFiles';
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
  /** What the scan tolerated (tolerant policy) or noticed; shown in the report, never a reason to stop. */
  readonly warnings?: readonly string[];
  /**
   * Set when the file is not sent byte for byte: a file meta header written by Imaging Lab in
   * place of the bytes before `dataSetStart` (when `writeMeta`), and nothing after `dataSetEnd`.
   * The data set itself is sent as it is, never re-encoded.
   */
  readonly sendAs?: SendAs;
}

export interface SendAs {
  readonly writeMeta: boolean;
  readonly dataSetStart: number;
  readonly dataSetEnd: number;
}

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface CheckPolicy {
  /**
   * Refuse files whose file meta header is missing or disagrees with the data set. Off by default:
   * servers use the data set's own UIDs, so such files are sent with a warning.
   */
  readonly strict: boolean;
}

const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';

/** Reads one file's structure and decides: an instance to send (with its warnings) or a skip with the reason. */
export async function checkFile(file: ListedFile, policy: CheckPolicy): Promise<DicomInstanceFile | SkippedFile> {
  let result;
  try {
    result = await readDicomHeader(file.path, file.size);
  } catch (error) {
    return { path: file.path, reason: `cannot read: ${(error as Error).message}` };
  }
  if (!result.ok) return { path: file.path, reason: result.reason };
  const h = result.header;
  const problem = identityProblem(h);
  if (problem) return { path: file.path, reason: problem };
  const issues = h.metaMissing ? [] : metaIssues(h);
  if (policy.strict && h.metaMissing) return { path: file.path, reason: `missing file meta information: ${h.metaMissing} (strict mode)` };
  if (policy.strict && issues[0]) return { path: file.path, reason: `${issues[0]} (strict mode)` };
  // A missing or inconsistent meta header is replaced by one written from the data set's own UIDs.
  const writeMeta = h.metaMissing !== undefined || issues.length > 0;
  const dataSetEnd = h.trailing?.dataSetEnd;
  const warnings = [
    ...(h.metaMissing ? [`sent with a file meta header written by Imaging Lab: ${h.metaMissing}`] : []),
    ...issues.map((issue) => `${issue}: sent with a file meta header written by Imaging Lab`),
    ...(h.trailing ? [h.trailing.note] : []),
  ];
  return {
    path: file.path,
    size: file.size,
    sopClassUid: h.sopClassUid as string,
    sopInstanceUid: h.sopInstanceUid as string,
    studyInstanceUid: h.studyInstanceUid as string,
    seriesInstanceUid: h.seriesInstanceUid as string,
    transferSyntaxUid: h.transferSyntaxUid,
    ...(warnings.length ? { warnings } : {}),
    ...(writeMeta || dataSetEnd !== undefined ? { sendAs: { writeMeta, dataSetStart: writeMeta ? h.dataSetOffset : 0, dataSetEnd: dataSetEnd ?? file.size } } : {}),
  };
}

/** Defects that leave the instance unidentifiable: always a skip, whatever the policy. */
export function identityProblem(h: DicomHeader): string | undefined {
  if (h.mediaStorageSopClassUid === DICOMDIR_SOP_CLASS) return 'DICOMDIR (a media index, not an instance)';
  return (
    uidProblem('Transfer Syntax UID (0002,0010)', h.transferSyntaxUid) ??
    uidProblem('SOP Class UID (0008,0016)', h.sopClassUid) ??
    uidProblem('SOP Instance UID (0008,0018)', h.sopInstanceUid) ??
    uidProblem('Study Instance UID (0020,000D)', h.studyInstanceUid) ??
    uidProblem('Series Instance UID (0020,000E)', h.seriesInstanceUid)
  );
}

/** Meta header inconsistencies that servers tolerate (they use the data set's UIDs), in the order a person would fix them. */
export function metaIssues(h: DicomHeader): string[] {
  const issues: string[] = [];
  if (h.mediaStorageSopInstanceUid === undefined) issues.push('missing file meta information: no Media Storage SOP Instance UID (0002,0003)');
  else if (h.mediaStorageSopInstanceUid !== h.sopInstanceUid) {
    issues.push(`Media Storage SOP Instance UID (0002,0003) ${h.mediaStorageSopInstanceUid} differs from SOP Instance UID (0008,0018) ${h.sopInstanceUid}`);
  }
  if (h.mediaStorageSopClassUid !== undefined && h.mediaStorageSopClassUid !== h.sopClassUid) {
    issues.push(`Media Storage SOP Class UID (0002,0002) ${h.mediaStorageSopClassUid} differs from SOP Class UID (0008,0016) ${h.sopClassUid}`);
  }
  return [...issues, ...h.metaIssues];
}
