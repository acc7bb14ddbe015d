/**
 * One benchmark client in its own process (so peak RSS is its own). Prints one JSON line:
 * { seconds, bytes, instances, ok, peakRssMb }.
 * Usage: node --require tsx/cjs bench/stow/client.ts '<json spec>'
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { planBatches } from '../../src/core/dicom/batches';
import type { scanDicom as ScanDicom } from '../../src/core/dicom/scanDicom';
import type { sendInstances as SendInstances } from '../../src/core/dicom/sendInstances';

export interface ClientSpec {
  readonly client: 'ours' | 'curl' | 'orthanc-native' | 'dicomweb-client' | 'idle';
  /** 'ours': the bundle of our client to run (bench/stow/gitSource.ts bundleOurs). */
  readonly bundle?: string;
  /** Orthanc REST root, e.g. http://127.0.0.1:8042 */
  readonly orthanc: string;
  readonly dir: string;
  readonly concurrency: number;
  readonly batchCount: number;
  readonly batchBytes: number;
}

async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

async function listFiles(dir: string): Promise<{ path: string; size: number }[]> {
  const names = (await readdir(dir)).sort();
  return Promise.all(names.map(async (n) => ({ path: join(dir, n), size: (await stat(join(dir, n))).size })));
}

let curlPeakKb = 0;

function curlOne(url: string, file: string): Promise<void> {
  const boundary = 'benchboundary0123456789';
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '%M', 'curl', '-sS', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'POST',
      '-H', `Content-Type: multipart/related; type="application/dicom"; boundary=${boundary}`, '-H', 'Accept: application/dicom+json',
      // Without this, curl waits up to 1 s for a "100 Continue" that Orthanc never sends.
      '-H', 'Expect:', '--data-binary', '@-', url]);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const kb = Number(err.trim().split('\n').at(-1));
      if (Number.isFinite(kb)) curlPeakKb = Math.max(curlPeakKb, kb);
      if (out.trim() === '200') resolve();
      else reject(new Error(`curl: HTTP ${out} ${err}`));
    });
    child.stdin.write(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`);
    const source = createReadStream(file);
    source.pipe(child.stdin, { end: false });
    source.on('end', () => child.stdin.end(`\r\n--${boundary}--\r\n`));
  });
}

function postInstance(agent: Agent, url: URL, file: { path: string; size: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/dicom', 'Content-Length': file.size } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`Orthanc /instances: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    createReadStream(file.path).pipe(req);
  });
}

interface Ours {
  scanDicom: typeof ScanDicom;
  sendInstances: typeof SendInstances;
}

/** Our client as bundled for shipping (or from source without a bundle), loaded before the clock starts. */
function loadOurs(spec: ClientSpec): Ours {
  const load = createRequire(__filename);
  if (spec.bundle) return load(spec.bundle) as Ours;
  return { ...(load('../../src/core/dicom/scanDicom') as Pick<Ours, 'scanDicom'>), ...(load('../../src/core/dicom/sendInstances') as Pick<Ours, 'sendInstances'>) };
}

async function run(spec: ClientSpec): Promise<{ instances: number; bytes: number; ok: boolean }> {
  const dicomWeb = `${spec.orthanc}/dicom-web`;
  if (spec.client === 'ours') {
    const { scanDicom, sendInstances } = loadOurs(spec);
    const scan = await scanDicom([spec.dir]);
    const report = await sendInstances(scan.instances, scan.skipped, {
      endpoint: { url: dicomWeb },
      tuning: { concurrency: spec.concurrency, batchCount: spec.batchCount, batchBytes: spec.batchBytes },
    });
    return { instances: report.instances.length, bytes: report.bytesStored, ok: report.instances.every((i) => i.fate === 'stored') };
  }
  const files = await listFiles(spec.dir);
  const bytes = files.reduce((s, f) => s + f.size, 0);
  if (spec.client === 'idle') return { instances: 0, bytes: 0, ok: true };
  if (spec.client === 'curl') {
    await pool(files, spec.concurrency, (f) => curlOne(`${dicomWeb}/studies`, f.path));
  } else if (spec.client === 'orthanc-native') {
    const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
    await pool(files, spec.concurrency, (f) => postInstance(agent, new URL(`${spec.orthanc}/instances`), f));
    agent.destroy();
  } else {
    // The browser library runs in Node with xhr2 standing in for XMLHttpRequest.
    (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = ((await import('xhr2')) as { default: unknown }).default;
    const { api } = (await import('dicomweb-client')) as unknown as { api: { DICOMwebClient: new (o: { url: string }) => { storeInstances(o: { datasets: ArrayBuffer[] }): Promise<unknown> } } };
    const client = new api.DICOMwebClient({ url: dicomWeb });
    await pool(planBatches(files, spec.batchBytes, spec.batchCount), spec.concurrency, async (batch) => {
      const datasets = await Promise.all(batch.map(async (f) => {
        const b = await readFile(f.path);
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
      }));
      await client.storeInstances({ datasets });
    });
  }
  return { instances: files.length, bytes, ok: true };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as ClientSpec;
  if (spec.client === 'ours') loadOurs(spec);
  const started = performance.now();
  const result = await run(spec);
  const seconds = (performance.now() - started) / 1000;
  const ownPeakMb = process.resourceUsage().maxRSS / 1024;
  const peakRssMb = spec.client === 'curl' ? curlPeakKb / 1024 : ownPeakMb;
  process.stdout.write(`${JSON.stringify({ ...result, seconds, peakRssMb, ownPeakMb })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
