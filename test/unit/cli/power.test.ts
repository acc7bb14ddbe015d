import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, DescribeInstanceTypesCommand, EC2Client, StartInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import type { CliIo } from '../../../src/cli/cliCommand';
import { runCli } from '../../../src/cli/main';
import { makePowerCommand, type PowerCliDeps } from '../../../src/cli/powerCli';
import { pinName, readPins, writePins } from '../../../src/core/ssh/knownHosts';
import { findHost, upsertHost } from '../../../src/core/ssh/managedConfig';
import { sshPaths } from '../../../src/core/ssh/sshPaths';
import { instanceShape, reservations } from '../power/ec2Shapes';
import { mockDuringSuite, testClients } from '../ssh/awsFakes';

const ID = 'i-0abc1234567890def';
const STACK_ID = 'arn:aws:cloudformation:us-east-1:111122223333:stack/lab-a/0a1b2c3d';
const KEY = { type: 'ssh-ed25519', base64: 'AAAAC3NzaC1lZDI1NTE5AAAAIBrXwLHs0bL6m8Q7RZcOhh7U1mKs4mVsx+Y7i8J9dH2c' };

function io(signal = new AbortController().signal): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => (out += t), err: (t) => (err += t), env: {}, signal, stdout: () => out, stderr: () => err };
}

