/**
 * Activation cost: bytes of the bundle loaded at activation and milliseconds to load it and run
 * activate() against a minimal `vscode` stand-in, for the shipped bundle (lazy SDK/ssh2) and for a
 * naive bundle of the same extension that eagerly requires the five AWS clients and ssh2.
 * Each sample runs in a fresh Node process. Run: npm run bench:activation
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(__dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'il-bench-activation-'));
const SAMPLES = Number(process.env.SAMPLES ?? 9);

async function bundle(entry: string, out: string, plugins: Parameters<typeof build>[0]['plugins'] = []) {
  await build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, external: ['vscode', 'cpu-features', '*.node'], nodePaths: [join(root, 'node_modules')], logLevel: 'error', plugins });
}

const probe = `
const Module = require('node:module');
const stub = process.argv[1], bundle = process.argv[2];
const orig = Module._resolveFilename;
Module._resolveFilename = function (r, ...rest) { return r === 'vscode' ? stub : orig.call(this, r, ...rest); };
require(stub);
const { performance } = require('node:perf_hooks');
const t0 = performance.now();
const ext = require(bundle);
const t1 = performance.now();
ext.activate({ subscriptions: [], extensionUri: { fsPath: '' }, globalState: { get() {}, update: async () => {} }, workspaceState: { get() {}, update: async () => {} }, secrets: { get: async () => undefined, store: async () => {}, delete: async () => {} } });
const t2 = performance.now();
const vendors = Object.keys(require.cache).filter((k) => k.includes('/vendor/')).length;
process.stdout.write(JSON.stringify({ load: t1 - t0, activate: t2 - t1, vendors }));
process.exit(0);
`;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function measure(stub: string, bundlePath: string) {
  const runs = Array.from({ length: SAMPLES }, () =>
    JSON.parse(
      execFileSync(process.execPath, ['-e', probe, stub, bundlePath], {
        env: { ...process.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        encoding: 'utf8',
      }),
    ) as { load: number; activate: number; vendors: number },
  );
  return { total: median(runs.map((r) => r.load + r.activate)), load: median(runs.map((r) => r.load)), vendors: Math.max(...runs.map((r) => r.vendors)) };
}

async function main() {
  const stub = join(work, 'vscode-stub.js');
  await bundle(join(root, 'test/support/vscodeStub.ts'), stub);
  const shipped = join(root, 'dist/extension.js');
  const naiveEntry = join(work, 'naive-entry.ts');
  writeFileSync(
    naiveEntry,
    [
      ...['client-cloudformation', 'client-ec2', 'client-ssm', 'client-ec2-instance-connect', 'client-sts'].map((c) => `import '@aws-sdk/${c}';`),
      "import 'ssh2';",
      `export { activate, deactivate } from ${JSON.stringify(join(root, 'src/vscode/extension.ts'))};`,
    ].join('\n'),
  );
  const naive = join(work, 'naive.js');
  await bundle(naiveEntry, naive);
  const a = measure(stub, shipped);
  const b = measure(stub, naive);
  const sizeA = statSync(shipped).size;
  const sizeB = statSync(naive).size;
  const rows = [
    ['bundle', 'bytes at activation', 'load+activate ms (median)', 'vendor files loaded'],
    ['Imaging Lab (lazy)', String(sizeA), a.total.toFixed(1), String(a.vendors)],
    ['naive (eager SDK + ssh2)', String(sizeB), b.total.toFixed(1), String(b.vendors)],
  ];
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(i === 0 ? 26 : 28)).join(''));
  console.log(`\nratio: ${(b.total / a.total).toFixed(1)}x faster activation, ${(sizeB / sizeA).toFixed(1)}x fewer bytes (${SAMPLES} fresh processes each)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
