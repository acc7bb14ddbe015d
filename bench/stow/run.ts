/**
 * STOW-RS throughput and memory, side by side against the same local Orthanc (fresh per run):
 *   ours            this extension's streaming client (src/core/dicom)
 *   curl            one hand-built multipart/related request per file, same parallelism
 *   orthanc-native  REST POST /instances, one file per request, same parallelism (server-bound limit)
 *   dicomweb-client the npm browser library in Node via xhr2, same batches and parallelism
 * Each client runs in its own process so its peak RSS is its own (curl: the largest curl process).
 *
 * Run: npx tsx bench/stow/run.ts [--count 1000] [--size 524288] [--concurrency 4] [--batch-count 100]
 *        [--batch-bytes 33554432] [--sweep] [--big]
 *   --sweep  also tries batch sizes and parallelism for our client (to choose the defaults)
 *   --big    also measures our client's peak RSS for 200 MB vs 2 GB in total
 *   --repeat R  run each client R times in rotated order and report the median
 *   --disk   keep Orthanc's storage on disk instead of /dev/shm
 *   --before REV[,REV]  also run our client as of these commits (extracted from git) in the same run
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startOrthanc } from '../../test/support/orthanc';
import type { ClientSpec } from './client';
import { generateInstances } from './generate';
import { bundleOurs, sourceAt } from './gitSource';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    size: { type: 'string', default: String(512 * 1024) },
    concurrency: { type: 'string', default: '4' },
    'batch-count': { type: 'string', default: '32' },
    'batch-bytes': { type: 'string', default: String(32 * 1024 * 1024) },
    sweep: { type: 'boolean', default: false },
    big: { type: 'boolean', default: false },
    only: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    disk: { type: 'boolean', default: false },
    before: { type: 'string' },
  },
});

interface Result {
  label: string;
  /** CPU seconds Orthanc spent on this run (user + system), from /proc. */
  serverCpu: number;
  instances: number;
  bytes: number;
  seconds: number;
  peakRssMb: number;
  stored: number;
}

const CLIENT = resolve(__dirname, 'client.ts');

async function cpuSeconds(pid: number | undefined): Promise<number> {
  if (!pid) return NaN;
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function runClient(spec: ClientSpec): Promise<{ instances: number; bytes: number; seconds: number; peakRssMb: number; ok: boolean }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', CLIENT, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(JSON.parse(out.trim().split('\n').at(-1) ?? '{}')) : reject(new Error(`${spec.client} exited with ${code}`))));
  });
}

async function measure(label: string, spec: Omit<ClientSpec, 'orthanc'>): Promise<Result> {
  // On tmpfs by default: this VM's disk write-back varies run to run by more than the clients differ.
  const orthanc = await startOrthanc({ httpThreads: 50, ...(values.disk || !existsSync('/dev/shm') ? {} : { tempRoot: '/dev/shm' }) });
  try {
    // Flush earlier runs' dirty pages so one client does not pay for another's writes.
    execFileSync('sync');
    const cpu0 = await cpuSeconds(orthanc.pid);
    const r = await runClient({ ...spec, orthanc: orthanc.url });
    const serverCpu = (await cpuSeconds(orthanc.pid)) - cpu0;
    const stats = await orthanc.rest<{ CountInstances: number }>('/statistics');
    const result = { label, serverCpu, instances: r.instances, bytes: r.bytes, seconds: r.seconds, peakRssMb: r.peakRssMb, stored: stats.CountInstances };
    process.stderr.write(`  ${label}: ${(r.bytes / 1e6 / r.seconds).toFixed(1)} MB/s, ${r.peakRssMb.toFixed(0)} MB RSS, Orthanc CPU ${serverCpu.toFixed(1)} s, ${stats.CountInstances}/${r.instances} stored\n`);
    return result;
  } finally {
    await orthanc.stop();
  }
}

function median(results: Result[]): Result {
  const sorted = [...results].sort((a, b) => a.bytes / a.seconds - b.bytes / b.seconds);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error('no runs');
  return { ...middle, peakRssMb: Math.max(...results.map((r) => r.peakRssMb)) };
}

