/**
 * `imaging-lab send` end to end against the loopback limit. One STOW-RS sink (bench/stow/sinkServer.ts,
 * its own process: it parses every part and answers with the referenced instances) receives, in the
 * same run and in rotated order:
 *   curl     one pre-built multipart body of the same instances streamed from a file (`-T`): the limit
 *   CLI      `node dist/cli.js send DIR --url … --json` as a user runs it (start, scan, send)
 * Wall time, CPU seconds (user + system) and peak RSS of each process come from GNU time.
 * Sets: 400 × 512 KiB and 20 × 50 MB (ratio goals 0.5× and 0.8× of curl), and 2 GB (4000 × 512 KiB)
 * for the CLI's peak RSS. Files live on /dev/shm so disk write-back does not decide the result.
 * Run: npm run bench:stow:limit [-- --repeat 3 --sets small,large,rss] [--before OTHER/dist/cli.js]
 *   --before  also runs another build of the CLI (e.g. a copy of dist/ from an earlier commit) in the same run
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateInstances } from './generate';

const root = resolve(__dirname, '../..');
const { values } = parseArgs({ options: { repeat: { type: 'string', default: '3' }, sets: { type: 'string', default: 'small,large,rss' }, before: { type: 'string' } } });

interface Measured {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
  readonly stored: number;
  readonly phases?: { start: number; scan: number; send: number };
}

const BOUNDARY = 'imaging-lab-bench-limit-0123456789abcdef';

function startSink(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'sinkServer.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.on('error', reject);
    child.stdout?.once('data', (c: Buffer) => resolvePromise({ child, url: `http://127.0.0.1:${c.toString().trim()}/dicom-web` }));
  });
}

/** The same instances as one multipart body on disk, so curl streams exactly what our client sends. */
async function writeBody(files: readonly string[], target: string): Promise<void> {
  const out = createWriteStream(target);
  for (const file of files) {
    const bytes = await readFile(file);
    out.write(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\nContent-Length: ${bytes.length}\r\n\r\n`);
    out.write(bytes);
    if (!out.write('\r\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => out.end(`--${BOUNDARY}--\r\n`, () => r()).once('error', j));
}

/** Runs a command under GNU time; its own stdout is returned with the measures. */
function timed(command: string, args: readonly string[]): Promise<{ stdout: string; seconds: number; cpuSeconds: number; peakRssMiB: number }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'BENCH-TIME %e %U %S %M', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = /BENCH-TIME (\S+) (\S+) (\S+) (\S+)/.exec(stderr);
      if (code !== 0 || !line) return reject(new Error(`${command} exited with ${code}: ${stderr}`));
      resolvePromise({ stdout, seconds: Number(line[1]), cpuSeconds: Number(line[2]) + Number(line[3]), peakRssMiB: Number(line[4]) / 1024 });
    });
  });
}

async function curl(body: string, url: string, count: number): Promise<Measured> {
  const r = await timed('curl', ['-sS', '-X', 'POST', '-T', body, '-H', `Content-Type: multipart/related; type="application/dicom"; boundary=${BOUNDARY}`,
    '-H', 'Accept: application/dicom+json', '-H', 'Expect:', `${url}/studies`]);
  const stored = ((JSON.parse(r.stdout) as Record<string, { Value?: unknown[] }>)['00081199']?.Value ?? []).length;
  if (stored !== count) throw new Error(`curl: the sink referenced ${stored} of ${count} instances`);
  return { ...r, stored };
}

async function cli(dir: string, url: string, count: number, script = join(root, 'dist', 'cli.js')): Promise<Measured> {
  const r = await timed(process.execPath, [script, 'send', dir, '--url', url, '--json']);
  const summary = JSON.parse(r.stdout) as { stored: number; seconds: number; phases: { start: number; scan: number; send: number } };
  if (summary.stored !== count) throw new Error(`CLI: ${summary.stored} of ${count} instances stored`);
  return { ...r, stored: summary.stored, phases: summary.phases };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

interface SetSpec {
  readonly name: string;
  readonly count: number;
  readonly size: number;
  readonly goal: string;
}

const SETS: Record<string, SetSpec> = {
  small: { name: '400 × 512 KiB', count: 400, size: 512 * 1024, goal: 'CLI ≥ 0.5× curl' },
  large: { name: '20 × 50 MB', count: 20, size: 50_000_000, goal: 'CLI ≥ 0.8× curl' },
  rss: { name: '4000 × 512 KiB (2 GB)', count: 4000, size: 512 * 1024, goal: 'CLI peak RSS ≤ 100 MiB' },
};

async function runSet(spec: SetSpec, url: string, work: string, repeat: number): Promise<void> {
  const dir = join(work, `set-${spec.count}`);
  const { files } = await generateInstances(dir, spec.count, spec.size, spec.count);
  const body = join(work, `body-${spec.count}.multipart`);
  await writeBody(files, body);
  const bytes = (await Promise.all((await readdir(dir)).map(async (f) => (await stat(join(dir, f))).size))).reduce((a, b) => a + b, 0);
  const before = values.before ? resolve(values.before) : undefined;
  const runs: [string, () => Promise<Measured>][] = [
    ['curl -T one pre-built body (limit)', () => curl(body, url, spec.count)],
    ['imaging-lab send (end to end)', () => cli(dir, url, spec.count)],
    ...(before ? [['imaging-lab send, --before build', () => cli(dir, url, spec.count, before)] as [string, () => Promise<Measured>]] : []),
  ];
  const rows = new Map<string, Measured[]>(runs.map(([label]) => [label, []]));
  for (const [, run] of runs.slice(1)) await run(); // warm: the code cache and the page cache
  for (let i = 0; i < repeat; i++) {
    // Rotated order: a change in the machine's load hits every row alike.
    for (let k = 0; k < runs.length; k++) {
      const [label, run] = runs[(i + k) % runs.length]!;
      rows.get(label)?.push(await run());
    }
  }
  const mbps = (m: Measured) => bytes / 1e6 / m.seconds;
  const limit = median((rows.get(runs[0]![0]) ?? []).map(mbps));
  console.log(`\n${spec.name}: ${(bytes / 1e6).toFixed(0)} MB, median of ${repeat}; goal: ${spec.goal}`);
  console.log(`${'client'.padEnd(36)}${'MB/s'.padStart(8)}${'vs curl'.padStart(9)}${'wall s'.padStart(8)}${'CPU s'.padStart(7)}${'peak RSS MiB'.padStart(14)}   --json phases start/scan/send s`);
  for (const [label, list] of rows) {
    const speed = median(list.map(mbps));
    const phase = (k: 'start' | 'scan' | 'send') => median(list.map((m) => m.phases?.[k] ?? NaN)).toFixed(2);
    console.log(
      `${label.padEnd(36)}${speed.toFixed(0).padStart(8)}${`${(speed / limit).toFixed(2)}×`.padStart(9)}${median(list.map((m) => m.seconds)).toFixed(2).padStart(8)}` +
        `${median(list.map((m) => m.cpuSeconds)).toFixed(2).padStart(7)}${median(list.map((m) => m.peakRssMiB)).toFixed(0).padStart(14)}` +
        (list[0]?.phases ? `   ${phase('start')} / ${phase('scan')} / ${phase('send')}` : ''),
    );
  }
  await rm(dir, { recursive: true, force: true });
  await rm(body, { force: true });
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `node esbuild.js --production` (npm run bench:stow:limit does).');
  execFileSync('curl', ['--version']);
  const work = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'il-bench-limit-'));
  const sink = await startSink();
  const load = loadavg()[0] ?? NaN;
  try {
    console.log(`imaging-lab send vs curl into one loopback STOW-RS sink, Node ${process.version}, load average ${load.toFixed(2)} at start`);
    for (const name of (values.sets ?? '').split(',')) {
      const spec = SETS[name];
      if (!spec) throw new Error(`unknown set '${name}' (small, large, rss)`);
      await runSet(spec, sink.url, work, Number(values.repeat));
    }
    console.log(`\nload average at the end ${(loadavg()[0] ?? NaN).toFixed(2)}`);
  } finally {
    sink.child.kill();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
