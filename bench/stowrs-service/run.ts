/**
 * The STOW-RS-to-S3 service against Orthanc's STOW-RS, with the same client and the same instances
 * in one run; then the service's peak RSS while it streams one 200 MB part and one 2 GB part.
 * Usage: npm run bench:stowrs-service -- [--count 400] [--size 524288] [--repeat 3] [--no-big]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { bigInstance, multipartStream } from '../../test/support/bigDicomPart';
import { freePort, startOrthanc } from '../../test/support/orthanc';
import { startS3Standin, type S3Standin } from '../../test/support/s3Standin';
import { startStowrsService } from '../../test/support/stowrsService';
import { post } from '../../test/peers/stowrs/stowrsBodies';
import { generateInstances } from '../stow/generate';
import { startDiscardingS3 } from './discardingS3';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '400' },
    size: { type: 'string', default: String(512 * 1024) },
    repeat: { type: 'string', default: '3' },
    'no-big': { type: 'boolean', default: false },
  },
});

const SEND = resolve(__dirname, 'sendOnce.ts');
const MIB = 1024 * 1024;
// tmpfs for both servers' storage: this VM's disk write-back varies more than the servers differ.
const TEMP_ROOT = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

interface Run {
  readonly seconds: number;
  readonly bytes: number;
  readonly stored: number;
  readonly failed: number;
}

function send(url: string, dir: string): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', SEND, JSON.stringify({ url, dir })], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Run) : reject(new Error(`client exited with ${code}`))));
  });
}

async function toOrthanc(dir: string): Promise<Run> {
  const orthanc = await startOrthanc({ httpThreads: 50, tempRoot: TEMP_ROOT });
  try {
    return await send(orthanc.dicomWeb, dir);
  } finally {
    await orthanc.stop();
  }
}

/** The same, into an S3 endpoint that keeps nothing: the service's own ceiling on this machine. */
async function toServiceDiscarding(dir: string): Promise<Run> {
  const sink = await startDiscardingS3();
  const service = await startStowrsService({ s3: { env: sink.env } as unknown as S3Standin, port: await freePort(), env: { LOGLEVEL: 'WARNING' } });
  try {
    return await send(service.base, dir);
  } finally {
    await service.stop();
    await sink.stop();
  }
}

/** s3rver alone: PutObject of the same files from the SDK, 16 in parallel (what the service can at most get from it). */
async function s3rverAlone(dir: string): Promise<number> {
  const s3 = await startS3Standin({ directory: TEMP_ROOT });
  try {
    const files = (await readdir(dir)).sort();
    let next = 0;
    let bytes = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < files.length) {
          const name = files[next++]!;
          const body = await readFile(join(dir, name));
          bytes += body.length;
          await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `alone/${name}`, Body: body }));
        }
      }),
    );
    return bytes / 1e6 / ((performance.now() - started) / 1000);
  } finally {
    await s3.stop();
  }
}

async function toService(dir: string): Promise<Run & { peakRssMib: number }> {
  const s3 = await startS3Standin({ directory: TEMP_ROOT });
  const service = await startStowrsService({ s3, port: await freePort(), env: { LOGLEVEL: 'WARNING' } });
  try {
    const run = await send(service.base, dir);
    const objects = await s3.objects();
    if (objects.size !== run.stored) throw new Error(`the client says ${run.stored} stored, the bucket holds ${objects.size}`);
    return { ...run, peakRssMib: service.peakRssMib() };
  } finally {
    await service.stop();
    await s3.stop();
  }
}

