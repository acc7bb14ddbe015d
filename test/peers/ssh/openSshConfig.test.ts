import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { addManagedHost, removeManagedHost } from '../../../src/core/ssh/hostAccess';
import { parseHostKey } from '../../../src/core/ssh/hostKeyPins';
import { ensurePrivateDir } from '../../../src/core/ssh/secureFile';
import { keyFilePath, sshPaths, type SshPaths } from '../../../src/core/ssh/sshPaths';
import { requireTool } from '../../support/requireTool';
import { startSshd, type SshdPeer } from '../../support/sshd';

const run = promisify(execFile);

describe('managed SSH config with the OpenSSH client and a real sshd', function () {
  this.timeout(60000);
  let ssh: string;
  let peer: SshdPeer;
  let sshDir: string;
  let paths: SshPaths;
  let identityFile: string;

  before(async () => {
    ssh = requireTool('ssh', 'openssh-client');
    peer = await startSshd();
    sshDir = mkdtempSync(join(tmpdir(), 'imaging lab ssh dir ü-')); // spaces and Unicode must survive quoting
    paths = sshPaths(sshDir);
    await ensurePrivateDir(paths.managedDir);
    identityFile = keyFilePath(paths, 'mde-peer');
    copyFileSync(peer.clientKeyFile, identityFile);
    const hostKey = parseHostKey(peer.hostKeyLine());
    assert.ok(hostKey);
    await addManagedHost(paths, { alias: 'mde-peer', hostName: '127.0.0.1', port: peer.port, user: peer.user, identityFile }, [hostKey]);
    await addManagedHost(paths, {
      alias: 'lab-peer-private',
      hostName: '127.0.0.1',
      port: peer.port,
      user: peer.user,
      identityFile,
      proxyJump: 'mde-peer',
    });
  });
  after(async () => {
    await peer?.stop();
    if (sshDir) rmSync(sshDir, { recursive: true, force: true });
  });

  const sshArgs = (alias: string, ...command: string[]) => ['-F', paths.userConfig, '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', alias, ...command];

  it('resolves the alias through the Include in the user config (ssh -G)', async () => {
    const { stdout } = await run(ssh, ['-G', '-F', paths.userConfig, 'mde-peer']);
    const options = new Map(stdout.split('\n').map((l) => [l.split(' ')[0], l.slice(l.indexOf(' ') + 1)]));
    assert.equal(options.get('hostname'), '127.0.0.1');
    assert.equal(options.get('port'), String(peer.port));
    assert.equal(options.get('user'), peer.user);
    assert.equal(options.get('identityfile'), identityFile);
    assert.equal(options.get('userknownhostsfile'), paths.knownHosts);
    assert.equal(options.get('stricthostkeychecking'), 'true');
    assert.equal(options.get('identitiesonly'), 'yes');
  });

  it('writes the user config 0600 and the managed files 0600 in a 0700 folder', () => {
    assert.equal(statSync(paths.userConfig).mode & 0o777, 0o600);
    assert.equal(statSync(paths.managedDir).mode & 0o777, 0o700);
    assert.equal(statSync(paths.managedConfig).mode & 0o777, 0o600);
    assert.equal(statSync(paths.knownHosts).mode & 0o777, 0o600);
  });

  it('connects with StrictHostKeyChecking yes using only the pinned key', async () => {
    const { stdout } = await run(ssh, sshArgs('mde-peer', 'echo', 'pinned-ok'));
    assert.equal(stdout.trim(), 'pinned-ok');
  });

  it('connects with the keys pinned under the host alias and instance (HostKeyAlias), not the address', async () => {
    const stack = { name: 'peer-stack', region: 'us-east-1', stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/peer-stack/1f2e3d4c-0000-4000-8000-000000000001' };
    await addManagedHost(paths, { alias: 'peer-stack', hostName: '127.0.0.1', port: peer.port, user: peer.user, identityFile, hostKeyAlias: 'peer-stack.i-0abc1234def567890', stack }, [parseHostKey(peer.hostKeyLine())!]);
    assert.match(readFileSync(paths.knownHosts, 'utf8'), /^peer-stack\.i-0abc1234def567890 ssh-/m);
    const { stdout } = await run(ssh, sshArgs('peer-stack', 'echo', 'alias-pinned-ok'));
    assert.equal(stdout.trim(), 'alias-pinned-ok');
    assert.equal(await removeManagedHost(paths, 'peer-stack'), true);
    assert.doesNotMatch(readFileSync(paths.knownHosts, 'utf8'), /peer-stack/);
  });

  it('connects to a private host through its ProxyJump host', async () => {
    // OpenSSH hands `-F <file>` to the jump's ssh through a shell without quoting, so only for this
    // -F invocation use a space-free symlink; the config's own quoted paths still have spaces.
    const link = join(tmpdir(), `imaging-lab-link-${process.pid}`);
    rmSync(link, { force: true });
    symlinkSync(sshDir, link);
    try {
      const { stdout } = await run(ssh, ['-F', join(link, 'config'), '-o', 'BatchMode=yes', 'lab-peer-private', 'echo', 'jumped-ok']);
      assert.equal(stdout.trim(), 'jumped-ok');
    } finally {
      rmSync(link, { force: true });
    }
  });

  it('removes an entry and its pins while keeping the other host', async () => {
    await addManagedHost(paths, { alias: 'tmp-host', hostName: '127.0.0.2', port: 2222, user: 'x' }, [parseHostKey(peer.hostKeyLine())!]);
    assert.match(readFileSync(paths.knownHosts, 'utf8'), /\[127\.0\.0\.2\]:2222/);
    assert.equal(await removeManagedHost(paths, 'tmp-host'), true);
    assert.doesNotMatch(readFileSync(paths.knownHosts, 'utf8'), /127\.0\.0\.2/);
    const { stdout } = await run(ssh, ['-G', '-F', paths.userConfig, 'tmp-host']);
    assert.match(stdout, /^hostname tmp-host$/m);
    assert.match((await run(ssh, ['-G', '-F', paths.userConfig, 'mde-peer'])).stdout, /^hostname 127\.0\.0\.1$/m);
  });

  it('refuses a changed host key (OpenSSH)', async () => {
    await peer.rotateHostKey();
    await assert.rejects(run(ssh, sshArgs('mde-peer', 'true')), (error: { stderr: string }) => {
      assert.match(error.stderr, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
      return true;
    });
  });
});