function table(results: Result[], reference: Result | undefined): string {
  const head = ['client', 'instances', 'MB', 'seconds', 'MB/s', 'inst/s', 'peak RSS MB', 'Orthanc CPU s', 'stored', 'vs native'];
  const rows = results.map((r) => {
    const mbs = r.bytes / 1e6 / r.seconds;
    const ratio = reference ? mbs / (reference.bytes / 1e6 / reference.seconds) : NaN;
    return [r.label, String(r.instances), (r.bytes / 1e6).toFixed(0), r.seconds.toFixed(2), mbs.toFixed(1), (r.instances / r.seconds).toFixed(0), r.peakRssMb.toFixed(0), r.serverCpu.toFixed(1), `${r.stored}`, Number.isNaN(ratio) ? '' : `${ratio.toFixed(2)}x`];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const count = Number(values.count);
  const size = Number(values.size);
  const concurrency = Number(values.concurrency);
  const batchCount = Number(values['batch-count']);
  const batchBytes = Number(values['batch-bytes']);
  const work = await mkdtemp(join(tmpdir(), 'bench-stow-'));
  try {
    process.stderr.write(`generating ${count} x ${(size / 1024).toFixed(0)} KiB...\n`);
    const dir = join(work, 'set');
    await generateInstances(dir, count, size);
    const base = { dir, concurrency, batchCount, batchBytes };
    const names: ClientSpec['client'][] = values.only ? (values.only.split(',') as ClientSpec['client'][]) : ['orthanc-native', 'ours', 'curl', 'dicomweb-client'];
    // Our client runs as it ships: bundled by esbuild (with its scan worker).
    const oursBundle = await bundleOurs(resolve(__dirname, '..', '..'), 'current');
    const clients: { label: string; client: ClientSpec['client']; bundle?: string }[] = names.map((client) => ({ label: client, client, ...(client === 'ours' ? { bundle: oursBundle } : {}) }));
    // --before REV: our client as of an earlier commit, measured in the same run (no-loss check of a refactoring).
    for (const revision of values.before?.split(',') ?? []) clients.push({ label: `ours@${revision}`, client: 'ours', bundle: await bundleOurs(sourceAt(revision), revision) });
    // Repeat in rotated order and keep each client's median run: disk write-back makes single runs noisy.
    const repeat = Number(values.repeat);
    const runs = new Map<string, Result[]>();
    for (let rep = 0; rep < repeat; rep++) {
      for (const c of [...clients.slice(rep % clients.length), ...clients.slice(0, rep % clients.length)]) {
        const spec = { ...base, client: c.client, ...(c.bundle ? { bundle: c.bundle } : {}) };
        runs.set(c.label, [...(runs.get(c.label) ?? []), await measure(c.label, spec)]);
      }
    }
    const results = clients.map((c) => median(runs.get(c.label) ?? []));
    const native = results.find((r) => r.label === 'orthanc-native');
    process.stdout.write(`\nSTOW-RS, median of ${repeat} run(s), ${count} instances x ${(size / 1024).toFixed(0)} KiB, concurrency ${concurrency}, our batches ${batchCount} instances / ${(batchBytes / 1048576).toFixed(0)} MiB\n`);
    process.stdout.write(`${table(results, native)}\n`);
    const idle = await runClient({ ...base, client: 'idle', orthanc: 'http://127.0.0.1:9' });
    process.stdout.write(`(baseline: a Node + tsx child process that sends nothing peaks at ${idle.peakRssMb.toFixed(0)} MB RSS; curl's RSS is its largest single process)\n`);
    const ours = results.find((r) => r.label === 'ours');
    if (ours) {
      for (const r of results) {
        if (r !== ours) process.stdout.write(`ours / ${r.label}: ${((ours.bytes / ours.seconds) / (r.bytes / r.seconds)).toFixed(2)}x throughput, ${(ours.peakRssMb / r.peakRssMb).toFixed(2)}x RSS\n`);
      }
    }

    if (values.sweep) {
      const sweep: Result[] = [];
      const MiB = 1048576;
      for (const [bc, bb, cc] of [[1, 32 * MiB, 4], [8, 32 * MiB, 4], [16, 32 * MiB, 4], [32, 32 * MiB, 4], [100, 32 * MiB, 4], [16, 32 * MiB, 8], [32, 32 * MiB, 8], [32, 32 * MiB, 2], [100, 8 * MiB, 4]] as const) {
        const label = `ours count=${bc} bytes=${(bb / MiB).toFixed(0)}MiB conc=${cc}`;
        const tries: Result[] = [];
        for (let rep = 0; rep < repeat; rep++) tries.push(await measure(label, { dir, client: 'ours', bundle: oursBundle, batchCount: bc, batchBytes: bb, concurrency: cc }));
        sweep.push(median(tries));
      }
      process.stdout.write(`\nTuning sweep (our client)\n${table(sweep, native)}\n`);
    }

    if (values.big) {
      const big: Result[] = [];
      for (const total of [200e6, 2e9]) {
        const n = Math.round(total / size);
        const bigDir = join(work, `big-${n}`);
        process.stderr.write(`generating ${n} instances (${(total / 1e9).toFixed(1)} GB)...\n`);
        await generateInstances(bigDir, n, size, 2 + n);
        big.push(await measure(`ours ${(total / 1e6).toFixed(0)} MB`, { ...base, dir: bigDir, client: 'ours', bundle: oursBundle }));
        await rm(bigDir, { recursive: true, force: true });
      }
      process.stdout.write(`\nPeak RSS of our client vs total size\n${table(big, undefined)}\n`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

void main();
