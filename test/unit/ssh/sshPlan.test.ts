import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client, GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import { EC2InstanceConnectClient, SendSSHPublicKeyCommand } from '@aws-sdk/client-ec2-instance-connect';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import SSHConfig from 'ssh-config';
import type { InstanceInfo } from '../../../src/core/stacks/stackInstances';
import { connectBuiltIn, prepareOpenSshAccess } from '../../../src/core/ssh/sshAccess';
import { planSsh } from '../../../src/core/ssh/sshPlan';
import { sshPaths } from '../../../src/core/ssh/sshPaths';
import { generateEphemeralKey } from '../../../src/core/ssh/instanceConnect';
import { testClients, mockDuringSuite } from './awsFakes';

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const consoleOutput = Buffer.from(`-----BEGIN SSH HOST KEY KEYS-----\n${ED25519} root@x\n-----END SSH HOST KEY KEYS-----\n`).toString('base64');

const running = (over: Partial<InstanceInfo>): InstanceInfo => ({ instanceId: 'i-1', logicalId: 'Server', state: 'running', ...over });
const labStack = { stackName: 'Course1', kind: 'lab' as const, region: 'eu-west-1', outputs: [] };
const labInstances = [
  running({ instanceId: 'i-fg', logicalId: 'FileGator', role: 'filegator', sshUser: 'ubuntu', publicIp: '3.3.3.3', privateIp: '10.0.0.4' }),
  running({ instanceId: 'i-jp', logicalId: 'Jupyter', role: 'jupyter', sshUser: 'ec2-user', privateIp: '10.0.1.5', sshVia: 'filegator' }),
];
const mdeStack = {
  stackName: 'mylab',
  kind: 'mde' as const,
  region: 'us-east-1',
  outputs: [
    { key: 'SshHost', value: 'ec2-1-2-3-4.compute-1.amazonaws.com' },
    { key: 'KeyPairParameter', value: 'key-0abc' },
    { key: 'InstanceId', value: 'i-mde' },
  ],
};

describe('ssh plan and access', () => {
  const ssm = mockDuringSuite(SSMClient);
  const ec2 = mockDuringSuite(EC2Client);
  const eic = mockDuringSuite(EC2InstanceConnectClient);
  let dir: string;
  beforeEach(() => {
    [ssm, ec2, eic].forEach((m) => m.reset());
    dir = mkdtempSync(join(tmpdir(), 'imaging-lab-plan-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names single-instance hosts <kind>-<stack> and uses SshHost, the key pair and the catalog user', () => {
    const plan = planSsh(mdeStack, [running({ instanceId: 'i-mde', publicIp: '1.2.3.4' })]);
    assert.equal(plan.alias, 'mde-mylab');
    assert.equal(plan.hostName, 'ec2-1-2-3-4.compute-1.amazonaws.com');
    assert.deepEqual(plan.keySource, { kind: 'keyPair', parameter: '/ec2/keypair/key-0abc' });
    assert.equal(plan.user, 'ubuntu');
  });

  it('uses the sshd port of the instance tag, for the host and its jump host', () => {
    const [filegator, jupyter] = labInstances;
    const plan = planSsh(labStack, [{ ...filegator!, sshPort: 2200 }, { ...jupyter!, sshPort: 2201 }], 'jupyter');
    assert.equal(plan.port, 2201);
    assert.equal(plan.route.kind === 'jump' ? plan.route.via.port : 0, 2200);
    assert.equal(planSsh(mdeStack, [running({ instanceId: 'i-mde', publicIp: '1.2.3.4' })]).port, 22);
  });

  it('reaches a private instance through the jump host named by imaging-lab:ssh-via', () => {
    const plan = planSsh(labStack, labInstances, 'jupyter');
    assert.equal(plan.alias, 'lab-course1-jupyter');
    assert.equal(plan.hostName, '10.0.1.5');
    assert.equal(plan.route.kind === 'jump' ? plan.route.via.alias : '', 'lab-course1-filegator');
    assert.deepEqual(plan.keySource, { kind: 'instanceConnect' });
  });

  it('falls back to Session Manager for a private instance without a jump host', () => {
    const plan = planSsh(labStack, [running({ instanceId: 'i-priv', sshUser: 'ec2-user' })]);
    assert.equal(plan.route.kind, 'ssm');
    assert.equal(plan.hostName, 'i-priv');
  });

  it('explains stopped instances, unknown roles and ambiguous stacks', () => {
    assert.throws(() => planSsh(mdeStack, [running({ state: 'stopped' })]), /is stopped\. Start it/);
    assert.throws(() => planSsh(labStack, labInstances, 'nope'), /no instance with role 'nope'; choose one of: filegator, jupyter/);
    assert.throws(() => planSsh(labStack, labInstances), /several instances/);
    assert.throws(() => planSsh(labStack, []), /no EC2 instances/);
  });

  it('prepares OpenSSH access: key from SSM, pins from the console, ProxyJump entries, Instance Connect push', async () => {
    ec2.on(GetConsoleOutputCommand).resolves({ Output: consoleOutput });
    eic.on(SendSSHPublicKeyCommand).resolves({ Success: true });
    const paths = sshPaths(dir);
    const plan = planSsh(labStack, labInstances, 'jupyter');
    const access = await prepareOpenSshAccess({ clients: testClients(), paths, region: 'eu-west-1', profile: 'lab' }, labStack, plan);
    assert.equal(access.alias, 'lab-course1-jupyter');
    assert.equal(access.instanceConnect, true);
    assert.deepEqual(access.unpinned, []);
    assert.equal(statSync(access.keyFile).mode & 0o777, 0o600);
    const config = SSHConfig.parse(readFileSync(paths.managedConfig, 'utf8'));
    const jupyter = config.compute('lab-course1-jupyter');
    assert.equal(jupyter.ProxyJump, 'lab-course1-filegator');
    assert.equal(jupyter.StrictHostKeyChecking, 'yes');
    assert.equal(config.compute('lab-course1-filegator').HostName, '3.3.3.3');
    assert.equal(readFileSync(paths.knownHosts, 'utf8'), `3.3.3.3 ${ED25519}\n10.0.1.5 ${ED25519}\n`);
    const pushes = eic.commandCalls(SendSSHPublicKeyCommand).map((c) => [c.args[0].input.InstanceId, c.args[0].input.InstanceOSUser]);
    assert.deepEqual(pushes, [['i-fg', 'ubuntu'], ['i-jp', 'ec2-user']]);
  });

  it('writes a self-contained SSM ProxyCommand for hosts without public address', async () => {
    ec2.on(GetConsoleOutputCommand).resolves({});
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: (await generateEphemeralKey()).privateKey } });
    const paths = sshPaths(dir);
    const stack = { ...mdeStack, outputs: mdeStack.outputs.filter((o) => o.key !== 'SshHost') };
    const plan = planSsh(stack, [running({ instanceId: 'i-mde' })]);
    const access = await prepareOpenSshAccess({ clients: testClients(), paths, region: 'us-east-1', profile: 'research' }, stack, plan);
    assert.deepEqual(access.unpinned, ['mde-mylab']);
    const entry = SSHConfig.parse(readFileSync(paths.managedConfig, 'utf8')).compute('mde-mylab');
    assert.equal(entry.HostName, 'i-mde');
    assert.equal(entry.ProxyCommand, 'aws ssm start-session --target %h --document-name AWS-StartSSHSession --parameters portNumber=%p --region us-east-1 --profile research');
    await assert.rejects(connectBuiltIn({ clients: testClients(), paths, region: 'us-east-1' }, plan), /Session Manager/);
  });
});
