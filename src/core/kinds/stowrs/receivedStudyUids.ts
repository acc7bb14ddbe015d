import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { isValidUid } from '../../dicom/uid';
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

/** A listing never asks for more pages than this, whatever the server says (an endpoint that always says "truncated"). */
export const MAX_PAGES = 100;

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
  let seen = 0;
  let pages = 0;
  let token: string | undefined;
  let truncated = false;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: lead, Delimiter: '/', ContinuationToken: token, MaxKeys: Math.min(1000, max - seen) }),
      options.signal ? { abortSignal: options.signal } : undefined,
    );
    pages++;
    for (const folder of page.CommonPrefixes ?? []) {
      seen++;
      const study = studyOfFolder(lead, folder.Prefix);
      if (study === undefined) otherEntries++;
      else studies.push(study);
    }
    seen += page.Contents?.length ?? 0;
    otherEntries += page.Contents?.length ?? 0;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    if (token && (seen >= max || pages >= MAX_PAGES)) {
      truncated = true;
      token = undefined;
    }
  } while (token);
  return { studies, otherEntries, truncated };
}

/** `lead + UID + '/'` -> the UID; anything else (another prefix, nested '/', not a UID) -> undefined. */
function studyOfFolder(lead: string, folder: string | undefined): string | undefined {
  if (folder === undefined || !folder.startsWith(lead) || !folder.endsWith('/')) return undefined;
  const name = folder.slice(lead.length, -1);
  return isValidUid(name) ? name : undefined;
}
