import { createHash } from 'node:crypto';
import { FakeAwsError } from './errors';
import type { S3Answer, S3Request } from './s3';
import type { FakeAwsState } from './state';

/**
 * The object reads and server-side copies of the research lab's pipeline (its function reads the
 * first bytes with a Range GET and copies with CopyObject; the extension waits with HeadObject),
 * and S3 event notifications to a loopback URL standing in for the Lambda trigger. Shapes, headers
 * and codes as in the Amazon S3 API reference.
 */
const notificationTargets = new WeakMap<FakeAwsState, Map<string, string>>();

/** `POST /__fakeaws/bucket-notification` {bucket, url}: ObjectCreated events of the bucket are POSTed there (loopback only). */
export function addBucketNotification(state: FakeAwsState, body: unknown): { bucket: string; url: string } {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(b.bucket)) throw new Error("bucket-notification: 'bucket' must be a bucket name");
  if (typeof b.url !== 'string' || !/^http:\/\/127\.0\.0\.1:\d{1,5}\/[\w/-]*$/.test(b.url)) throw new Error("bucket-notification: 'url' must be http://127.0.0.1:<port>/<path>");
  const targets = notificationTargets.get(state) ?? new Map<string, string>();
  notificationTargets.set(state, targets);
  targets.set(b.bucket, b.url);
  return { bucket: b.bucket, url: b.url };
}

const etag = (data: Buffer) => `"${createHash('md5').update(data).digest('hex')}"`;

/** Tells the bucket's notification target (if any) about a new object, as S3 tells Lambda: keys URL-encoded with '+' for spaces. */
export function notifyObjectCreated(state: FakeAwsState, region: string, bucket: string, key: string, data: Buffer, eventName: 'Put' | 'Copy'): void {
  const url = notificationTargets.get(state)?.get(bucket);
  if (!url) return;
  const record = {
    eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: region, eventTime: new Date().toISOString(), eventName: `ObjectCreated:${eventName}`,
    s3: { s3SchemaVersion: '1.0', bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` }, object: { key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/'), size: data.length, eTag: etag(data).slice(1, -1) } },
  };
  // Asynchronous, like S3's delivery; a target that is gone is the test's problem, not the uploader's.
  void fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Records: [record] }) }).catch(() => undefined);
}

function objectOf(state: FakeAwsState, bucketName: string, key: string): Buffer {
  const bucket = state.buckets.get(bucketName);
  if (!bucket) throw new FakeAwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
  const data = bucket.objects.get(key);
  if (!data) throw new FakeAwsError('NoSuchKey', 'The specified key does not exist.', 404);
  return data;
}

function objectHeaders(data: Buffer): Record<string, string> {
  return { ETag: etag(data), 'content-type': 'application/octet-stream', 'last-modified': new Date().toUTCString(), 'x-amz-server-side-encryption': 'aws:kms' };
}

export const s3ObjectHandlers: Record<string, (state: FakeAwsState, r: S3Request, bucketName: string, key: string) => S3Answer> = {
  HeadObject(state, _r, name, key) {
    const data = objectOf(state, name, key);
    return { status: 200, headers: { ...objectHeaders(data), 'content-length': String(data.length) } };
  },
  /** Whole objects, or one `Range: bytes=a-b` (206 with Content-Range). */
  GetObject(state, r, name, key) {
    const data = objectOf(state, name, key);
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(r.headers.range ?? ''));
    if (!range) return { status: 200, headers: objectHeaders(data), body: data };
    const start = Number(range[1]);
    if (start >= data.length) throw new FakeAwsError('InvalidRange', 'The requested range is not satisfiable', 416);
    const end = Math.min(data.length - 1, range[2] ? Number(range[2]) : data.length - 1);
    return { status: 206, headers: { ...objectHeaders(data), 'content-range': `bytes ${start}-${end}/${data.length}` }, body: data.subarray(start, end + 1) };
  },
};

/** PUT with x-amz-copy-source: a server-side copy (CopyObject), answered with CopyObjectResult. */
export function copyObject(state: FakeAwsState, r: S3Request, name: string, key: string): S3Answer {
  const source = decodeURIComponent(String(r.headers['x-amz-copy-source']).split('?')[0] ?? '').replace(/^\//, '');
  const slash = source.indexOf('/');
  const data = objectOf(state, source.slice(0, slash), source.slice(slash + 1));
  const target = state.buckets.get(name);
  if (!target) throw new FakeAwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
  target.objects.set(key, Buffer.from(data));
  notifyObjectCreated(state, r.region, name, key, data, 'Copy');
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<CopyObjectResult><LastModified>${new Date().toISOString()}</LastModified><ETag>${etag(data).replace(/"/g, '&quot;')}</ETag></CopyObjectResult>`;
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
}
