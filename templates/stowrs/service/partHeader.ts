import { constants as zlibConstants, inflateRawSync } from 'node:zlib';
import { parseDicom, type DataSet } from 'dicom-parser';
import { uidProblem } from '../../../src/core/dicom/uid';

/** The identifiers a stored object's key and the Store response need. */
export interface PartIdentity {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly transferSyntaxUid: string;
}

export type PartHeaderResult =
  | { readonly kind: 'needMore' }
  | { readonly kind: 'ok'; readonly identity: PartIdentity }
  | { readonly kind: 'invalid'; readonly reason: string };

const SERIES_INSTANCE_UID = 'x0020000e';
const NEED_MORE: PartHeaderResult = { kind: 'needMore' };

/**
 * Reads the four identifying attributes from the first bytes of a PS3.10 part. `complete` says the
 * prefix is the whole part; otherwise an element cut by the end of the prefix asks for more bytes.
 * Stops at Series Instance UID (0020,000E), the last of the four in tag order, so the pixel data
 * and anything after it are never parsed. The caller bounds how long the prefix may grow.
 */
export function readPartHeader(prefix: Buffer, complete: boolean): PartHeaderResult {
  if (prefix.length < 132) {
    return complete ? { kind: 'invalid', reason: `not a DICOM PS3.10 file: only ${prefix.length} bytes, too short for the preamble and 'DICM' marker` } : NEED_MORE;
  }
  if (prefix.toString('latin1', 128, 132) !== 'DICM') return { kind: 'invalid', reason: "not a DICOM PS3.10 file: no 'DICM' marker at byte 128" };
  let dataSet: DataSet;
  try {
    dataSet = parseDicom(prefix, { untilTag: SERIES_INSTANCE_UID, inflater: inflater(complete) as never });
  } catch (error) {
    return complete ? { kind: 'invalid', reason: `unreadable DICOM header: ${describe(error)}` } : NEED_MORE;
  }
  const series = dataSet.elements[SERIES_INSTANCE_UID];
  const seriesInPrefix = series !== undefined && series.dataOffset + series.length <= dataSet.byteArray.length;
  if (!seriesInPrefix && !complete) return NEED_MORE;
  return identify(dataSet);
}

function identify(dataSet: DataSet): PartHeaderResult {
  const read = (tag: string): string | undefined => {
    const value = dataSet.string(tag);
    return value === undefined || value === '' ? undefined : value.replace(/\0+$/, '').trim();
  };
  const identity = {
    sopClassUid: read('x00080016') ?? read('x00020002'),
    sopInstanceUid: read('x00080018') ?? read('x00020003'),
    studyInstanceUid: read('x0020000d'),
    seriesInstanceUid: read(SERIES_INSTANCE_UID),
    transferSyntaxUid: read('x00020010') ?? '',
  };
  const problem =
    uidProblem('SOP Class UID (0008,0016)', identity.sopClassUid) ??
    uidProblem('SOP Instance UID (0008,0018)', identity.sopInstanceUid) ??
    uidProblem('Study Instance UID (0020,000D)', identity.studyInstanceUid) ??
    uidProblem('Series Instance UID (0020,000E)', identity.seriesInstanceUid);
  if (problem) return { kind: 'invalid', reason: problem };
  return { kind: 'ok', identity: identity as PartIdentity };
}

/** Deflated data sets: inflate what we have; for a prefix, a sync flush yields the bytes so far. */
function inflater(complete: boolean) {
  return (bytes: Uint8Array, position: number): Uint8Array => {
    const inflated = inflateRawSync(bytes.subarray(position), complete ? {} : { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    const whole = Buffer.alloc(position + inflated.length);
    whole.set(bytes.subarray(0, position), 0);
    whole.set(inflated, position);
    return whole;
  };
}

function describe(error: unknown): string {
  // dicom-parser throws strings, Errors, or { exception, dataSet } objects.
  const exception = (error as { exception?: unknown } | undefined)?.exception;
  const text = error instanceof Error ? error.message : typeof exception === 'string' ? exception : String(error);
  return text.replace(/^dicomParser[.:]\w*:?\s*/, '').slice(0, 200);
}
