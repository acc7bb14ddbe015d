import { isValidUid } from '../../dicom/uid';

/** Where a received instance lands in the bucket: `PREFIX/study/series/sop.dcm` (the service and the extension agree here). */
export interface InstanceKey {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
}

const SEGMENT = /^[A-Za-z0-9._-]{1,64}$/;
export const MAX_PREFIX_SEGMENTS = 8;

/**
 * "", "/", "//a//b/" -> "", "", "a/b". The seed joined an empty PREFIX into keys that started with
 * "/". Segments are S3-safe characters only, never "." or ".."; throws with what is accepted.
 */
export function normalisePrefix(raw: string): string {
  const segments = raw.trim().split('/').filter((s) => s !== '');
  for (const segment of segments) {
    if (!SEGMENT.test(segment) || segment === '.' || segment === '..') {
      throw new Error(`PREFIX segments may hold letters, digits, '.', '_' and '-' (not '.' or '..' alone); got '${raw}'`);
    }
  }
  if (segments.length > MAX_PREFIX_SEGMENTS) throw new Error(`PREFIX may have at most ${MAX_PREFIX_SEGMENTS} segments; got '${raw}'`);
  return segments.join('/');
}

export function objectKey(prefix: string, key: InstanceKey): string {
  return `${prefix === '' ? '' : `${prefix}/`}${key.studyInstanceUid}/${key.seriesInstanceUid}/${key.sopInstanceUid}.dcm`;
}

/** The UIDs of an object key under `prefix` (normalised), or undefined when the key is not one the service writes. */
export function parseObjectKey(prefix: string, key: string): InstanceKey | undefined {
  const lead = prefix === '' ? '' : `${prefix}/`;
  if (!key.startsWith(lead)) return undefined;
  const parts = key.slice(lead.length).split('/');
  if (parts.length !== 3 || !parts[2]!.endsWith('.dcm')) return undefined;
  const [studyInstanceUid, seriesInstanceUid, file] = parts as [string, string, string];
  const sopInstanceUid = file.slice(0, -'.dcm'.length);
  if (![studyInstanceUid, seriesInstanceUid, sopInstanceUid].every(isValidUid)) return undefined;
  return { studyInstanceUid, seriesInstanceUid, sopInstanceUid };
}
