import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressMoves, followAddressMoves } from '../../../src/core/power/followAddress';
import type { PowerResult } from '../../../src/core/power/powerTypes';
import { readPins, writePins } from '../../../src/core/ssh/knownHosts';
import { findHost, upsertHost } from '../../../src/core/ssh/managedConfig';
import { sshPaths } from '../../../src/core/ssh/sshPaths';

const KEY = { type: 'ssh-ed25519', base64: 'AAAAC3NzaC1lZDI1NTE5AAAAIBrXwLHs0bL6m8Q7RZcOhh7U1mKs4mVsx+Y7i8J9dH2c' };
const STACK = { name: 'lab-a', region: 'us-east-1' };

function started(before: PowerResult['before'], after: PowerResult['after']): PowerResult {
  return { instanceId: 'i-0abc', label: 'jupyter', outcome: 'done', message: '', stateBefore: 'stopped', stateAfter: 'running', before, after };
}

describe('after a start, SSH follows the new address', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'imaging-lab-follow-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists only started instances whose public address changed, and never an untrusted name', () => {
    const moves = addressMoves(
      [
        started({ publicIp: '203.0.113.7' }, { publicIp: '203.0.113.99' }),
        { ...started({ publicIp: '198.51.100.5' }, { publicIp: '198.51.100.5' }), instanceId: 'i-0eip' },
        { ...started({ publicIp: '203.0.113.8' }, { publicIp: 'evil\nProxyCommand x' }), instanceId: 'i-0bad' },
        { ...started({}, {}), instanceId: 'i-0failed', outcome: 'failed' },
      ],
      { 'i-0abc': 2222 },
    );
    assert.deepEqual(moves, [
      { instanceId: 'i-0abc', label: 'jupyter', from: { publicIp: '203.0.113.7' }, to: { publicIp: '203.0.113.99' }, sshPort: 2222 },
      { instanceId: 'i-0bad', label: 'jupyter', from: { publicIp: '203.0.113.8' }, to: {}, sshPort: 22 },
    ]);
  });

  it('moves the host-key pins and rewrites the managed entry, keeping user, port, key and stack', async () => {
    const paths = sshPaths(dir);
    const identityFile = join(paths.managedDir, 'lab-lab-a.pem');
    await upsertHost(paths, { alias: 'lab-lab-a', hostName: '203.0.113.7', user: 'ec2-user', port: 2222, identityFile, stack: STACK });
    await upsertHost(paths, { alias: 'other', hostName: '192.0.2.1', user: 'u', stack: { name: 'x', region: 'us-east-1' } });
    await writePins(paths, '203.0.113.7', 2222, [KEY]);
    const report = await followAddressMoves(paths, STACK, [{ instanceId: 'i-0abc', label: 'jupyter', from: { publicIp: '203.0.113.7' }, to: { publicIp: '203.0.113.99' }, sshPort: 2222 }]);
    assert.deepEqual(report, { rewritten: ['lab-lab-a'], pinsMoved: 1 });
    assert.deepEqual(await findHost(paths, 'lab-lab-a'), { hostName: '203.0.113.99', port: 2222 });
    assert.deepEqual(await findHost(paths, 'other'), { hostName: '192.0.2.1', port: 22 });
    const text = readFileSync(paths.managedConfig, 'utf8');
    assert.match(text, /Host lab-lab-a\n {2}# imaging-lab:stack us-east-1 lab-a\n {2}HostName 203\.0\.113\.99\n {2}User ec2-user\n {2}Port 2222\n {2}IdentityFile .*lab-lab-a\.pem\n {2}IdentitiesOnly yes\n/);
    assert.match(text, /StrictHostKeyChecking yes/);
    assert.deepEqual(await readPins(paths, '203.0.113.99', 2222), [KEY], 'the same host key, pinned at the new address');
    assert.deepEqual(await readPins(paths, '203.0.113.7', 2222), [], 'the old address, which AWS reuses, is no longer trusted');
  });

  it('replaces a DNS name by the new DNS name and pins both names', async () => {
    const paths = sshPaths(dir);
    const from = { publicIp: '203.0.113.7', publicDns: 'ec2-203-0-113-7.compute-1.amazonaws.com' };
    const to = { publicIp: '203.0.113.99', publicDns: 'ec2-203-0-113-99.compute-1.amazonaws.com' };
    await upsertHost(paths, { alias: 'mde-a', hostName: from.publicDns, user: 'ubuntu', stack: STACK });
    await writePins(paths, from.publicDns, 22, [KEY]);
    await writePins(paths, from.publicIp, 22, [KEY]);
    const report = await followAddressMoves(paths, STACK, [{ instanceId: 'i-0abc', label: 'mde', from, to, sshPort: 22 }]);
    assert.deepEqual(report.rewritten, ['mde-a']);
    assert.equal((await findHost(paths, 'mde-a'))?.hostName, to.publicDns);
    assert.deepEqual(await readPins(paths, to.publicDns, 22), [KEY]);
    assert.deepEqual(await readPins(paths, to.publicIp, 22), [KEY]);
  });

  it('does nothing when SSH was never set up for the instance', async () => {
    const paths = sshPaths(dir);
    const report = await followAddressMoves(paths, STACK, [{ instanceId: 'i-0abc', label: 'x', from: { publicIp: '203.0.113.7' }, to: { publicIp: '203.0.113.99' }, sshPort: 22 }]);
    assert.deepEqual(report, { rewritten: [], pinsMoved: 0 });
  });
});
