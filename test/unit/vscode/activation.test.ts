import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';

const root = resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { builds } = require(join(root, 'esbuild.js')) as { builds: BuildOptions[] };

describe('activation bundle', () => {
  it('activates without loading any AWS SDK or ssh2 bundle', async function () {
    this.timeout(60_000);
    const out = mkdtempSync(join(tmpdir(), 'il-activation-'));
    const extension = builds.find((b) => JSON.stringify(b.entryPoints).includes('extension.ts'));
    assert.ok(extension, 'esbuild.js declares the extension build');
    await build({ ...extension, outdir: out, minify: false, sourcemap: false, absWorkingDir: root });
    await build({ entryPoints: [join(root, 'test/support/vscodeStub.ts')], outfile: join(out, 'vscode.js'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
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
      const services = ext.activate({ subscriptions: [] });
      process.stdout.write(JSON.stringify({ loaded, services: Object.keys(services).sort() }));
      process.exit(0);`;
    const result = JSON.parse(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: { ...process.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' } }));
    assert.deepEqual(result.loaded, []);
    assert.deepEqual(result.services, ['context', 'deployments', 'output', 'reports', 'session', 'stacksTree', 'testedConnections', 'tunnels']);
  });
});