describe('imaging-lab stop / start (mocked AWS)', () => {
  const cfn = mockDuringSuite(CloudFormationClient);
  const ec2 = mockDuringSuite(EC2Client);
  let asked: string[];
  let deps: PowerCliDeps;
  let dir: string;

  beforeEach(() => {
    asked = [];
    dir = mkdtempSync(join(tmpdir(), 'imaging-lab-cli-power-'));
    deps = {
      session: async (profile, regions) => ({ profile, regions: regions.length > 0 ? regions : ['us-east-1'], clients: testClients() }),
      confirm: async (q) => (asked.push(q), false),
      timing: { minDelay: 0.01, maxDelay: 0.02, maxWait: 5 },
    };
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'lab-a', StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date('2026-11-20T08:00:00Z'), Tags: [{ Key: 'imaging-lab:kind', Value: 'lab' }] }],
    });
    cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [{ LogicalResourceId: 'JupyterInstance', PhysicalResourceId: ID, ResourceType: 'AWS::EC2::Instance', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }],
    });
    ec2.on(DescribeInstanceTypesCommand).resolves({ InstanceTypes: [{ InstanceType: 't3.medium', InstanceStorageSupported: false }] });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stop: says what is kept and lost, prints one line per state change, then the result', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce(reservations(instanceShape(ID, { state: 'running', type: 't3.medium', publicIp: '127.0.1.7' })))
      .resolvesOnce(reservations(instanceShape(ID, { state: 'running', type: 't3.medium', publicIp: '127.0.1.7' })))
      .resolvesOnce(reservations(instanceShape(ID, { state: 'stopping', type: 't3.medium' })))
      .resolvesOnce(reservations(instanceShape(ID, { state: 'stopping', type: 't3.medium' })))
      .resolves(reservations(instanceShape(ID, { state: 'stopped', type: 't3.medium' })));
    ec2.on(StopInstancesCommand).resolves({});
    const t = io();
    const code = await makePowerCommand('stop', deps).run(['lab-a', '--region', 'eu-west-1'], t);
    assert.equal(code, 0, t.stderr());
    const lines = t.stderr().trim().split('\n');
    assert.match(lines[0] ?? '', /^Stopping keeps: EBS volumes \(1\)/);
    assert.match(lines[1] ?? '', /^Stopping loses: the public IP address of mde \(127\.0\.1\.7\)/);
    assert.deepEqual(lines.slice(2).map((l) => l.replace(/ \(\d+ s\)$/, '')), ['Stopping mde (i-0abc1234567890def)…', 'mde: stopping', 'mde: stopped'], 'repeated polls are not printed twice');
    assert.equal(t.stdout(), 'ok\ti-0abc1234567890def\tstopped\tmde (i-0abc1234567890def) is stopped.\n');
    assert.deepEqual(asked, [], 'no instance store, no question');
  });

  it('stop: refuses to erase instance-store data without a yes, and sends nothing', async () => {
    ec2.on(DescribeInstanceTypesCommand).resolves({ InstanceTypes: [{ InstanceType: 'g4dn.xlarge', InstanceStorageSupported: true, InstanceStorageInfo: { TotalSizeInGB: 125 } }] });
    ec2.on(DescribeInstancesCommand).resolves(reservations(instanceShape(ID, { state: 'running' })));
    const t = io();
    assert.equal(await makePowerCommand('stop', deps).run(['lab-a'], t), 1);
    assert.deepEqual(asked, ['Stop anyway and erase the instance-store data?']);
    assert.match(t.stderr(), /125 GB of g4dn\.xlarge\): its data is erased[\s\S]*Nothing was stopped\. Re-run with --yes/);
    assert.equal(ec2.commandCalls(StopInstancesCommand).length, 0);
  });

  it('stop: an already stopped stack is a no-op with a message, exit 0', async () => {
    ec2.on(DescribeInstancesCommand).resolves(reservations(instanceShape(ID, { state: 'stopped', type: 't3.medium' })));
    const t = io();
    assert.equal(await makePowerCommand('stop', deps).run(['lab-a'], t), 0);
    assert.match(t.stdout(), /^ok\ti-0abc1234567890def\tstopped\tmde \(i-0abc1234567890def\) is already stopped; nothing to do\.\n$/);
    assert.equal(ec2.commandCalls(StopInstancesCommand).length, 0);
  });

  it('start: a new public address is written into the managed SSH config and the host key follows it', async () => {
    const paths = sshPaths(dir);
    const hostKeyAlias = pinName('lab-a', ID);
    await upsertHost(paths, { alias: 'lab-a', hostName: '127.0.1.7', user: 'ec2-user', identityFile: join(paths.managedDir, 'lab-a-1a2b3c.pem'), hostKeyAlias, stack: { name: 'lab-a', region: 'us-east-1', stackId: STACK_ID } });
    await writePins(paths, hostKeyAlias, [KEY]);
    ec2
      .on(DescribeInstancesCommand)
      // Listed, described (a stopped instance has released its public IP), then polled by the waiter.
      .resolvesOnce(reservations(instanceShape(ID, { state: 'stopped', type: 't3.medium' })))
      .resolvesOnce(reservations(instanceShape(ID, { state: 'stopped', type: 't3.medium' })))
      .resolvesOnce(reservations(instanceShape(ID, { state: 'pending', type: 't3.medium' })))
      .resolves(reservations(instanceShape(ID, { state: 'running', type: 't3.medium', publicIp: '127.0.1.99' })));
    ec2.on(StartInstancesCommand).resolves({});
    const t = io();
    const code = await makePowerCommand('start', deps).run(['lab-a', '--ssh-dir', dir], t);
    assert.equal(code, 0, t.stderr());
    assert.match(t.stdout(), /^ok\ti-0abc1234567890def\trunning\tmde \(i-0abc1234567890def\) is running at 127\.0\.1\.99 \(a new public address\)\.\n$/);
    assert.match(t.stderr(), /SSH config updated for the new address: lab-a\.\n$/);
    assert.equal((await findHost(paths, 'lab-a'))?.hostName, '127.0.1.99');
    assert.deepEqual(await readPins(paths, hostKeyAlias), [KEY], 'the host key stays pinned for the instance');
  });

  it('Ctrl-C while waiting ends with exit 1 and says the instances keep changing state', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce(reservations(instanceShape(ID, { state: 'stopped', type: 't3.medium' })))
      .resolves(reservations(instanceShape(ID, { state: 'pending', type: 't3.medium' })));
    ec2.on(StartInstancesCommand).resolves({});
    const controller = new AbortController();
    const t = io(controller.signal);
    setTimeout(() => controller.abort(new Error('Interrupted')), 60);
    assert.equal(await makePowerCommand('start', deps).run(['lab-a'], t), 1);
    assert.match(t.stderr(), /Cancelled: Stopped waiting; the instances keep changing state in AWS\. Check later with: imaging-lab stacks/);
    // The SDK's poller makes one last call after its sleep before it sees the abort; let it land here.
    await new Promise((r) => setTimeout(r, 100));
  });

  it('an unknown --instance lists the stack instances; a missing stack name is a usage error', async () => {
    ec2.on(DescribeInstancesCommand).resolves(reservations(instanceShape(ID, { state: 'running', type: 't3.medium' })));
    await assert.rejects(makePowerCommand('stop', deps).run(['lab-a', '--instance', 'i-0nope'], io()), /Stack lab-a has no instance 'i-0nope'\. Its instances: i-0abc1234567890def \(mde\)/);
    const err: string[] = [];
    const code = await runCli(['stop'], { out: () => undefined, err: (t) => err.push(t), env: {}, signal: new AbortController().signal });
    assert.equal(code, 2);
    assert.match(err.join(''), /give the name of the stack[\s\S]*Usage: imaging-lab stop STACK/);
    const help: string[] = [];
    await runCli(['--help'], { out: (t) => help.push(t), err: () => undefined, env: {}, signal: new AbortController().signal });
    assert.match(help.join(''), /\n {2}stop +stop a stack's instances[\s\S]*\n {2}start +start a stack's instances/);
  });
});
