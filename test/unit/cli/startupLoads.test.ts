import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { CLI_COMMANDS } from '../../../src/cli/commandTable';

const root = resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { builds } = require(join(root, 'esbuild.js')) as { builds: BuildOptions[] };

/**
 * Runs the CLI as it ships (the esbuild bundle) with a recorder that notes every vendor bundle the
 * process requires and hands it an empty module instead, so what is loaded does not depend on a
 * built dist/vendor. No timing here: bench/cli measures the time.
 */
describe('CLI start-up loads only what the command uses', () => {
  let out: string;
  let recorder: string;

  before(async function () {
    this.timeout(60_000);
    out = mkdtempSync(join(tmpdir(), 'il-cli-loads-'));
    const cli = builds.find((b) => JSON.stringify(b.entryPoints).includes('cli/bin.ts'));
    assert.ok(cli, 'esbuild.js declares the CLI build');
    const scanWorker = builds.find((b) => JSON.stringify(b.entryPoints).includes('scanWorker.ts'));
    assert.ok(scanWorker, 'esbuild.js declares the DICOM scan worker build');
    for (const b of [cli, scanWorker]) await build({ ...b, outdir: out, minify: false, sourcemap: false, absWorkingDir: root });
    writeFileSync(join(out, 'empty-vendor.js'), 'module.exports = {};\n');
    recorder = join(out, 'record-vendor-loads.js');
    writeFileSync(
      recorder,
      `const Module = require('node:module');
const { writeFileSync } = require('node:fs');
const loaded = [];
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const vendor = /(?:^|\\/)vendor\\/([^/]+)\\.js$/.exec(request);
  if (vendor) { loaded.push(vendor[1]); return ${JSON.stringify(join(out, 'empty-vendor.js'))}; }
  return resolveFilename.call(this, request, ...rest);
};
// The scan worker thread runs this file too; the main thread writes the record.
if (require('node:worker_threads').isMainThread) process.on('exit', () => writeFileSync(process.env.RECORD_VENDOR_LOADS, JSON.stringify(loaded)));
`,
    );
  });

  let runs = 0;
  function run(args: string[]): { status: number | null; stdout: string; stderr: string; vendors: string[] } {
    const record = join(out, `loads-${++runs}.json`);
    const result = spawnSync(process.execPath, ['--require', recorder, join(out, 'cli.js'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, RECORD_VENDOR_LOADS: record, XDG_CACHE_HOME: join(out, 'cache'), AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' },
      timeout: 30_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, vendors: JSON.parse(readFileSync(record, 'utf8')) as string[] };
  }

  it('--help lists every command and loads no vendor bundle', () => {
    const r = run(['--help']);
    assert.equal(r.status, 0, r.stderr);
    for (const c of CLI_COMMANDS) assert.match(r.stdout, new RegExp(`^  ${c.name} +${c.summary}$`, 'm'));
    assert.deepEqual(r.vendors, []);
  });

  for (const command of CLI_COMMANDS) {
    it(`${command.name} --help prints its usage and loads no vendor bundle`, () => {
      const r = run([command.name, '--help']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, command.usage);
      assert.deepEqual(r.vendors, []);
    });
  }

  it("a usage error names the problem and prints the command's usage", () => {
    const r = run(['send']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /give at least one file or folder to send/);
    assert.ok(r.stderr.endsWith(CLI_COMMANDS.find((c) => c.name === 'send')?.usage ?? '(no send command)'), r.stderr);
  });

  it('send to a plain URL loads no AWS code', () => {
    const empty = join(out, 'no-dicom-here');
    mkdirSync(empty, { recursive: true });
    const r = run(['send', empty, '--url', 'http://127.0.0.1:9/dicom-web']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /Nothing to send/);
    assert.deepEqual(r.vendors.filter((v) => v.startsWith('aws-')), []);
  });

  it('a command that calls AWS loads its client when it runs (the recorder sees vendor loads)', () => {
    const r = run(['stacks', '--region', 'us-east-1']);
    assert.ok(r.vendors.includes('aws-client-cloudformation'), `loaded: ${r.vendors.join(', ')}`);
  });
});
