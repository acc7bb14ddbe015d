import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { FakeAwsError } from './errors';
import type { FakeAwsState } from './state';
import { escapeXml } from './xml';
// lab kind
import { copyObject, notifyObjectCreated, s3ObjectHandlers } from './s3Objects';

/** What the S3 handler answers: status, headers, and an XML body (none for HEAD and most PUTs). */
export interface S3Answer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export interface S3Request {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly region: string;
}

/** The bucket subresources the product configures (PUT /<bucket>?<subresource>). */
const CONFIGURATIONS: Readonly<Record<string, string>> = {
  publicAccessBlock: 'PutPublicAccessBlock',
  encryption: 'PutBucketEncryption',
  policy: 'PutBucketPolicy',
  lifecycle: 'PutBucketLifecycleConfiguration',
};

/** The S3 operation a REST request is (path-style addressing, as the SDK uses for an IP endpoint). */
export function s3Action(method: string, path: string, query: URLSearchParams): string {
  const [, , key] = /^\/([^/]+)\/?(.*)$/.exec(path) ?? [];
  if (key) return `${method.charAt(0)}${method.slice(1).toLowerCase()}Object`;
  if (method === 'HEAD') return 'HeadBucket';
  const sub = Object.keys(CONFIGURATIONS).find((s) => query.has(s));
  if (method === 'PUT') return sub ? (CONFIGURATIONS[sub] ?? '') : 'CreateBucket';
  if (method === 'GET' && query.get('list-type') === '2') return 'ListObjectsV2';
  return `${method}Bucket`;
}

/** Decodes an aws-chunked body (streaming uploads with trailing checksums); plain bodies pass through. */
function payload(headers: IncomingHttpHeaders, body: Buffer): Buffer {
  if (!/aws-chunked/.test(String(headers['content-encoding'] ?? '')) && !String(headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-')) return body;
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    const size = parseInt(body.subarray(at, eol).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size === 0) return Buffer.concat(parts);
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

function ownedBucket(state: FakeAwsState, name: string, headers: IncomingHttpHeaders) {
  const bucket = state.buckets.get(name);
  if (!bucket) throw new FakeAwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
  const expected = headers['x-amz-expected-bucket-owner'];
  if (expected !== undefined && expected !== bucket.owner) throw new FakeAwsError('AccessDenied', 'Access Denied', 403);
  return bucket;
}

/** The S3 operations of template staging (rest-xml; headers and codes as in the Amazon S3 API reference). */
export const s3Handlers: Record<string, (state: FakeAwsState, r: S3Request, bucketName: string, key: string) => S3Answer> = {
  HeadBucket(state, r, name) {
    const bucket = ownedBucket(state, name, r.headers);
    return { status: 200, headers: { 'x-amz-bucket-region': bucket.region } };
  },
  CreateBucket(state, r, name) {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) throw new FakeAwsError('InvalidBucketName', 'The specified bucket is not valid.', 400);
    const existing = state.buckets.get(name);
    if (existing) throw existing.owner === state.account.accountId ? new FakeAwsError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409) : new FakeAwsError('BucketAlreadyExists', 'The requested bucket name is not available.', 409);
    const constraint = /<LocationConstraint>([^<]*)<\/LocationConstraint>/.exec(r.body.toString('utf8'))?.[1] ?? 'us-east-1';
    if (constraint !== r.region) throw new FakeAwsError('IllegalLocationConstraintException', `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`, 400);
    state.buckets.create(name, r.region, state.account.accountId);
    return { status: 200, headers: { Location: `/${name}` } };
  },
  PutPublicAccessBlock: configure('publicAccessBlock', 200),
  PutBucketEncryption: configure('encryption', 200),
  PutBucketPolicy: configure('policy', 204),
  PutBucketLifecycleConfiguration: configure('lifecycle', 200),
  /** Keys in order, MaxKeys a page (at most 1000), continuation tokens opaque, as the S3 API reference says. */
  ListObjectsV2(state, r, name) {
    const bucket = ownedBucket(state, name, r.headers);
    const prefix = r.query.get('prefix') ?? '';
    const max = Math.min(1000, Number(r.query.get('max-keys') ?? 1000));
    const after = r.query.get('continuation-token') ? Buffer.from(r.query.get('continuation-token') ?? '', 'base64url').toString('utf8') : (r.query.get('start-after') ?? '');
    // stowrs kind: with a Delimiter, keys sharing what follows the prefix up to it roll up into one CommonPrefixes entry (one of MaxKeys).
    const delimiter = r.query.get('delimiter') ?? '';
    const isFolder = (k: string) => delimiter !== '' && k.indexOf(delimiter, prefix.length) >= 0;
    const rolled = (k: string) => (isFolder(k) ? k.slice(0, k.indexOf(delimiter, prefix.length) + delimiter.length) : k);
    const keys = [...new Set([...bucket.objects.keys()].filter((k) => k.startsWith(prefix)).map(rolled))].filter((k) => k > after).sort();
    const page = keys.slice(0, max);
    const truncated = keys.length > page.length;
    const folders = page.filter(isFolder).map((p) => `<CommonPrefixes><Prefix>${escapeXml(p)}</Prefix></CommonPrefixes>`).join('');
    const contents = page
      .filter((k) => !isFolder(k))
      .map((key) => {
        const data = bucket.objects.get(key) ?? Buffer.alloc(0);
        return `<Contents><Key>${escapeXml(key)}</Key><LastModified>${new Date(state.startedAt).toISOString()}</LastModified><ETag>&quot;${createHash('md5').update(data).digest('hex')}&quot;</ETag><Size>${data.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join('');
    const next = truncated ? `<NextContinuationToken>${Buffer.from(page.at(-1) ?? '').toString('base64url')}</NextContinuationToken>` : '';
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${escapeXml(name)}</Name><Prefix>${escapeXml(prefix)}</Prefix>` +
      `<KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys>${delimiter ? `<Delimiter>${escapeXml(delimiter)}</Delimiter>` : ''}<IsTruncated>${truncated}</IsTruncated>${contents}${folders}${next}</ListBucketResult>`;
    return { status: 200, headers: { 'content-type': 'application/xml' }, body };
  },
  PutObject(state, r, name, key) {
    // lab kind: CopyObject is a PUT with x-amz-copy-source; new objects notify the bucket's target
    if (r.headers['x-amz-copy-source'] !== undefined) return copyObject(state, r, name, key);
    const bucket = ownedBucket(state, name, r.headers);
    const data = payload(r.headers, r.body);
    bucket.objects.set(key, data);
    notifyObjectCreated(state, r.region, name, key, data, 'Put');
    return { status: 200, headers: { ETag: `"${createHash('md5').update(data).digest('hex')}"`, 'x-amz-server-side-encryption': 'AES256' } };
  },
  // lab kind: object reads
  ...s3ObjectHandlers,
};

function configure(subresource: string, status: number) {
  return (state: FakeAwsState, r: S3Request, name: string): S3Answer => {
    ownedBucket(state, name, r.headers).configuration.set(subresource, r.body.toString('utf8'));
    return { status };
  };
}

/** S3's error body (HEAD answers carry none). */
export function s3ErrorBody(code: string, message: string, requestId: string, bucket: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><BucketName>${escapeXml(bucket)}</BucketName><RequestId>${requestId}</RequestId><HostId>fake</HostId></Error>`;
}
