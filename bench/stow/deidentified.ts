/**
 * De-identified STOW-RS against a plain send of the same instances, in the same run, each against
 * a fresh local Orthanc and in its own process (peak RSS is that process's own):
 *   plain         scanDicom + sendInstances (what `imaging-lab send` does)
 *   de-identified sendDeidentified: the same scan, the PS3.15 rewrite of every instance, pixel data
 *                 copied through, streamed through the same client (`imaging-lab send --deidentify`)
 * Goal: de-identified throughput at least 0.8x plain.
 *
 * Run: npx tsx bench/stow/deidentified.ts [--count 1000] [--size 524288] [--repeat 1]
 *   (npm run bench:stow:deid)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sendDeidentified } from '../../src/core/deid/sendDeidentified';
import { scanDicom } from '../../src/core/dicom/scanDicom';
import { sendInstances } from '../../src/core/dicom/sendInstances';
import { startOrthanc } from '../../test/support/orthanc';
import { generateInstances } from './generate';

type Mode = 'plain' | 'de-identified';
interface Measured {
  readonly mode: Mode;
  readonly instances: number;
  readonly stored: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly peakRssMb: number;
}

async function plainSend(dir: string, dicomWeb: string): Promise<{ instances: number; stored: number; bytes: number }> {
  const scan = await scanDicom([dir]);
  const report = await sendInstances(scan.instances, scan.skipped, { endpoint: { url: dicomWeb } });
  return { instances: scan.instances.length, stored: report.instances.filter((i) => i.fate === 'stored').length, bytes: report.bytesStored };
}

async function deidentifiedSend(dir: string, dicomWeb: string, mapPath: string): Promise<{ instances: number; stored: number; bytes: number }> {
  const result = await sendDeidentified([dir], { deid: { cleanDescriptors: false, retainDates: false }, mapPath, endpoint: { url: dicomWeb } });
  return { instances: result.instances.length, stored: result.report?.instances.filter((i) => i.fate === 'stored').length ?? 0, bytes: result.report?.bytesStored ?? 0 };
}

/** Child process: one send, prints one JSON line. */
async function child(mode: Mode, dir: string, dicomWeb: string, mapPath: string): Promise<void> {
  const t0 = performance.now();
  const sent = mode === 'plain' ? await plainSend(dir, dicomWeb) : await deidentifiedSend(dir, dicomWeb, mapPath);
  const { instances, stored, bytes } = sent;
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`${JSON.stringify({ mode, instances, stored, bytes, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

function runChild(mode: Mode, dir: string, dicomWeb: string, mapPath: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--require', 'tsx/cjs', __filename, '--child', mode, '--dir', dir, '--url', dicomWeb, '--map', mapPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Measured) : reject(new Error(`${mode} exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000' },
      size: { type: 'string', default: String(512 * 1024) },
      repeat: { type: 'string', default: '1' },
      child: { type: 'string' },
      dir: { type: 'string' },
      url: { type: 'string' },
      map: { type: 'string' },
    },
  });
  if (values.child) return child(values.child as Mode, values.dir as string, values.url as string, values.map as string);
  const count = Number(values.count);
  const size = Number(values.size);
  const work = await mkdtemp(join(tmpdir(), 'bench-deid-'));
  try {
    process.stderr.write(`generating ${count} x ${(size / 1024).toFixed(0)} KiB...\n`);
    const dir = join(work, 'set');
    await generateInstances(dir, count, size);
    const runs: Measured[] = [];
    for (let rep = 0; rep < Number(values.repeat); rep++) {
      for (const mode of (rep % 2 === 0 ? ['plain', 'de-identified'] : ['de-identified', 'plain']) as Mode[]) {
        const orthanc = await startOrthanc({ httpThreads: 50, ...(existsSync('/dev/shm') ? { tempRoot: '/dev/shm' } : {}) });
        try {
          const r = await runChild(mode, dir, orthanc.dicomWeb, join(work, `map-${rep}.json`));
          const stats = await orthanc.rest<{ CountInstances: number }>('/statistics');
          runs.push({ ...r, stored: stats.CountInstances });
          process.stderr.write(`  ${mode}: ${(r.bytes / 1e6 / r.seconds).toFixed(1)} MB/s, ${r.peakRssMb.toFixed(0)} MB RSS, ${stats.CountInstances}/${r.instances} stored\n`);
        } finally {
          await orthanc.stop();
        }
      }
    }
    const median = (mode: Mode) => {
      const sorted = runs.filter((r) => r.mode === mode).sort((a, b) => a.bytes / a.seconds - b.bytes / b.seconds);
      const m = sorted[Math.floor(sorted.length / 2)] as Measured;
      return { ...m, peakRssMb: Math.max(...sorted.map((r) => r.peakRssMb)) };
    };
    const plain = median('plain');
    const deid = median('de-identified');
    const row = (r: Measured) =>
      `${r.mode.padEnd(14)}  ${String(r.instances).padStart(9)}  ${(r.bytes / 1e6).toFixed(0).padStart(5)}  ${r.seconds.toFixed(2).padStart(7)}  ${(r.bytes / 1e6 / r.seconds).toFixed(1).padStart(6)}  ${(r.instances / r.seconds).toFixed(0).padStart(6)}  ${r.peakRssMb.toFixed(0).padStart(11)}  ${String(r.stored).padStart(6)}`;
    process.stdout.write(`\nSTOW-RS plain vs de-identified, median of ${values.repeat} run(s), ${count} instances x ${(size / 1024).toFixed(0)} KiB, same instances, fresh Orthanc each\n`);
    process.stdout.write(`mode            instances     MB  seconds    MB/s  inst/s  peak RSS MB  stored\n${row(plain)}\n${row(deid)}\n`);
    const ratio = deid.bytes / deid.seconds / (plain.bytes / plain.seconds);
    process.stdout.write(`de-identified / plain: ${ratio.toFixed(2)}x throughput (goal >= 0.80x), ${(deid.peakRssMb / plain.peakRssMb).toFixed(2)}x peak RSS\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
