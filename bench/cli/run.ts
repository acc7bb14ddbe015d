/**
 * CLI start-up: wall time, CPU time and peak RSS of `imaging-lab --help` and `imaging-lab send --help`
 * as shipped (dist/cli.js), against `node -e ''` (the floor: Node's own start) and against the same
 * CLI with every vendor bundle required before it runs (what the CLI loaded at start before each
 * command was loaded on first use). Each sample is a fresh process; the variants run round-robin so
 * a change in the machine's load hits them alike. CPU and peak RSS come from the child's own
 * process.resourceUsage() at exit. Run: npm run bench:cli [-- samples]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = resolve(__dirname, '../..');
const dist = join(root, 'dist');
const samples = Number(process.argv[2] ?? 21);
const work = mkdtempSync(join(tmpdir(), 'il-bench-cli-'));

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMiB: number;
}

const reporter = join(work, 'report-usage.js');
writeFileSync(
  reporter,
  `process.on('exit', () => {
  const u = process.resourceUsage();
  require('node:fs').writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMiB: u.maxRSS / 1024 }));
});
`,
);

/** Every vendor bundle, then the CLI: the start-up cost of loading everything up front. */
const eager = join(dist, '.bench-cli-eager.js');

interface Variant {
  readonly label: string;
  readonly args: readonly string[];
}

function runOnce(variant: Variant, index: number): Sample {
  const usageFile = join(work, `usage-${index}.json`);
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--require', reporter, ...variant.args], {
    env: { ...process.env, BENCH_USAGE_FILE: usageFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const wallMs = performance.now() - start;
  if (result.status !== 0) throw new Error(`${variant.label} exited with ${result.status}: ${result.stderr.toString()}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as Omit<Sample, 'wallMs'>;
  return { wallMs, ...usage };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function main(): void {
  const cli = join(dist, 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `node esbuild.js --production` first (npm run bench:cli does).');
  const vendors = readdirSync(join(dist, 'vendor')).filter((f) => f.endsWith('.js'));
  writeFileSync(eager, [...vendors.map((f) => `require('./vendor/${f}');`), "require('./cli.js');"].join('\n'));
  const variants: Variant[] = [
    { label: "node -e '' (floor)", args: ['-e', ''] },
    { label: 'imaging-lab --help', args: [cli, '--help'] },
    { label: 'imaging-lab send --help', args: [cli, 'send', '--help'] },
    { label: 'send --help, every vendor loaded first', args: [eager, 'send', '--help'] },
  ];
  const loadBefore = loadavg()[0] ?? NaN;
  const results = new Map<Variant, Sample[]>(variants.map((v) => [v, []]));
  let index = 0;
  for (const v of variants) runOnce(v, index++); // warm the page cache
  for (let i = 0; i < samples; i++) for (const v of variants) results.get(v)?.push(runOnce(v, index++));
  const loadAfter = loadavg()[0] ?? NaN;

  const floor = median(results.get(variants[0]!)?.map((s) => s.wallMs) ?? []);
  console.log(`CLI start-up: ${samples} fresh processes per row (medians), Node ${process.version}, load average ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)}`);
  console.log('');
  console.log(`${'command'.padEnd(40)}${'wall ms'.padStart(9)}${'above floor'.padStart(13)}${'x floor'.padStart(9)}${'CPU ms'.padStart(9)}${'peak RSS MiB'.padStart(14)}`);
  for (const v of variants) {
    const s = results.get(v) ?? [];
    const wall = median(s.map((x) => x.wallMs));
    const row = [
      v.label.padEnd(40),
      wall.toFixed(1).padStart(9),
      (wall - floor).toFixed(1).padStart(13),
      `${(wall / floor).toFixed(2)}x`.padStart(9),
      median(s.map((x) => x.cpuMs)).toFixed(1).padStart(9),
      median(s.map((x) => x.maxRssMiB)).toFixed(1).padStart(14),
    ];
    console.log(row.join(''));
  }
  console.log('\ngoal: --help and send --help under 100 ms and 50 MiB');
}

try {
  main();
} finally {
  rmSync(eager, { force: true });
  rmSync(work, { recursive: true, force: true });
}
