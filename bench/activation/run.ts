/**
 * Activation to a filled Stacks tree: each sample is a fresh Node process that loads the extension
 * bundle against a minimal `vscode` stand-in, runs activate(), and waits for the first reload()
 * (identity check, then the stack listing) to put stacks in the tree, all against the local fake
 * AWS endpoint of test/fakeaws. Reports milliseconds and bytes of code loaded at activation and to
 * the first stacks, for the shipped bundle (lazy vendor bundles sharing one SDK core) on its first
 * start (no code cache yet) and on later starts (extension and vendor code from V8's code cache, written by the
 * first), and for a naive bundle of the same extension that requires the AWS clients and ssh2 eagerly.
 * Each runs twice: in bare Node, and with the Node built-ins the VS Code extension host has already
 * loaded preloaded (what an extension meets there). Run: npm run bench:activation [-- samples]
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { scriptedAccount } from '../../test/fakeaws/scriptedAccount';
import { startFakeAws } from '../../test/fakeaws/server';

const root = resolve(__dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'il-bench-activation-'));
const SAMPLES = Number(process.argv[2] ?? process.env.SAMPLES ?? 9);

interface Sample {
  readonly loadMs: number;
  readonly activateMs: number;
  readonly firstStacksMs: number;
  readonly stacks: number;
  readonly bytesAtActivation: number;
  readonly bytesToFirstStacks: number;
  readonly files: readonly string[];
  readonly maxRssMiB: number;
}

async function bundle(entry: string, out: string, plugins: Plugin[] = []): Promise<void> {
  await build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, external: ['vscode', 'cpu-features', '*.node'], nodePaths: [join(root, 'node_modules')], logLevel: 'error', plugins });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Runs one probe; asynchronously, since the fake AWS endpoint answers from this process. */
async function sample(stub: string, bundlePath: string, endpoint: string, home: string, builtins: readonly string[], storage?: string): Promise<Sample> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, 'probe.js'), stub, bundlePath, ...(storage ? [storage] : [])], {
    env: {
      ...process.env,
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
      AWS_PROFILE: '',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'AKIDBENCHACTIVATION',
      AWS_SECRET_ACCESS_KEY: 'bench-secret',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      HOST_BUILTINS: builtins.join(','),
    },
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as Sample;
}

/**
 * Node built-ins the VS Code 1.100.3 extension host had loaded for itself (its proxy support loads
 * undici and @vscode/proxy-agent), read from process.moduleLoadList inside the integration tier.
 * An extension pays nothing to load them there, so the "extension host" rows preload them.
 */
const HOST_BUILTINS = ['http', 'https', 'http2', 'net', 'tls', 'dns', 'crypto', 'zlib', 'stream', 'os', 'url', 'util', 'vm', 'child_process', 'perf_hooks', 'worker_threads', 'async_hooks', 'string_decoder', 'querystring'];
const ENVIRONMENTS = [
  { label: 'extension host', builtins: HOST_BUILTINS },
  { label: 'bare Node', builtins: [] },
] as const;
type Variant = 'later' | 'first' | 'naive';

const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;

