import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** s3rver's fixed credentials (it checks SigV4 signatures against them). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface S3Standin {
  /** http://127.0.0.1:PORT (path-style; set AWS_ENDPOINT_URL_S3 and S3FORCEPATHSTYLE=true for the service). */
  readonly endpoint: string;
  readonly bucket: string;
  readonly client: S3Client;
  /** Environment for a process that should use this server as its S3. */
  readonly env: Record<string, string>;
  /** Every object key in the bucket with its size. */
  objects(prefix?: string): Promise<Map<string, number>>;
  read(key: string): Promise<Buffer>;
  /** Multipart uploads started and neither completed nor aborted. */
  pendingUploads(): Promise<{ key: string; uploadId: string }[]>;
  /** Upload ids the service aborted (AbortMultipartUpload calls seen). */
  readonly aborted: readonly string[];
  /** Removes every object (between tests). */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  status: number;
  body: unknown;
  type: string;
}

/**
 * npm s3rver on loopback with a throw-away directory and one bucket, plus the two calls it lacks
 * that the service and its tests need: AbortMultipartUpload (DELETE ?uploadId=) and
 * ListMultipartUploads (GET ?uploads), implemented on its own upload store.
 */
export async function startS3Standin(options: { bucket?: string; directory?: string } = {}): Promise<S3Standin> {
  const bucket = options.bucket ?? 'imaging-lab-stowrs-test';
  const directory = await mkdtemp(join(options.directory ?? tmpdir(), 's3rver-'));
  const uploadsDir = join(directory, bucket, '._S3rver_uploads');
  const aborted: string[] = [];
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const middleware = (server as unknown as { middleware: ((ctx: KoaContext, next: () => Promise<void>) => Promise<void>)[] }).middleware;
  middleware.unshift(async (ctx, next) => {
    const [, pathBucket, ...key] = ctx.path.split('/');
    if (pathBucket === bucket && ctx.method === 'DELETE' && key.length > 0 && ctx.query.uploadId) {
      const uploadId = ctx.query.uploadId;
      if (!/^[0-9a-f]{32}$/.test(uploadId)) {
        ctx.status = 404;
        return;
      }
      await rm(join(uploadsDir, uploadId), { recursive: true, force: true });
      aborted.push(uploadId);
      ctx.status = 204;
      ctx.body = '';
      return;
    }
    if (pathBucket === bucket && ctx.method === 'GET' && key.length === 0 && 'uploads' in ctx.query) {
      const uploads = await listUploads(uploadsDir);
      ctx.type = 'application/xml';
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?><ListMultipartUploadsResult><Bucket>${bucket}</Bucket>${uploads
        .map((u) => `<Upload><Key>${u.key}</Key><UploadId>${u.uploadId}</UploadId></Upload>`)
        .join('')}<IsTruncated>false</IsTruncated></ListMultipartUploadsResult>`;
      return;
    }
    await next();
  });
  const address = (await server.run()) as { address: string; port: number };
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });

  const objects = async (prefix = ''): Promise<Map<string, number>> => {
    const found = new Map<string, number>();
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) found.set(o.Key ?? '', o.Size ?? 0);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found;
  };

  return {
    endpoint,
    bucket,
    client,
    env: {
      AWS_ENDPOINT_URL_S3: endpoint,
      S3FORCEPATHSTYLE: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      BUCKETNAME: bucket,
    },
    objects,
    async read(key) {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await response.Body!.transformToByteArray());
    },
    pendingUploads: () => listUploads(uploadsDir),
    aborted,
    async clear() {
      for (const key of (await objects()).keys()) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      await rm(uploadsDir, { recursive: true, force: true });
      aborted.length = 0;
    },
    async stop() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

async function listUploads(uploadsDir: string): Promise<{ key: string; uploadId: string }[]> {
  let ids: string[];
  try {
    ids = await readdir(uploadsDir);
  } catch {
    return [];
  }
  return Promise.all(ids.map(async (uploadId) => ({ uploadId, key: await readFile(join(uploadsDir, uploadId, 'key'), 'utf8').catch(() => '') })));
}
