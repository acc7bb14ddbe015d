import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { validationError } from './errors';
import type { S3Answer, S3Request } from './s3';
import type { FakeBucket } from './s3Store';
import type { FakeAwsState } from './state';

/**
 * A bucket of the fake account whose objects live in a local S3-compatible server (s3rver), where a
 * stand-in service writes them: `POST /__fakeaws/external-bucket` {bucket, region, endpoint,
 * accessKeyId, secretAccessKey}. ListObjectsV2 on it answers what that server holds (keys and
 * sizes; ETags are not carried over), so the extension's own S3 calls see what the service stored.
 */
export interface ExternalBucket {
  readonly bucket: string;
  readonly region: string;
  readonly client: S3Client;
}

const external = new WeakMap<FakeAwsState, Map<string, ExternalBucket>>();

export function addExternalBucket(state: FakeAwsState, body: unknown): ExternalBucket {
  const b = (body ?? {}) as Record<string, unknown>;
  const text = (k: string) => (typeof b[k] === 'string' && b[k] !== '' ? (b[k] as string) : undefined);
  const [bucket, region, endpoint, accessKeyId, secretAccessKey] = ['bucket', 'region', 'endpoint', 'accessKeyId', 'secretAccessKey'].map(text);
  if (!bucket || !region || !endpoint || !accessKeyId || !secretAccessKey) throw validationError('external-bucket: bucket, region, endpoint, accessKeyId and secretAccessKey are required');
  if (!/^http:\/\/127\.0\.0\.1:\d{1,5}$/.test(endpoint)) throw validationError('external-bucket: the endpoint must be http://127.0.0.1:PORT (loopback only)');
  const client = new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  const entry = { bucket, region, client };
  const map = external.get(state) ?? new Map<string, ExternalBucket>();
  map.set(bucket, entry);
  external.set(state, map);
  return entry;
}

export function externalBucket(state: FakeAwsState, name: string): ExternalBucket | undefined {
  return external.get(state)?.get(name);
}

/** ListObjectsV2 over the external server's objects, answered by the fake's own ListObjectsV2 (same pages, tokens and XML). */
export async function listExternal(state: FakeAwsState, ext: ExternalBucket, r: S3Request, list: (state: FakeAwsState, r: S3Request, name: string, key: string) => S3Answer): Promise<S3Answer> {
  const view: FakeBucket = { name: ext.bucket, region: ext.region, owner: '', objects: new Map(), configuration: new Map() };
  let token: string | undefined;
  do {
    const page = await ext.client.send(new ListObjectsV2Command({ Bucket: ext.bucket, Prefix: r.query.get('prefix') ?? '', ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key) view.objects.set(o.Key, Buffer.alloc(o.Size ?? 0));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  const headers = new Map(Object.entries(r.headers));
  headers.delete('x-amz-expected-bucket-owner');
  return list({ ...state, startedAt: state.startedAt, buckets: { get: () => view } } as unknown as FakeAwsState, { ...r, headers: Object.fromEntries(headers) }, ext.bucket, '');
}
