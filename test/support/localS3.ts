import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One record of an S3 event notification, as S3 sends it to Lambda (the fields the lab reads). */
export interface S3EventRecord {
  readonly eventName: string;
  readonly s3: { readonly bucket: { readonly name: string }; readonly object: { readonly key: string; readonly size?: number; readonly versionId?: string } };
}

export interface LocalS3 {
  /** http://127.0.0.1:<port> — give it to an SDK as endpoint, with path-style addressing. */
  readonly endpoint: string;
  /** s3rver's fixed credentials (any region). */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Resolves with the next event record for `bucket` (and `key`, when given), or rejects after `timeoutMs`. */
  nextEvent(bucket: string, key?: string, timeoutMs?: number): Promise<S3EventRecord>;
  close(): Promise<void>;
}

interface S3rverServer {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  on(event: 'event', listener: (e: { Records: S3EventRecord[] }) => void): void;
}

/**
 * S3 event keys are URL-encoded with '+' for spaces (AWS: "the s3 key provided in the event
 * notification is URL encoded"); s3rver emits the raw key. This re-encodes it as S3 does, so the
 * handler under test sees what it sees on AWS.
 */
export function awsEncodedKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

/**
 * s3rver (npm, in-process) on 127.0.0.1 with the given buckets, files in a temporary folder that
 * `close` removes. Its object events (ObjectCreated:Put/Copy/Post, ObjectRemoved:Delete) come back
 * through `nextEvent` with keys encoded as AWS encodes them.
 */
export async function startLocalS3(buckets: readonly string[]): Promise<LocalS3> {
  const S3rver = createRequire(__filename)('s3rver') as new (options: Record<string, unknown>) => S3rverServer;
  const directory = mkdtempSync(join(tmpdir(), 'imaging-lab-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  const pending: { bucket: string; key?: string; resolve: (r: S3EventRecord) => void }[] = [];
  const backlog: S3EventRecord[] = [];
  server.on('event', (e) => {
    for (const raw of e.Records) {
      const record = { ...raw, s3: { ...raw.s3, object: { ...raw.s3.object, key: awsEncodedKey(raw.s3.object.key) } } };
      const i = pending.findIndex((p) => p.bucket === record.s3.bucket.name && (p.key === undefined || p.key === raw.s3.object.key));
      if (i >= 0) pending.splice(i, 1)[0]!.resolve(record);
      else backlog.push(record);
    }
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    nextEvent(bucket, key, timeoutMs = 15_000) {
      const i = backlog.findIndex((r) => r.s3.bucket.name === bucket && (key === undefined || decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')) === key));
      if (i >= 0) return Promise.resolve(backlog.splice(i, 1)[0]!);
      return new Promise((resolve, reject) => {
        const entry = { bucket, ...(key !== undefined ? { key } : {}), resolve: (r: S3EventRecord) => (clearTimeout(timer), resolve(r)) };
        const timer = setTimeout(() => {
          pending.splice(pending.indexOf(entry), 1);
          reject(new Error(`no S3 event for ${bucket}/${key ?? '*'} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.push(entry);
      });
    },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
