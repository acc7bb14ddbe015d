import type { S3Client } from '@aws-sdk/client-s3';
import { isValidUid } from '../../dicom/uid';
import { normalisePrefix, parseObjectKey, type InstanceKey } from './objectKeys';
import { listBounded } from './boundedListing';

export interface ReceivedInstance extends InstanceKey {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date | undefined;
}

export interface ReceivedSeries {
  readonly seriesInstanceUid: string;
  readonly instances: readonly ReceivedInstance[];
  readonly bytes: number;
}

export interface ReceivedStudy {
  readonly studyInstanceUid: string;
  readonly series: readonly ReceivedSeries[];
  readonly instanceCount: number;
  readonly bytes: number;
}

export interface ReceivedListing {
  readonly studies: readonly ReceivedStudy[];
  /** Objects under the prefix that are not `study/series/sop.dcm` with valid UIDs (never shown as studies). */
  readonly otherObjects: number;
  /** True when the listing stopped at `maxObjects`. */
  readonly truncated: boolean;
}

export interface ListOptions {
  /** Objects read at most (the bucket may hold millions); 10,000 by default. */
  readonly maxObjects?: number;
  readonly signal?: AbortSignal;
  /** Only this study (Send Sample DICOM checks its own study). */
  readonly studyInstanceUid?: string;
}

/**
 * What the STOW-RS service wrote into its bucket, grouped by study and series ("Browse Received
 * Studies"). Keys are read from S3, so each one is parsed against the service's key grammar before
 * it becomes a tree item; anything else is only counted.
 */
export async function listReceivedStudies(s3: Pick<S3Client, 'send'>, bucket: string, prefixParameter: string, options: ListOptions = {}): Promise<ReceivedListing> {
  const prefix = normalisePrefix(prefixParameter);
  const lead = prefix === '' ? '' : `${prefix}/`;
  // The study becomes part of the listed prefix: only a UID may (a tree node's study came from the bucket).
  const study = options.studyInstanceUid;
  if (study !== undefined && !isValidUid(study)) throw new Error(`'${String(study).slice(0, 80)}' is not a Study Instance UID; nothing was listed.`);
  const listPrefix = options.studyInstanceUid ? `${lead}${options.studyInstanceUid}/` : lead;
  const max = options.maxObjects ?? 10_000;
  const found: ReceivedInstance[] = [];
  let otherObjects = 0;
  const truncated = await listBounded(s3, { Bucket: bucket, Prefix: listPrefix }, max, (page) => {
    for (const object of page.Contents ?? []) {
      const parsed = object.Key === undefined ? undefined : parseObjectKey(prefix, object.Key);
      if (!parsed) otherObjects++;
      else found.push({ ...parsed, key: object.Key!, size: object.Size ?? 0, lastModified: object.LastModified });
    }
    return page.Contents?.length ?? 0;
  }, options.signal);
  return { studies: group(found), otherObjects, truncated };
}

function group(instances: readonly ReceivedInstance[]): ReceivedStudy[] {
  const studies = new Map<string, Map<string, ReceivedInstance[]>>();
  for (const i of instances) {
    const series = studies.get(i.studyInstanceUid) ?? new Map<string, ReceivedInstance[]>();
    studies.set(i.studyInstanceUid, series);
    series.set(i.seriesInstanceUid, [...(series.get(i.seriesInstanceUid) ?? []), i]);
  }
  const sum = (xs: readonly { size: number }[]) => xs.reduce((s, x) => s + x.size, 0);
  return [...studies.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([studyInstanceUid, seriesMap]) => {
      const series = [...seriesMap.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([seriesInstanceUid, list]) => ({ seriesInstanceUid, instances: [...list].sort((a, b) => a.sopInstanceUid.localeCompare(b.sopInstanceUid)), bytes: sum(list) }));
      return { studyInstanceUid, series, instanceCount: series.reduce((n, s) => n + s.instances.length, 0), bytes: series.reduce((n, s) => n + s.bytes, 0) };
    });
}

export interface StoredCheck {
  /** Instances found at their key with the size that was sent. */
  readonly present: readonly InstanceKey[];
  readonly missing: readonly InstanceKey[];
  readonly wrongSize: readonly (InstanceKey & { readonly expected: number; readonly found: number })[];
}

/**
 * "Send Sample DICOM" verification: after the STOW-RS response, list the bucket and check every
 * instance sent landed at `PREFIX/study/series/sop.dcm` with its size.
 */
export async function checkInstancesStored(
  s3: Pick<S3Client, 'send'>,
  bucket: string,
  prefixParameter: string,
  /** `size` is checked when given (not for an instance whose file meta header was rewritten on the way). */
  sent: readonly (InstanceKey & { readonly size?: number })[],
  signal?: AbortSignal,
): Promise<StoredCheck> {
  const sizes = new Map<string, number>();
  for (const study of new Set(sent.map((i) => i.studyInstanceUid))) {
    const listing = await listReceivedStudies(s3, bucket, prefixParameter, { studyInstanceUid: study, signal, maxObjects: Math.max(1000, sent.length * 2) });
    for (const s of listing.studies) for (const series of s.series) for (const i of series.instances) sizes.set(i.key, i.size);
  }
  const prefix = normalisePrefix(prefixParameter);
  const lead = prefix === '' ? '' : `${prefix}/`;
  const present: InstanceKey[] = [];
  const missing: InstanceKey[] = [];
  const wrongSize: (InstanceKey & { expected: number; found: number })[] = [];
  for (const i of sent) {
    const key = { studyInstanceUid: i.studyInstanceUid, seriesInstanceUid: i.seriesInstanceUid, sopInstanceUid: i.sopInstanceUid };
    const found = sizes.get(`${lead}${i.studyInstanceUid}/${i.seriesInstanceUid}/${i.sopInstanceUid}.dcm`);
    if (found === undefined) missing.push(key);
    else if (i.size !== undefined && found !== i.size) wrongSize.push({ ...key, expected: i.size, found });
    else present.push(key);
  }
  return { present, missing, wrongSize };
}