async function main(): Promise<void> {
  const vendorDir = join(root, 'dist/vendor');
  const shipped = join(root, 'dist/extension.js');
  statSync(shipped); // fails clearly when the bundle was not built (npm run bench:activation builds it)
  const stub = join(work, 'vscode-stub.js');
  await bundle(join(root, 'test/support/vscodeStub.ts'), stub);
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

  const fake = await startFakeAws(scriptedAccount());
  const loadBefore = loadavg()[0] ?? NaN;
  const runs = new Map<string, Sample[]>();
  const add = (key: string, s: Sample) => runs.set(key, [...(runs.get(key) ?? []), s]);
  const warmStorage = join(work, 'storage-warm');
  try {
    await sample(stub, shipped, fake.url, work, [], warmStorage); // writes the code cache the later starts use
    if (!readdirSync(join(warmStorage, 'code-cache')).some((f) => f.startsWith('aws-core-'))) throw new Error('the first start wrote no code cache');
    for (let i = 0; i < SAMPLES; i++) {
      // Round-robin, so a change in the machine's load hits every variant alike.
      for (const env of ENVIRONMENTS) {
        const coldStorage = join(work, `storage-cold-${i}`);
        add(`${env.label}:first`, await sample(stub, shipped, fake.url, work, env.builtins, coldStorage));
        rmSync(coldStorage, { recursive: true, force: true });
        add(`${env.label}:later`, await sample(stub, shipped, fake.url, work, env.builtins, warmStorage));
        add(`${env.label}:naive`, await sample(stub, naive, fake.url, work, env.builtins));
      }
    }
  } finally {
    await fake.close();
  }
  const loadAfter = loadavg()[0] ?? NaN;

  const vendorBytes = readdirSync(vendorDir)
    .filter((f) => f.startsWith('aws-'))
    .reduce((sum, f) => sum + statSync(join(vendorDir, f)).size, 0);
  const summary = (env: string, variant: Variant) => {
    const s = runs.get(`${env}:${variant}`) ?? [];
    return {
      activate: median(s.map((x) => x.loadMs + x.activateMs)),
      first: median(s.map((x) => x.firstStacksMs)),
      bytesAtActivation: Math.max(...s.map((x) => x.bytesAtActivation)),
      bytesToFirst: Math.max(...s.map((x) => x.bytesToFirstStacks)),
      rss: median(s.map((x) => x.maxRssMiB)),
      stacks: Math.min(...s.map((x) => x.stacks)),
      files: s[0]?.files ?? [],
    };
  };
  const LABELS: Record<Variant, string> = { later: 'Imaging Lab, later starts', first: 'Imaging Lab, first start', naive: 'naive (eager SDK + ssh2)' };
  console.log(`Activation to the first listed stacks: ${SAMPLES} fresh processes each (medians), fake AWS on loopback, load average ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)}`);
  console.log('');
  const header = ['environment', 'bundle', 'activate ms', 'to first stacks ms', 'loaded at activation', 'loaded to first stacks', 'peak RSS MiB'];
  const rows = ENVIRONMENTS.flatMap((env) =>
    (['later', 'first', 'naive'] as const).map((v) => {
      const x = summary(env.label, v);
      return [env.label, LABELS[v], x.activate.toFixed(1), x.first.toFixed(1), kb(x.bytesAtActivation), kb(x.bytesToFirst), x.rss.toFixed(0)];
    }),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)) + 3);
  for (const r of [header, ...rows]) console.log(r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(''));
  console.log('');
  console.log('extension host: the Node built-ins VS Code has already loaded for itself are loaded before the bundle; bare Node: nothing is');
  console.log(`later starts: the extension's and the vendor bundles' code from V8's code cache (written by the first start); first start: compiled from source`);
  const host = ENVIRONMENTS[0].label;
  console.log(`files loaded to the first stacks: ${summary(host, 'later').files.map((f) => basename(f)).join(', ')}`);
  console.log(`dist/vendor AWS bundles on disk: ${kb(vendorBytes)}; the tree showed ${summary(host, 'later').stacks} stacks (naive ${summary(host, 'naive').stacks})`);
  console.log('');
  for (const env of ENVIRONMENTS) {
    const naiveRun = summary(env.label, 'naive');
    const ratio = (v: Variant) => `${(naiveRun.first / summary(env.label, v).first).toFixed(1)}x`;
    console.log(`${env.label}: to the first stacks vs naive ${ratio('later')} faster on later starts, ${ratio('first')} on the first start (goal: >= 3x); activation ${(naiveRun.activate / summary(env.label, 'later').activate).toFixed(1)}x faster; ${(naiveRun.bytesToFirst / summary(env.label, 'later').bytesToFirst).toFixed(1)}x fewer bytes loaded to the first stacks`);
  }
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
