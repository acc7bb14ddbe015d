import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

/** s3rver's fixed credentials (test/support/s3Standin.ts). */
const S3RVER = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface Child {
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Waits for the first stdout line that `accept` takes, or fails with what the process said. */
function firstLine<T>(child: ChildProcess, accept: (line: string) => T | undefined, what: string, ms = 60000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${ms} ms: ${err.slice(-800)} ${out.slice(-800)}`)), ms);
    child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      for (const line of out.split('\n')) {
        const got = line.trim() ? accept(line) : undefined;
        if (got !== undefined) {
          clearTimeout(timer);
          return resolve(got);
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}): ${err.slice(-800)}`));
    });
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

export interface S3Peer extends Child {
  readonly endpoint: string;
  readonly bucket: string;
  readonly client: S3Client;
  /** Object keys and sizes under `prefix`, as s3rver holds them. */
  objects(prefix: string): Promise<Map<string, number>>;
  read(key: string): Promise<Buffer>;
}

/** s3rver on loopback in its own process (it is not bundled into the extension host's suite). */
export async function startS3Peer(repoRoot: string, bucket: string): Promise<S3Peer> {
  const child = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'test', 'support', 's3StandinMain.ts'), bucket], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  const info = await firstLine(child, (l) => (l.startsWith('{') ? (JSON.parse(l) as { endpoint: string; bucket: string }) : undefined), 's3rver');
  const client = new S3Client({ endpoint: info.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER });
  return {
    process: child,
    endpoint: info.endpoint,
    bucket: info.bucket,
    client,
    async objects(prefix) {
      const found = new Map<string, number>();
      const page = await client.send(new ListObjectsV2Command({ Bucket: info.bucket, Prefix: prefix }));
      for (const o of page.Contents ?? []) found.set(o.Key ?? '', o.Size ?? 0);
      return found;
    },
    async read(key) {
      const got = await client.send(new GetObjectCommand({ Bucket: info.bucket, Key: key }));
      return Buffer.from(await got.Body!.transformToByteArray());
    },
    stop: async () => {
      client.destroy();
      child.stdin?.end();
      await stopper(child)();
    },
  };
}

/** A loopback port nothing listens on now (the planned stack's URL names it before the service starts). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ServicePeer extends Child {
  readonly base: string;
  /** Access lines the service logged (JSON). */
  readonly logs: string[];
}

/**
 * The STOW-RS service the extension ships (dist/stowrs-service.js), started as the instance starts
 * it: TLS with its own certificate, client certificates from the stack's ClientCaCertificate,
 * writing to the S3 stand-in.
 */
export async function startStowrsServicePeer(
  repoRoot: string,
  s3: S3Peer,
  options: { port: number; certificatePem: string; keyPem: string; clientCaPem: string; prefix: string },
): Promise<ServicePeer> {
  const dir = mkdtempSync(join(tmpdir(), 'imaging-lab-stowrs-journey-'));
  const file = (name: string, text: string, mode: number) => {
    writeFileSync(join(dir, name), text, { mode });
    return join(dir, name);
  };
  const env = {
    PATH: process.env.PATH ?? '',
    HOST: '127.0.0.1',
    PORT: String(options.port),
    LOGLEVEL: 'INFO',
    TLSCERT: file('server.crt', options.certificatePem, 0o644),
    TLSKEY: file('server.key', options.keyPem, 0o600),
    CLIENTCA: file('client-ca.pem', options.clientCaPem, 0o644),
    BUCKETNAME: s3.bucket,
    PREFIX: options.prefix,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    S3FORCEPATHSTYLE: 'true',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: S3RVER.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'stowrs-service.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  child.stdout?.on('data', (d: Buffer) => logs.push(...d.toString('utf8').split('\n').filter((l) => l.trim() !== '')));
  await firstLine(child, (l) => (/"event":"listening"/.test(l) ? true : undefined), 'the STOW-RS service');
  const stop = stopper(child);
  return {
    process: child,
    base: `https://127.0.0.1:${options.port}`,
    logs,
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
