import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SYSTEM_PACKAGES, VSCODE_SERVER_PACKAGES } from '../../scripts/systemDeps.mjs';
import { ensureVscodeServer } from '../../scripts/vscode-server/install.mjs';
import { startVscodeServer } from '../harness/server';

function serverProcesses(marker: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes('server-main.js') && l.includes(marker));
}

describe('VS Code server harness faults', function () {
  this.timeout(120000);
  let serverRoot: string;
  before(async () => {
    serverRoot = await ensureVscodeServer();
  });

  it('stops the server and everything it started', async () => {
    const server = await startVscodeServer();
    const marker = `--port ${server.port}`;
    assert.equal(serverProcesses(marker).length, 1);
    await server.stop();
    assert.deepEqual(serverProcesses(marker), []);
  });

  it('names a taken port and leaves nothing running', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      await assert.rejects(startVscodeServer({ port }), new RegExp(`port ${port} on 127.0.0.1 is already in use`));
      assert.deepEqual(serverProcesses(`--port ${port}`), []);
    } finally {
      blocker.close();
    }
  });

  it('names the Debian packages that are missing before installing anything', async () => {
    // A fake system root holding the files of every package the server needs but ripgrep and
    // libsecret-1-dev; the cache dir must stay untouched.
    const dir = mkdtempSync(join(tmpdir(), 'imaging-lab-nodeb-'));
    try {
      for (const pkg of VSCODE_SERVER_PACKAGES.filter((p) => p !== 'ripgrep' && p !== 'libsecret-1-dev')) {
        const proof = join(dir, SYSTEM_PACKAGES[pkg]!);
        mkdirSync(dirname(proof), { recursive: true });
        writeFileSync(proof, '');
      }
      const cacheDir = join(dir, 'cache');
      await assert.rejects(ensureVscodeServer({ cacheDir, log: () => undefined, systemRoot: dir }), (e: Error) => {
        assert.match(e.message, /not installed: ripgrep, libsecret-1-dev\./);
        assert.match(e.message, /apt-get install -y ripgrep libsecret-1-dev$/);
        return true;
      });
      assert.equal(existsSync(cacheDir), false, 'nothing was installed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a native module that does not load', async () => {
    // A hard-linked copy of the install, minus node-pty's addon: the real cache is untouched.
    const copy = mkdtempSync(join(tmpdir(), 'imaging-lab-broken-server-'));
    try {
      execFileSync('cp', ['-al', serverRoot, join(copy, 'vscode')]);
      unlinkSync(join(copy, 'vscode', 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'));
      await assert.rejects(startVscodeServer({ serverRoot: join(copy, 'vscode') }), /native modules do not load \(node-pty: /);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