/** A fresh service streams one generated part of `bytes`; its peak RSS afterwards. */
async function peakForPart(bytes: number): Promise<{ peakRssMib: number; mbPerSecond: number }> {
  const s3: S3Standin = await startS3Standin({ directory: TEMP_ROOT });
  const service = await startStowrsService({ s3, port: await freePort(), env: { LOGLEVEL: 'WARNING' } });
  try {
    const big = bigInstance(`bench/${bytes}`, bytes);
    const started = performance.now();
    const res = await post(`${service.base}/studies`, { 'Content-Type': 'multipart/related; type="application/dicom"; boundary=bench' }, multipartStream('bench', [big]));
    const seconds = (performance.now() - started) / 1000;
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body}`);
    return { peakRssMib: service.peakRssMib(), mbPerSecond: big.size / 1e6 / seconds };
  } finally {
    await service.stop();
    await s3.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  // The SDK is pinned; its notice about future Node 22 requirements would only clutter the output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const count = Number(values.count);
  const size = Number(values.size);
  const repeat = Number(values.repeat);
  const work = await mkdtemp(join(tmpdir(), 'bench-stowrs-'));
  try {
    process.stderr.write(`generating ${count} x ${(size / 1024).toFixed(0)} KiB...\n`);
    const dir = join(work, 'set');
    const { totalBytes } = await generateInstances(dir, count, size);
    const orthanc: number[] = [];
    const ours: number[] = [];
    const rss: number[] = [];
    const discarding: number[] = [];
    const alone: number[] = [];
    const targets = ['orthanc', 'ours', 'discarding', 's3rver'] as const;
    for (let rep = 0; rep < repeat; rep++) {
      // Rotate the order, so none always runs first (warmer page cache, different neighbours' load).
      for (const target of [...targets.slice(rep % targets.length), ...targets.slice(0, rep % targets.length)]) {
        if (target === 'orthanc') {
          const r = await toOrthanc(dir);
          if (r.failed > 0) throw new Error(`Orthanc refused ${r.failed} instances`);
          orthanc.push(r.bytes / 1e6 / r.seconds);
          process.stderr.write(`  Orthanc STOW-RS: ${orthanc.at(-1)!.toFixed(1)} MB/s\n`);
        } else if (target === 'ours') {
          const r = await toService(dir);
          if (r.failed > 0) throw new Error(`the service refused ${r.failed} instances`);
          ours.push(r.bytes / 1e6 / r.seconds);
          rss.push(r.peakRssMib);
          process.stderr.write(`  STOW-RS-to-S3 service -> s3rver: ${ours.at(-1)!.toFixed(1)} MB/s, peak RSS ${r.peakRssMib.toFixed(0)} MiB\n`);
        } else if (target === 'discarding') {
          const r = await toServiceDiscarding(dir);
          discarding.push(r.bytes / 1e6 / r.seconds);
          process.stderr.write(`  STOW-RS-to-S3 service -> discarding S3: ${discarding.at(-1)!.toFixed(1)} MB/s\n`);
        } else {
          alone.push(await s3rverAlone(dir));
          process.stderr.write(`  s3rver alone: ${alone.at(-1)!.toFixed(1)} MB/s\n`);
        }
      }
    }
    const o = median(orthanc);
    const s = median(ours);
    process.stdout.write(`\nSame client (Imaging Lab STOW-RS, default batches), ${count} instances x ${(size / 1024).toFixed(0)} KiB (${(totalBytes / 1e6).toFixed(0)} MB), median of ${repeat}:\n`);
    process.stdout.write(`  Orthanc 1.10 + DICOMweb 1.7 (storage on ${TEMP_ROOT}):   ${o.toFixed(1)} MB/s  ${(o * 1e6 / size).toFixed(0)} inst/s\n`);
    process.stdout.write(`  STOW-RS-to-S3 service -> s3rver (on ${TEMP_ROOT}):      ${s.toFixed(1)} MB/s  ${(s * 1e6 / size).toFixed(0)} inst/s  peak RSS ${Math.max(...rss).toFixed(0)} MiB\n`);
    process.stdout.write(`  service / Orthanc: ${(s / o).toFixed(2)}x\n`);
    const d = median(discarding);
    process.stdout.write(`  (the service into an S3 that keeps nothing: ${d.toFixed(1)} MB/s, ${(d / o).toFixed(2)}x Orthanc; s3rver alone, SDK PutObject x16: ${median(alone).toFixed(1)} MB/s)\n`);
    if (!values['no-big']) {
      for (const bytes of [200 * MIB, 2048 * MIB]) {
        const r = await peakForPart(bytes);
        process.stdout.write(`  one ${bytes >= 1024 * MIB ? `${bytes / 1024 / MIB} GiB` : `${bytes / MIB} MiB`} part: service peak RSS ${r.peakRssMib.toFixed(0)} MiB (streamed at ${r.mbPerSecond.toFixed(0)} MB/s into s3rver)\n`);
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
