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

function started(instanceId: string, after: PowerResult['after'], outcome: PowerResult['outcome'] = 'done'): PowerResult {
  return { instanceId, label: 'jupyter', outcome, message: '', stateBefore: 'stopped', stateAfter: 'running', before: {}, after };
}

describe('after a start, SSH follows the new address', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'imaging-lab-follow-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes started instances with their new address, never a value that is not an address', () => {
    const moves = addressMoves(
      [started('i-0a', { publicIp: '203.0.113.99' }), started('i-0bad', { publicIp: 'evil\nProxyCommand x', publicDns: 'x y' }), started('i-0failed', {}, 'failed'), started('i-0noalias', { publicIp: '203.0.113.5' })],
      [
        { instanceId: 'i-0a', sshAlias: 'lab-lab-a-jupyter' },
        { instanceId: 'i-0bad', sshAlias: 'lab-lab-a-bad' },
        { instanceId: 'i-0failed', sshAlias: 'lab-lab-a-failed' },
        { instanceId: 'i-0noalias' },
      ],
    );
    assert.deepEqual(moves, [
      { instanceId: 'i-0a', label: 'jupyter', alias: 'lab-lab-a-jupyter', to: { publicIp: '203.0.113.99' } },
      { instanceId: 'i-0bad', label: 'jupyter', alias: 'lab-lab-a-bad', to: {} },
    ]);
  });

  it('rewrites the managed entry (user, port, key and stack kept) and moves its host-key pins', async () => {
    const paths = sshPaths(dir);
    const identityFile = join(paths.managedDir, 'lab-lab-a.pem');
    await upsertHost(paths, { alias: 'lab-lab-a', hostName: '203.0.113.7', user: 'ec2-user', port: 2222, identityFile, stack: STACK });
    await upsertHost(paths, { alias: 'other', hostName: '192.0.2.1', user: 'u', stack: { name: 'x', region: 'us-east-1' } });
    await writePins(paths, '203.0.113.7', 2222, [KEY]);
    const report = await followAddressMoves(paths, STACK, [{ instanceId: 'i-0abc', label: 'jupyter', alias: 'lab-lab-a', to: { publicIp: '203.0.113.99', publicDns: 'ec2-203-0-113-99.compute-1.amazonaws.com' } }]);
    assert.deepEqual(report, { rewritten: ['lab-lab-a'], pinsMoved: 1 });
    assert.deepEqual(await findHost(paths, 'lab-lab-a'), { hostName: '203.0.113.99', port: 2222 }, 'an IP is replaced by the new IP');
    assert.deepEqual(await findHost(paths, 'other'), { hostName: '192.0.2.1', port: 22 });
    const text = readFileSync(paths.managedConfig, 'utf8');
    assert.match(text, /Host lab-lab-a\n {2}# imaging-lab:stack us-east-1 lab-a\n {2}HostName 203\.0\.113\.99\n {2}User ec2-user\n {2}Port 2222\n {2}IdentityFile .*lab-lab-a\.pem\n {2}IdentitiesOnly yes\n/);
    assert.match(text, /StrictHostKeyChecking yes/);
    assert.deepEqual(await readPins(paths, '203.0.113.99', 2222), [KEY], 'the same host key, pinned at the new address');
    assert.deepEqual(await readPins(paths, '203.0.113.7', 2222), [], 'the old address, which AWS reuses, is no longer trusted');
  });

  it('replaces a DNS name by the new DNS name, and keeps a jump host reference', async () => {
    const paths = sshPaths(dir);
    await upsertHost(paths, { alias: 'lab-a-jupyter', hostName: 'ec2-203-0-113-7.compute-1.amazonaws.com', user: 'ubuntu', stack: STACK });
    await upsertHost(paths, { alias: 'lab-a-filegator', hostName: '10.0.2.15', user: 'ubuntu', proxyJump: 'lab-a-jupyter', stack: STACK });
    const to = { publicIp: '203.0.113.99', publicDns: 'ec2-203-0-113-99.compute-1.amazonaws.com' };
    const report = await followAddressMoves(paths, STACK, [
      { instanceId: 'i-0j', label: 'jupyter', alias: 'lab-a-jupyter', to },
      { instanceId: 'i-0f', label: 'filegator', alias: 'lab-a-filegator', to: {} },
    ]);
    assert.deepEqual(report.rewritten, ['lab-a-jupyter']);
    assert.equal((await findHost(paths, 'lab-a-jupyter'))?.hostName, to.publicDns);
    assert.equal((await findHost(paths, 'lab-a-filegator'))?.hostName, '10.0.2.15', 'a private host behind the jump host keeps its address');
    assert.match(readFileSync(paths.managedConfig, 'utf8'), /ProxyJump lab-a-jupyter/);
  });

  it('leaves an Elastic IP entry, an instance-id (Session Manager) entry and hosts never set up alone', async () => {
    const paths = sshPaths(dir);
    await upsertHost(paths, { alias: 'mde-a', hostName: '198.51.100.5', user: 'ubuntu', stack: STACK });
    await upsertHost(paths, { alias: 'lab-a-ssm', hostName: 'i-0abc1234567890def', user: 'ec2-user', proxyCommand: 'aws ssm start-session --target %h', stack: STACK });
    const before = readFileSync(paths.managedConfig, 'utf8');
    const report = await followAddressMoves(paths, STACK, [
      { instanceId: 'i-0e', label: 'mde', alias: 'mde-a', to: { publicIp: '198.51.100.5' } },
      { instanceId: 'i-0s', label: 'ssm', alias: 'lab-a-ssm', to: { publicIp: '203.0.113.1' } },
      { instanceId: 'i-0n', label: 'new', alias: 'never-set-up', to: { publicIp: '203.0.113.2' } },
    ]);
    assert.deepEqual(report, { rewritten: [], pinsMoved: 0 });
    assert.equal(readFileSync(paths.managedConfig, 'utf8'), before);
  });
});
