import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listHosts, removeHost, upsertHost } from '../../../src/core/ssh/managedConfig';
import { assertAlias, includeValue, openSshPath, sshPaths, defaultSshDir } from '../../../src/core/ssh/sshPaths';

describe('managed ssh config', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'imaging-lab-managed-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes Windows paths with forward slashes, quoted when they contain spaces', async () => {
    const paths = { ...sshPaths(dir), knownHosts: 'C:\\Users\\Dr Ann\\.ssh\\imaging-lab\\known_hosts' };
    await upsertHost(paths, { alias: 'mde-x', hostName: '1.2.3.4', user: 'ubuntu', identityFile: 'C:\\Users\\Dr Ann\\.ssh\\imaging-lab\\mde-x.pem' });
    const text = readFileSync(paths.managedConfig, 'utf8');
    assert.match(text, /^ {2}IdentityFile "C:\/Users\/Dr Ann\/\.ssh\/imaging-lab\/mde-x\.pem"$/m);
    assert.match(text, /^ {2}UserKnownHostsFile "C:\/Users\/Dr Ann\/\.ssh\/imaging-lab\/known_hosts"$/m);
    assert.equal(openSshPath('C:\\a\\b'), 'C:/a/b');
  });

  it('updates an entry where it stands and removes it, keeping the others in order', async () => {
    const paths = sshPaths(dir);
    for (const alias of ['a-1', 'b-2', 'c-3']) await upsertHost(paths, { alias, hostName: `${alias}.example`, user: 'u' });
    await upsertHost(paths, { alias: 'b-2', hostName: '10.0.0.2', port: 2222, user: 'v', proxyJump: 'a-1' });
    assert.deepEqual(await listHosts(paths), ['a-1', 'b-2', 'c-3']);
    const text = readFileSync(paths.managedConfig, 'utf8');
    assert.match(text, /Host b-2\n {2}# imaging-lab:host\n {2}HostName 10\.0\.0\.2\n {2}User v\n {2}Port 2222\n[\s\S]*ProxyJump a-1\n\nHost c-3/);
    assert.doesNotMatch(text, /\n\n\n/);
    assert.equal((await removeHost(paths, 'b-2'))?.alias, 'b-2');
    assert.equal(await removeHost(paths, 'b-2'), undefined);
    assert.deepEqual(await listHosts(paths), ['a-1', 'c-3']);
  });

  it('refuses aliases that could escape the folder or break the config', async () => {
    for (const bad of ['../x', 'a b', '', '-flag', 'a/b', 'x*']) assert.throws(() => assertAlias(bad), /not a usable SSH host alias/);
    await assert.rejects(upsertHost(sshPaths(dir), { alias: 'ok', hostName: 'h', user: 'u', proxyJump: 'j', sessionManager: { region: 'us-east-1' } }), /not both/);
  });

  it('includes the managed file relatively from ~/.ssh and absolutely from any other folder', () => {
    assert.equal(includeValue(sshPaths(defaultSshDir())), 'imaging-lab/config');
    assert.equal(includeValue(sshPaths(dir)), `${dir}/imaging-lab/config`);
  });
});
