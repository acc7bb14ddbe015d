import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';

const root = resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { builds } = require(join(root, 'esbuild.js')) as { builds: BuildOptions[] };

describe('activation bundle', () => {
  let out: string;

  before(async function () {
    this.timeout(60_000);
    out = mkdtempSync(join(tmpdir(), 'il-activation-'));
    // dist/extension.js (the entry VS Code loads) and dist/extension-main.js (the extension it loads).
    const extension = builds.filter((b) => /src\/vscode\/extension(Entry)?\.ts/.test(JSON.stringify(b.entryPoints)));
    assert.equal(extension.length, 2, 'esbuild.js declares the extension entry and main builds');
    await Promise.all(extension.map((b) => build({ ...b, outdir: out, minify: false, sourcemap: false, absWorkingDir: root })));
    await build({ entryPoints: [join(root, 'test/support/vscodeStub.ts')], outfile: join(out, 'vscode.js'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
  });

  /** Activates in a fresh process (global storage at `storage` if given); vendor resolutions and services. */
  function activate(storage?: string): { loaded: string[]; services: string[] } {
    const context = storage ? `{ subscriptions: [], globalStorageUri: { fsPath: ${JSON.stringify(storage)} } }` : '{ subscriptions: [] }';
    const probe = `
      const Module = require('node:module');
      const orig = Module._resolveFilename;
      const loaded = [];
      Module._resolveFilename = function (r, ...rest) {
        if (r === 'vscode') return ${JSON.stringify(join(out, 'vscode.js'))};
        if (r.includes('/vendor/')) loaded.push(r);
        return orig.call(this, r, ...rest);
      };
      const ext = require(${JSON.stringify(join(out, 'extension.js'))});
      const services = ext.activate(${context});
      ext.deactivate();
      process.stdout.write(JSON.stringify({ loaded, services: Object.keys(services).sort() }));
      process.exit(0);`;
    return JSON.parse(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: { ...process.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' } }));
  }

  it('activates without loading any AWS SDK or ssh2 bundle', () => {
    const result = activate();
    assert.deepEqual(result.loaded, []);
    assert.deepEqual(result.services, ['context', 'costs', 'deployments', 'output', 'progressPanels', 'reports', 'session', 'stacksTree', 'testedConnections', 'tunnels']);
  });

  it('later activations load the extension from the code cache the first one wrote', () => {
    const storage = mkdtempSync(join(out, 'storage-'));
    assert.deepEqual(activate(storage).services, ['context', 'costs', 'deployments', 'output', 'progressPanels', 'reports', 'session', 'stacksTree', 'testedConnections', 'tunnels']);
    const cache = join(storage, 'code-cache');
    const entries = readdirSync(cache);
    assert.deepEqual(entries.map((f) => f.replace(/-[0-9a-f]{24}\.v8$/, '')), ['extension-main']);
    const written = statSync(join(cache, entries[0]!)).mtimeMs;
    const again = activate(storage);
    assert.deepEqual(again.loaded, []);
    assert.deepEqual(again.services, ['context', 'costs', 'deployments', 'output', 'progressPanels', 'reports', 'session', 'stacksTree', 'testedConnections', 'tunnels']);
    // Used as it was: a refused entry would have been written again on deactivate.
    assert.deepEqual(readdirSync(cache), entries);
    assert.equal(statSync(join(cache, entries[0]!)).mtimeMs, written);
  });
});
