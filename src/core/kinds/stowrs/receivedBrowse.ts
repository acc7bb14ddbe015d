import type { S3Client } from '@aws-sdk/client-s3';
import type { StackInfo } from '../../stacks/stackInfo';
import type { ReceivedSeries } from './receivedStudies';
import type { StudyUidListing } from './receivedStudyUids';
import { stowrsStackFacts } from './stowrsOutputs';

type S3 = Pick<S3Client, 'send'>;
// The tree draws the section at activation; the listing code (and the S3 SDK) loads on first expansion.

/** Studies one tree expansion lists at most (one ListObjectsV2 page with a delimiter). */
export const STUDIES_SHOWN = 1000;
/** Objects read when a study is expanded (its series and their instance counts). */
export const STUDY_OBJECTS_READ = 10_000;
/** Instances a series node shows; the rest are counted (Browse Received Studies lists them all). */
export const SERIES_INSTANCES_SHOWN = 200;

/** `s3://bucket/prefix/` of a STOW-RS stack (outputs checked against their grammars). */
export function receivedLocation(stack: StackInfo): { readonly bucket: string; readonly prefix: string; readonly where: string } {
  const facts = stowrsStackFacts(stack);
  return { bucket: facts.bucket, prefix: facts.prefix, where: `s3://${facts.bucket}/${facts.prefix === '' ? '' : `${facts.prefix}/`}` };
}

/** The tree's "Received studies" level: study folders only, without reading their instances. */
export async function browseStudies(s3: S3, stack: StackInfo, signal?: AbortSignal): Promise<StudyUidListing> {
  const { bucket, prefix } = receivedLocation(stack);
  const { listReceivedStudyUids } = await import('./receivedStudyUids');
  return listReceivedStudyUids(s3, bucket, prefix, { maxEntries: STUDIES_SHOWN, ...(signal ? { signal } : {}) });
}

export interface StudyBrowse {
  readonly series: readonly ReceivedSeries[];
  /** Objects in the study folder that are not `series/sop.dcm` with valid UIDs. */
  readonly otherObjects: number;
  readonly truncated: boolean;
}

/** One study expanded: its series with their instances (keys parsed against the service's grammar), bounded. */
export async function browseStudy(s3: S3, stack: StackInfo, studyInstanceUid: string, signal?: AbortSignal): Promise<StudyBrowse> {
  const { bucket, prefix } = receivedLocation(stack);
  const { listReceivedStudies } = await import('./receivedStudies');
  const listing = await listReceivedStudies(s3, bucket, prefix, { studyInstanceUid, maxObjects: STUDY_OBJECTS_READ, ...(signal ? { signal } : {}) });
  const series = listing.studies.find((s) => s.studyInstanceUid === studyInstanceUid)?.series ?? [];
  return { series, otherObjects: listing.otherObjects, truncated: listing.truncated };
}
