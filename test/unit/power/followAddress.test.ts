import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressMoves, followAddressMoves } from '../../../src/core/power/followAddress';
import type { PowerResult } from '../../../src/core/power/powerTypes';
import { knownHostName, pinName, readPins, writePins } from '../../../src/core/ssh/knownHosts';
import { findHost, upsertHost } from '../../../src/core/ssh/managedConfig';
import { sshPaths } from '../../../src/core/ssh/sshPaths';

const KEY = { type: 'ssh-ed25519', base64: 'AAAAC3NzaC1lZDI1NTE5AAAAIBrXwLHs0bL6m8Q7RZcOhh7U1mKs4mVsx+Y7i8J9dH2c' };
const OWNER = { name: 'lab-a', region: 'us-east-1', stackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/lab-a/0a1b2c3d' };
const OTHER = { name: 'lab-b', region: 'us-east-1', stackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/lab-b/0a1b2c3e' };
const J = 'i-0aaa1111222233334';
const F = 'i-0bbb1111222233334';

function started(instanceId: string, after: PowerResult['after'], outcome: PowerResult['outcome'] = 'done'): PowerResult {
  return { instanceId, label: 'jupyter', outcome, message: '', stateBefore: 'stopped', stateAfter: 'running', before: {}, after };
}

describe('after a start, SSH follows the new address', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'imaging-lab-follow-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes started instances with their new address, never a value that is not an address', () => {
    const moves = addressMoves(
      [started(J, { publicIp: '127.0.1.99' }), started(F, { publicIp: 'evil\nProxyCommand x', publicDns: 'x y' }), started('i-0failed', {}, 'failed')],
      [{ instanceId: J, sshAlias: 'lab-a-jupyter' }, { instanceId: F }],
    );
    assert.deepEqual(moves, [
      { instanceId: J, label: 'jupyter', alias: 'lab-a-jupyter', to: { publicIp: '127.0.1.99' } },
      { instanceId: F, label: 'jupyter', to: {} },
    ]);
  });

  it('takes an instance found already running (started elsewhere) at its address now; not one that stayed stopped', () => {
    const running: PowerResult = { instanceId: J, label: 'jupyter', outcome: 'unchanged', message: '', stateBefore: 'running', before: { publicIp: '127.0.1.98' } };
    const stopping: PowerResult = { instanceId: F, label: 'filegator', outcome: 'refused', message: '', stateBefore: 'stopping', before: {} };
    const stale: PowerResult = { ...running, instanceId: 'i-0stale', stateBefore: 'stopped', outcome: 'unchanged' };
    assert.deepEqual(addressMoves([running, stopping, stale], [{ instanceId: J, sshAlias: 'lab-a-jupyter' }]), [
      { instanceId: J, label: 'jupyter', alias: 'lab-a-jupyter', to: { publicIp: '127.0.1.98' } },
    ]);
  });

  it('rewrites HostName of the instance entry, keeps everything else and the per-instance pins', async () => {
    const paths = sshPaths(dir);
    const identityFile = join(paths.managedDir, 'lab-a-1a2b3c.pem');
    const hostKeyAlias = pinName('lab-a-jupyter', J);
    await upsertHost(paths, { alias: 'lab-a-jupyter', hostName: '127.0.1.7', user: 'ec2-user', port: 2222, identityFile, hostKeyAlias, stack: OWNER });
    await upsertHost(paths, { alias: 'lab-a-filegator', hostName: '10.0.2.15', user: 'ubuntu', proxyJump: 'lab-a-jupyter', hostKeyAlias: pinName('lab-a-filegator', F), stack: OWNER });
    await upsertHost(paths, { alias: 'lab-b', hostName: '127.0.1.7', user: 'u', hostKeyAlias: pinName('lab-b', J), stack: OTHER });
    await writePins(paths, hostKeyAlias, [KEY]);
    const report = await followAddressMoves(paths, OWNER, [
      { instanceId: J, label: 'jupyter', to: { publicIp: '127.0.1.99', publicDns: 'ec2-127-0-1-99.compute-1.amazonaws.com' } },
      { instanceId: F, label: 'filegator', to: {} },
    ]);
    assert.deepEqual(report, { rewritten: ['lab-a-jupyter'], pinsMoved: 0 });
    assert.deepEqual(await findHost(paths, 'lab-a-jupyter'), { alias: 'lab-a-jupyter', hostName: '127.0.1.99', user: 'ec2-user', port: 2222, hostKeyAlias, identityFile, stack: OWNER }, 'an IP is replaced by the new IP');
    assert.equal((await findHost(paths, 'lab-a-filegator'))?.hostName, '10.0.2.15', 'the private host behind the jump host keeps its address');
    assert.equal((await findHost(paths, 'lab-b'))?.hostName, '127.0.1.7', "another stack's entry is never touched");
    assert.deepEqual(await readPins(paths, hostKeyAlias), [KEY], 'the host key stays pinned for the instance, whatever its address');
    assert.match(readFileSync(paths.managedConfig, 'utf8'), /Host lab-a-jupyter\n[\s\S]*HostName 127\.0\.1\.99\n[\s\S]*StrictHostKeyChecking yes/);
  });

  it('moves the pins of an entry pinned by address (written before per-instance pins) and forgets the old address', async () => {
    const paths = sshPaths(dir);
    await upsertHost(paths, { alias: 'lab-a', hostName: 'ec2-127-0-1-7.compute-1.amazonaws.com', user: 'ubuntu', stack: OWNER });
    await writePins(paths, 'ec2-127-0-1-7.compute-1.amazonaws.com', [KEY]);
    const to = { publicIp: '127.0.1.99', publicDns: 'ec2-127-0-1-99.compute-1.amazonaws.com' };
    const report = await followAddressMoves(paths, OWNER, [{ instanceId: J, label: 'jupyter', alias: 'lab-a', to }]);
    assert.deepEqual(report, { rewritten: ['lab-a'], pinsMoved: 1 });
    assert.equal((await findHost(paths, 'lab-a'))?.hostName, to.publicDns, 'a DNS name is replaced by the new DNS name');
    assert.deepEqual(await readPins(paths, knownHostName(to.publicDns)), [KEY]);
    assert.deepEqual(await readPins(paths, 'ec2-127-0-1-7.compute-1.amazonaws.com'), [], 'AWS reuses the old address: no longer trusted');
  });

  it('leaves an Elastic IP entry, a Session Manager entry and hosts never set up alone', async () => {
    const paths = sshPaths(dir);
    await upsertHost(paths, { alias: 'mde-a', hostName: '127.0.0.5', user: 'ubuntu', hostKeyAlias: pinName('mde-a', J), stack: OWNER });
    await upsertHost(paths, { alias: 'lab-a-ssm', hostName: F, user: 'ec2-user', sessionManager: { region: 'us-east-1' }, hostKeyAlias: pinName('lab-a-ssm', F), stack: OWNER });
    const before = readFileSync(paths.managedConfig, 'utf8');
    const report = await followAddressMoves(paths, OWNER, [
      { instanceId: J, label: 'mde', to: { publicIp: '127.0.0.5' } },
      { instanceId: F, label: 'ssm', to: { publicIp: '127.0.1.1' } },
      { instanceId: 'i-0ccc1111222233334', label: 'new', to: { publicIp: '127.0.1.2' } },
    ]);
    assert.deepEqual(report, { rewritten: [], pinsMoved: 0 });
    assert.equal(readFileSync(paths.managedConfig, 'utf8'), before);
  });
});
