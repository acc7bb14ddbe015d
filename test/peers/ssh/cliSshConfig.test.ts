import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireTool } from '../../support/requireTool';
import { runCliForTest } from '../../support/runCliForTest';
import { startSshd, type SshdPeer } from '../../support/sshd';

const run = promisify(execFile);

const cli = (...argv: string[]) => runCliForTest(argv);

describe('imaging-lab ssh-config with OpenSSH and a real sshd', function () {
  this.timeout(60000);
  let ssh: string;
  let peer: SshdPeer;
  let sshDir: string;
  const userLines = '# my own settings\r\nHost work\r\n\tHostName work.localhost\r\n';

  before(async () => {
    ssh = requireTool('ssh', 'openssh-client');
    peer = await startSshd();
    sshDir = mkdtempSync(join(tmpdir(), 'imaging-lab-cli-ssh-'));
    writeFileSync(join(sshDir, 'config'), userLines);
  });
  after(async () => {
    await peer?.stop();
    if (sshDir) rmSync(sshDir, { recursive: true, force: true });
  });

  it('adds a pinned host that OpenSSH then reaches with StrictHostKeyChecking yes', async () => {
    const added = await cli('ssh-config', 'add', '--alias', 'orthanc-cli', '--host', '127.0.0.1', '--port', String(peer.port), '--user', peer.user,
      '--identity-file', peer.clientKeyFile, '--known-host-key', peer.hostKeyLine(), '--ssh-dir', sshDir);
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /1 pinned host key/);
    const config = readFileSync(join(sshDir, 'config'), 'utf8');
    assert.ok(config.endsWith(userLines), 'user lines kept byte for byte after the Include');
    assert.match(config, /^# Added by Imaging Lab.*\r\nInclude .*imaging-lab\/config\r\n/);
    const { stdout } = await run(ssh, ['-F', join(sshDir, 'config'), '-o', 'BatchMode=yes', 'orthanc-cli', 'echo', 'cli-ok']);
    assert.equal(stdout.trim(), 'cli-ok');
  });

  it('removes the host again', async () => {
    const removed = await cli('ssh-config', 'remove', '--alias', 'orthanc-cli', '--ssh-dir', sshDir);
    assert.equal(removed.code, 0);
    assert.match(removed.out, /Removed host orthanc-cli/);
    const { stdout } = await run(ssh, ['-G', '-F', join(sshDir, 'config'), 'orthanc-cli']);
    assert.match(stdout, /^hostname orthanc-cli$/m);
    assert.equal(readFileSync(join(sshDir, 'imaging-lab', 'known_hosts'), 'utf8').trim(), '');
  });

  it('rejects bad input with usage errors', async () => {
    const key = ['--identity-file', peer.clientKeyFile, '--ssh-dir', sshDir];
    const badKey = await cli('ssh-config', 'add', '--alias', 'x', '--host', 'h', '--user', 'u', '--known-host-key', 'ssh-ed25519 nope', ...key);
    assert.equal(badKey.code, 2);
    assert.match(badKey.err, /--known-host-key must be "TYPE BASE64"/);
    assert.match((await cli('ssh-config', 'add', '--alias', 'x', '--host', 'h', '--user', 'u', '--ssh-dir', sshDir)).err, /--identity-file are required/);
    const evil = await cli('ssh-config', 'add', '--alias', '../evil', '--host', 'h', '--user', 'u', ...key);
    assert.equal(evil.code, 1);
    assert.match(evil.err, /not a usable SSH host alias/);
    assert.equal((await cli('ssh-config', 'frobnicate', '--alias', 'x')).code, 2);
  });
});
