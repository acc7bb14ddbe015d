import type { S3Client } from '@aws-sdk/client-s3';
import { isValidUid } from '../../dicom/uid';
import { listBounded } from './boundedListing';
import { normalisePrefix } from './objectKeys';

export interface StudyUidListing {
  /** Study Instance UIDs that have a folder under the prefix, in S3's (lexical) order. */
  readonly studies: readonly string[];
  /** Objects directly under the prefix, and folders whose name is not a UID (never shown as studies). */
  readonly otherEntries: number;
  /** True when the listing stopped at `maxStudies` (or at the page bound) with more to come. */
  readonly truncated: boolean;
}

export interface StudyUidOptions {
  /** Entries (studies and others) read at most; 1,000 by default. */
  readonly maxEntries?: number;
  readonly signal?: AbortSignal;
}

/**
 * The studies the STOW-RS service received, one ListObjectsV2 with Delimiter '/' per page: S3 rolls
 * each `PREFIX/study/` folder into one CommonPrefix, so a bucket of a million instances lists its
 * studies without reading their keys. Each folder name comes from the bucket (untrusted) and becomes
 * a study only when it is exactly a UID; the listing is bounded in entries and pages.
 */
export async function listReceivedStudyUids(s3: Pick<S3Client, 'send'>, bucket: string, prefixParameter: string, options: StudyUidOptions = {}): Promise<StudyUidListing> {
  const prefix = normalisePrefix(prefixParameter);
  const lead = prefix === '' ? '' : `${prefix}/`;
  const max = options.maxEntries ?? 1000;
  const studies: string[] = [];
  let otherEntries = 0;
  const truncated = await listBounded(s3, { Bucket: bucket, Prefix: lead, Delimiter: '/' }, max, (page) => {
    for (const folder of page.CommonPrefixes ?? []) {
      const study = studyOfFolder(lead, folder.Prefix);
      if (study === undefined) otherEntries++;
      else studies.push(study);
    }
    otherEntries += page.Contents?.length ?? 0;
    return (page.CommonPrefixes?.length ?? 0) + (page.Contents?.length ?? 0);
  }, options.signal);
  return { studies, otherEntries, truncated };
}

/** `lead + UID + '/'` -> the UID; anything else (another prefix, nested '/', not a UID) -> undefined. */
function studyOfFolder(lead: string, folder: string | undefined): string | undefined {
  if (folder === undefined || !folder.startsWith(lead) || !folder.endsWith('/')) return undefined;
  const name = folder.slice(lead.length, -1);
  return isValidUid(name) ? name : undefined;
}
