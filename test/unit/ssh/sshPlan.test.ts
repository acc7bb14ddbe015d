import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeKeyPairsCommand, EC2Client, GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import { EC2InstanceConnectClient, SendSSHPublicKeyCommand } from '@aws-sdk/client-ec2-instance-connect';
import { GetParameterCommand, ListTagsForResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import SSHConfig from 'ssh-config';
import type { InstanceInfo } from '../../../src/core/stacks/stackInstances';
import { connectBuiltIn, prepareOpenSshAccess } from '../../../src/core/ssh/sshAccess';
import { planSsh } from '../../../src/core/ssh/sshPlan';
import { sshPaths } from '../../../src/core/ssh/sshPaths';
import { generateEphemeralKey } from '../../../src/core/ssh/instanceConnect';
import { testClients, mockDuringSuite } from './awsFakes';

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const consoleOutput = Buffer.from(`-----BEGIN SSH HOST KEY KEYS-----\n${ED25519} root@x\n-----END SSH HOST KEY KEYS-----\n`).toString('base64');
const arn = (region: string, name: string, n: number) => `arn:aws:cloudformation:${region}:123456789012:stack/${name}/1f2e3d4c-0000-4000-8000-00000000000${n}`;

const running = (over: Partial<InstanceInfo>): InstanceInfo => ({ instanceId: 'i-0000000000000001', logicalId: 'Server', state: 'running', ...over });
const labStack = { stackName: 'Course1', stackId: arn('eu-west-1', 'Course1', 1), kind: 'lab' as const, region: 'eu-west-1', outputs: [] };
const FILEGATOR = 'i-0f0f0f0f0f0f0f0f0';
const JUPYTER = 'i-0a0a0a0a0a0a0a0a0';
const MDE = 'i-0abc1234def567890';
const labInstances = [
  running({ instanceId: FILEGATOR, logicalId: 'FileGator', role: 'filegator', sshUser: 'ubuntu', publicIp: '127.0.0.3', privateIp: '10.0.0.4' }),
  running({ instanceId: JUPYTER, logicalId: 'Jupyter', role: 'jupyter', sshUser: 'ec2-user', privateIp: '10.0.1.5', sshVia: 'filegator' }),
];
const mdeStack = {
  stackName: 'mylab',
  stackId: arn('us-east-1', 'mylab', 2),
  kind: 'mde' as const,
  region: 'us-east-1',
  outputs: [
    { key: 'SshHost', value: 'ec2-127-0-0-4.compute-1.amazonaws.com' },
    { key: 'KeyPairParameter', value: 'key-0abc1234def567890' },
    { key: 'InstanceId', value: MDE },
  ],
};
const mdeInstance = running({ instanceId: MDE, publicIp: '127.0.0.4', publicDns: 'ec2-127-0-0-4.compute-1.amazonaws.com' });

describe('ssh plan and access', () => {
  const ssm = mockDuringSuite(SSMClient);
  const ec2 = mockDuringSuite(EC2Client);
  const eic = mockDuringSuite(EC2InstanceConnectClient);
  const cfn = mockDuringSuite(CloudFormationClient);
  let dir: string;
  beforeEach(() => {
    [ssm, ec2, eic, cfn].forEach((m) => m.reset());
    dir = mkdtempSync(join(tmpdir(), 'imaging-lab-plan-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names single-instance hosts after the stack (no kind prefix) and uses SshHost, the key pair and the catalog user', () => {
    const plan = planSsh(mdeStack, [mdeInstance]);
    assert.equal(plan.alias, 'mylab');
    assert.equal(plan.hostName, 'ec2-127-0-0-4.compute-1.amazonaws.com');
    assert.deepEqual(plan.keySource, { kind: 'keyPair', parameter: '/ec2/keypair/key-0abc1234def567890' });
    assert.equal(plan.user, 'ubuntu');
    assert.match(plan.keyName, /^mylab-[0-9a-f]{6}$/);
  });

  it('uses the sshd port of the instance tag, for the host and its jump host', () => {
    const [filegator, jupyter] = labInstances;
    const plan = planSsh(labStack, [{ ...filegator!, sshPort: 2200 }, { ...jupyter!, sshPort: 2201 }], 'jupyter');
    assert.equal(plan.port, 2201);
    assert.equal(plan.route.kind === 'jump' ? plan.route.via.port : 0, 2200);
    assert.equal(planSsh(mdeStack, [mdeInstance]).port, 22);
  });

  it('reaches a private instance through the jump host named by imaging-lab:ssh-via', () => {
    const plan = planSsh(labStack, labInstances, 'jupyter');
    assert.equal(plan.alias, 'course1-jupyter');
    assert.equal(plan.hostName, '10.0.1.5');
    assert.equal(plan.route.kind === 'jump' ? plan.route.via.alias : '', 'course1-filegator');
    assert.deepEqual(plan.keySource, { kind: 'instanceConnect' });
  });

  it('falls back to Session Manager for a private instance without a jump host', () => {
    const plan = planSsh(labStack, [running({ instanceId: 'i-0000000000000009', sshUser: 'ec2-user' })]);
    assert.equal(plan.route.kind, 'ssm');
    assert.equal(plan.hostName, 'i-0000000000000009');
  });

  it('explains stopped instances, unknown roles and ambiguous stacks', () => {
    assert.throws(() => planSsh(mdeStack, [running({ state: 'stopped' })]), /is stopped\. Start it/);
    assert.throws(() => planSsh(labStack, labInstances, 'nope'), /no instance with role 'nope'; choose one of: filegator, jupyter/);
    assert.throws(() => planSsh(labStack, labInstances), /several instances/);
    assert.throws(() => planSsh(labStack, []), /no EC2 instances/);
  });

  it('refuses users, hosts and ports that are not what their grammar allows, naming the stack and the field', () => {
    const hostile = 'ubuntu"\nMatch exec "touch /tmp/x"\nHost zz "zz';
    assert.throws(() => planSsh(labStack, [running({ sshUser: hostile, publicIp: '127.0.0.3' })]), /Stack Course1, instance tag imaging-lab:ssh-user of i-0000000000000001: "ubuntu\\"\\nMatch exec.*is not a valid user name/);
    for (const user of ['ubu ntu', 'a%h', "o'brien", '-oProxyCommand=x', 'root\u001b[2J']) {
      assert.throws(() => planSsh(labStack, [running({ sshUser: user, publicIp: '127.0.0.3' })]), /not a valid user name/, user);
    }
    assert.throws(() => planSsh({ ...labStack, outputs: [{ key: 'SshUser', value: 'a b' }] }, [running({ publicIp: '127.0.0.3' })]), /output SshUser/);
    for (const host of ['127.0.0.3\nMatch exec x', 'a b', 'h%h', '"h"', '-oProxyCommand=x', 'host_1.example']) {
      const stack = { ...mdeStack, outputs: [{ key: 'SshHost', value: host }] };
      assert.throws(() => planSsh(stack, [mdeInstance]), /output SshHost/, host);
    }
    assert.throws(() => planSsh(labStack, [running({ sshUser: 'u', publicIp: '127.0.0.3', sshPort: 70000 })]), /not a valid port/);
    assert.throws(() => planSsh(labStack, [running({ instanceId: 'i-1;reboot', sshUser: 'u', publicIp: '127.0.0.3' })]), /not a valid EC2 instance id/);
  });

  it("connects only to the instance's own address: an SshHost naming another host is refused", () => {
    const stack = { ...mdeStack, outputs: [...mdeStack.outputs.filter((o) => o.key !== 'SshHost'), { key: 'SshHost', value: 'victim.internal' }] };
    assert.throws(() => planSsh(stack, [mdeInstance]), /output SshHost: "victim\.internal" is neither the public DNS name nor the public IP of the stack's instance i-0abc1234def567890/);
    assert.equal(planSsh({ ...mdeStack, outputs: [{ key: 'SshHost', value: '127.0.0.4' }] }, [mdeInstance]).hostName, '127.0.0.4');
    assert.equal(planSsh({ ...mdeStack, outputs: [] }, [mdeInstance]).hostName, 'ec2-127-0-0-4.compute-1.amazonaws.com');
  });

  it('prepares OpenSSH access: pins under alias and instance, ProxyJump entries, Instance Connect push', async () => {
    ec2.on(GetConsoleOutputCommand).resolves({ Output: consoleOutput });
    eic.on(SendSSHPublicKeyCommand).resolves({ Success: true });
    const paths = sshPaths(dir);
    const plan = planSsh(labStack, labInstances, 'jupyter');
    const access = await prepareOpenSshAccess({ clients: testClients(), paths, region: 'eu-west-1', profile: 'lab' }, plan);
    assert.equal(access.alias, 'course1-jupyter');
    assert.equal(access.instanceConnect, true);
    assert.deepEqual(access.unpinned, []);
    assert.equal(statSync(access.keyFile).mode & 0o777, 0o600);
    const config = SSHConfig.parse(readFileSync(paths.managedConfig, 'utf8'));
    const jupyter = config.compute('course1-jupyter');
    assert.equal(jupyter.ProxyJump, 'course1-filegator');
    assert.equal(jupyter.StrictHostKeyChecking, 'yes');
    assert.equal(jupyter.HostKeyAlias, `course1-jupyter.${JUPYTER}`);
    assert.equal(config.compute('course1-filegator').HostName, '127.0.0.3');
    assert.equal(readFileSync(paths.knownHosts, 'utf8'), `course1-filegator.${FILEGATOR} ${ED25519}\ncourse1-jupyter.${JUPYTER} ${ED25519}\n`);
    const pushes = eic.commandCalls(SendSSHPublicKeyCommand).map((c) => [c.args[0].input.InstanceId, c.args[0].input.InstanceOSUser]);
    assert.deepEqual(pushes, [[FILEGATOR, 'ubuntu'], [JUPYTER, 'ec2-user']]);
  });

  it('writes a self-contained SSM ProxyCommand, and refuses a profile name a shell would read as more', async () => {
    ec2.on(GetConsoleOutputCommand).resolves({});
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: 'aws:cloudformation:stack-id', Value: mdeStack.stackId }] });
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: (await generateEphemeralKey()).privateKey } });
    const paths = sshPaths(dir);
    const stack = { ...mdeStack, outputs: mdeStack.outputs.filter((o) => o.key !== 'SshHost') };
    const plan = planSsh(stack, [running({ instanceId: MDE })]);
    const access = await prepareOpenSshAccess({ clients: testClients(), paths, region: 'us-east-1', profile: 'research' }, plan);
    assert.deepEqual(access.unpinned, ['mylab']);
    const entry = SSHConfig.parse(readFileSync(paths.managedConfig, 'utf8')).compute('mylab');
    assert.equal(entry.HostName, MDE);
    assert.equal(entry.ProxyCommand, 'aws ssm start-session --target %h --document-name AWS-StartSSHSession --parameters portNumber=%p --region us-east-1 --profile research');
    await assert.rejects(connectBuiltIn({ clients: testClients(), paths, region: 'us-east-1' }, plan), /Session Manager/);
    for (const profile of ['a;touch x', 'a b', '$(id)', 'p%h', 'x\ny']) {
      await assert.rejects(prepareOpenSshAccess({ clients: testClients(), paths, region: 'us-east-1', profile }, plan), /AWS profile name .* cannot be written into an SSH ProxyCommand/, profile);
    }
    assert.doesNotMatch(readFileSync(paths.managedConfig, 'utf8'), /touch|\$\(/);
  });

  it("refuses a KeyPairParameter naming a SecureString the stack does not own, and reads none", async () => {
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: 'aws:cloudformation:stack-id', Value: arn('us-east-1', 'prod-db', 9) }] });
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [{ LogicalResourceId: 'KeyPair', PhysicalResourceId: 'mylab-key', ResourceType: 'AWS::EC2::KeyPair', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }] });
    ec2.on(DescribeKeyPairsCommand).resolves({ KeyPairs: [{ KeyName: 'mylab-key', KeyPairId: 'key-0000000000000000f' }] });
    ec2.on(GetConsoleOutputCommand).resolves({ Output: consoleOutput });
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'the production database password' } });
    const paths = sshPaths(dir);
    for (const parameter of ['/prod/db/password', 'key-0abc1234def567890']) {
      const plan = planSsh({ ...mdeStack, outputs: [{ key: 'KeyPairParameter', value: parameter }] }, [mdeInstance]);
      await assert.rejects(prepareOpenSshAccess({ clients: testClients(), paths, region: 'us-east-1' }, plan), /does not belong to the stack .*did not read it/);
    }
    assert.equal(ssm.commandCalls(GetParameterCommand).length, 0, 'no SecureString was decrypted');
  });

  it('accepts the key of a key pair the stack created even without the stack-id tag (CloudFormation does not tag it)', async () => {
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [] });
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [{ LogicalResourceId: 'KeyPair', PhysicalResourceId: 'mylab-key', ResourceType: 'AWS::EC2::KeyPair', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }] });
    ec2.on(DescribeKeyPairsCommand).resolves({ KeyPairs: [{ KeyName: 'mylab-key', KeyPairId: 'key-0abc1234def567890' }] });
    ec2.on(GetConsoleOutputCommand).resolves({ Output: consoleOutput });
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: (await generateEphemeralKey()).privateKey } });
    const access = await prepareOpenSshAccess({ clients: testClients(), paths: sshPaths(dir), region: 'us-east-1' }, planSsh(mdeStack, [mdeInstance]));
    assert.equal(access.alias, 'mylab');
    assert.match(access.keyFile, /mylab-[0-9a-f]{6}\.pem$/);
  });
});
