import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(__dirname, '../../..');

interface Run {
  readonly result: unknown;
  readonly fromCache: readonly string[];
  readonly compiled: readonly string[];
}

/**
 * The vendor loader as the bundles use it: each run is a fresh Node process (a code cache only
 * matters to the next process), loading two "client" bundles that share a "core" sibling.
 */
describe('vendor loader with V8 code cache', () => {
  let work: string;
  let loader: string;
  let vendor: string;

  before(async function () {
    this.timeout(30_000);
    work = mkdtempSync(join(tmpdir(), 'il-vendor-loader-'));
    loader = join(work, 'loader.js');
    await build({ entryPoints: [join(root, 'src/core/runtime/vendorModules.ts')], outfile: loader, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
  });

  beforeEach(() => {
    vendor = mkdtempSync(join(work, 'vendor-'));
    writeFileSync(join(vendor, 'core.js'), 'let calls = 0;\nmodule.exports = { count: () => ++calls, double: (x) => x * 2 };\n');
    writeFileSync(join(vendor, 'client-a.js'), 'const core = require("./core.js");\nmodule.exports = { a: (x) => core.double(x) + core.count() * 0, core };\n');
    writeFileSync(join(vendor, 'client-b.js'), 'const core = require("./core.js");\nconst path = require("node:path");\nmodule.exports = { b: () => path.basename("/x/y.txt"), core };\n');
  });

  function run(cacheDir: string | undefined): Run {
    const script = `
      const loader = require(${JSON.stringify(loader)});
      loader.useCodeCache(${JSON.stringify(cacheDir)});
      const a = loader.loadVendorModule('client-a.js', ${JSON.stringify(vendor)});
      const b = loader.loadVendorModule('client-b.js', ${JSON.stringify(vendor)});
      const again = loader.loadVendorModule('client-a.js', ${JSON.stringify(vendor)});
      a.core.count();
      const result = { a: a.a(21), b: b.b(), sameCore: a.core === b.core, sameA: a === again, calls: b.core.count(), cached: Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(vendor)})).length };
      loader.writeCodeCache();
      process.stdout.write(JSON.stringify({ result, ...loader.codeCacheUse() }));`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as Run;
  }

  const expected = { a: 42, b: 'y.txt', sameCore: true, sameA: true, calls: 3, cached: 3 };

  it('without a cache folder loads with plain require and writes nothing', () => {
    const r = run(undefined);
    assert.deepEqual(r.result, expected);
    assert.deepEqual([r.fromCache, r.compiled], [[], []]);
  });

  it('compiles and writes the cache on the first run (folder 0700, files 0600), then starts from it', () => {
    const cache = join(work, `cache-${Date.now()}`);
    const first = run(cache);
    assert.deepEqual(first.result, expected);
    assert.deepEqual([...first.compiled].sort(), ['client-a.js', 'client-b.js', 'core.js']);
    assert.deepEqual(first.fromCache, []);
    assert.equal(statSync(cache).mode & 0o777, 0o700);
    const files = readdirSync(cache);
    assert.equal(files.length, 3, files.join(', '));
    for (const f of files) assert.equal(statSync(join(cache, f)).mode & 0o777, 0o600, f);

    const second = run(cache);
    assert.deepEqual(second.result, expected);
    assert.deepEqual([...second.fromCache].sort(), ['client-a.js', 'client-b.js', 'core.js']);
    assert.deepEqual(second.compiled, []);
  });

  it('never runs cached code of another version of a bundle: a changed file misses and replaces its entry', () => {
    const cache = join(work, `cache-changed-${Date.now()}`);
    run(cache);
    // Same length, different text: the cache key is a hash of the text, not its size.
    writeFileSync(join(vendor, 'core.js'), 'let calls = 0;\nmodule.exports = { count: () => ++calls, double: (x) => x * 3 };\n');
    const changed = run(cache);
    assert.equal((changed.result as { a: number }).a, 63);
    assert.deepEqual(changed.compiled, ['core.js']);
    assert.equal(readdirSync(cache).filter((f) => f.startsWith('core-')).length, 1);
  });

  it('a damaged cache entry is refused by V8 and rewritten; the bundle still loads', () => {
    const cache = join(work, `cache-damaged-${Date.now()}`);
    run(cache);
    const entry = readdirSync(cache).find((f) => f.startsWith('client-b-'));
    assert.ok(entry);
    writeFileSync(join(cache, entry), Buffer.alloc(4096, 7));
    const damaged = run(cache);
    assert.deepEqual(damaged.result, expected);
    assert.deepEqual(damaged.compiled, ['client-b.js']);
    assert.deepEqual(run(cache).compiled, []);
  });

  it('a cache folder that cannot be created only costs the cache', () => {
    const blocker = join(work, `not-a-folder-${Date.now()}`);
    writeFileSync(blocker, '');
    const r = run(join(blocker, 'cache'));
    assert.deepEqual(r.result, expected);
    assert.deepEqual(run(join(blocker, 'cache')).fromCache, []);
  });
});
