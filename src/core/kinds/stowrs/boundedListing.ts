import { ListObjectsV2Command, type ListObjectsV2CommandInput, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';

/** A listing never asks for more pages than this, whatever the server says (an endpoint that always says "truncated"). */
export const MAX_PAGES = 100;

/**
 * Follows one ListObjectsV2 request page by page, handing each page to `take` (which returns how
 * many entries it held), until S3 has no more, `max` entries were seen or MAX_PAGES pages were
 * read. Returns true when it stopped with more to come.
 */
export async function listBounded(
  s3: Pick<S3Client, 'send'>,
  input: Pick<ListObjectsV2CommandInput, 'Bucket' | 'Prefix' | 'Delimiter'>,
  max: number,
  take: (page: ListObjectsV2CommandOutput) => number,
  signal?: AbortSignal,
): Promise<boolean> {
  let seen = 0;
  let token: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await s3.send(new ListObjectsV2Command({ ...input, ContinuationToken: token, MaxKeys: Math.min(1000, max - seen) }), signal ? { abortSignal: signal } : undefined);
    seen += take(page);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    if (!token) return false;
    if (seen >= max || pages >= MAX_PAGES) return true;
  }
}
