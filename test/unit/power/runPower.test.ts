import assert from 'node:assert/strict';
import {
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  EC2Client,
  RebootInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { describePowerInstances } from '../../../src/core/power/describePower';
import { runPower } from '../../../src/core/power/runPower';
import { stopImpact, stopImpactText } from '../../../src/core/power/stopImpact';
import type { PowerInstance, PowerProgress } from '../../../src/core/power/powerTypes';
import type { InstanceInfo } from '../../../src/core/stacks/stackInstances';
import { awsError, mockDuringSuite, testClients } from '../ssh/awsFakes';
import { instanceShape, reservations } from './ec2Shapes';

const REGION = 'us-east-1';
const ID = 'i-0abc1234567890def';
const FAST = { minDelay: 0.01, maxDelay: 0.02, maxWait: 5 };
const KNOWN: InstanceInfo = { instanceId: ID, logicalId: 'MdeInstance', state: 'running', role: 'mde' };

describe('power: stop, start and reboot with the SDK waiters', () => {
  const ec2 = mockDuringSuite(EC2Client);

  async function described(): Promise<PowerInstance[]> {
    return describePowerInstances(testClients(), REGION, [KNOWN]);
  }

  function run(action: 'stop' | 'start' | 'reboot', instances: PowerInstance[], progress: PowerProgress[] = [], signal?: AbortSignal) {
    return runPower({ clients: testClients(), region: REGION, progress: (p) => progress.push(p), timing: FAST, ...(signal ? { signal } : {}) }, action, instances);
  }

  beforeEach(() => {
    ec2.on(DescribeInstanceTypesCommand).resolves({ InstanceTypes: [{ InstanceType: 'g4dn.xlarge', InstanceStorageSupported: true, InstanceStorageInfo: { TotalSizeInGB: 125, NvmeSupport: 'required' } }] });
  });

  it('stopping an already stopped instance sends nothing and says so', async () => {
    ec2.on(DescribeInstancesCommand).resolves(reservations(instanceShape(ID, { state: 'stopped' })));
    const [result] = await run('stop', await described());
    assert.equal(result?.outcome, 'unchanged');
    assert.match(result?.message ?? '', /mde \(i-0abc1234567890def\) is already stopped; nothing to do/);
    assert.equal(ec2.commandCalls(StopInstancesCommand).length, 0);
  });

  it('stops a running instance and reports each poll of the waiter until it is stopped', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce(reservations(instanceShape(ID, { state: 'running', publicIp: '127.0.1.7' })))
      .resolvesOnce(reservations(instanceShape(ID, { state: 'stopping' })))
      .resolvesOnce(reservations(instanceShape(ID, { state: 'stopping' })))
      .resolves(reservations(instanceShape(ID, { state: 'stopped' })));
    ec2.on(StopInstancesCommand).resolves({ StoppingInstances: [{ InstanceId: ID, CurrentState: { Code: 64, Name: 'stopping' }, PreviousState: { Code: 16, Name: 'running' } }] });
    const progress: PowerProgress[] = [];
    const [result] = await run('stop', await described(), progress);
    assert.deepEqual(ec2.commandCalls(StopInstancesCommand).map((c) => c.args[0].input), [{ InstanceIds: [ID] }]);
    assert.equal(result?.outcome, 'done');
    assert.equal(result?.stateAfter, 'stopped');
    const polled = progress.flatMap((p) => (p.states ? [p.states[ID]] : []));
    assert.deepEqual(polled, ['stopping', 'stopping', 'stopped'], 'one progress line per waiter poll, with the states');
    assert.match(progress[0]?.message ?? '', /^Stopping mde \(i-0abc1234567890def\)/);
  });

  it('a start EC2 refuses for insufficient capacity says what to do and leaves the instance stopped', async () => {
    ec2.on(DescribeInstancesCommand).resolves(reservations(instanceShape(ID, { state: 'stopped' })));
    ec2.on(StartInstancesCommand).rejects(awsError('InsufficientInstanceCapacity', 'We currently do not have sufficient g4dn.xlarge capacity in the Availability Zone you requested (us-east-1b).', 500));
    const [result] = await run('start', await described());
    assert.equal(result?.outcome, 'failed');
    assert.match(result?.message ?? '', /no free g4dn\.xlarge capacity in us-east-1b/);
    assert.match(result?.message ?? '', /try Start again in a few minutes/);
    assert.match(result?.message ?? '', /different InstanceType/);
    assert.match(result?.message ?? '', /another AvailabilityZone/);
  });

  it('a start accepted, then dropped back to stopped for capacity, is explained the same way', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce(reservations(instanceShape(ID, { state: 'stopped' })))
      .resolvesOnce(reservations(instanceShape(ID, { state: 'pending' })))
      .resolvesOnce(reservations(instanceShape(ID, { state: 'stopping' })))
      .resolves(reservations(instanceShape(ID, { state: 'stopped', stateReason: { Code: 'Server.InsufficientInstanceCapacity', Message: 'Server.InsufficientInstanceCapacity: Insufficient capacity.' } })));
    ec2.on(StartInstancesCommand).resolves({ StartingInstances: [{ InstanceId: ID, CurrentState: { Code: 0, Name: 'pending' }, PreviousState: { Code: 80, Name: 'stopped' } }] });
    const [result] = await run('start', await described());
    assert.equal(result?.outcome, 'failed');
    assert.equal(result?.stateAfter, 'stopped');
    assert.match(result?.message ?? '', /no free g4dn\.xlarge capacity/);
  });

  it('a start that brings a new public address reports both, for the SSH config to follow', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce(reservations(instanceShape(ID, { state: 'stopped' })))
      .resolvesOnce(reservations(instanceShape(ID, { state: 'pending' })))
      .resolves(reservations(instanceShape(ID, { state: 'running', publicIp: '127.0.1.99' })));
    ec2.on(StartInstancesCommand).resolves({});
    const before = (await described()).map((i) => ({ ...i, publicIp: '127.0.1.7' }));
    const [result] = await run('start', before);
    assert.equal(result?.outcome, 'done');
    assert.deepEqual(result?.before, { publicIp: '127.0.1.7' });
    assert.deepEqual(result?.after, { publicIp: '127.0.1.99', publicDns: 'ec2-127-0-1-99.compute-1.amazonaws.com' });
    assert.match(result?.message ?? '', /is running at 127\.0\.1\.99 \(a new public address, was 127\.0\.1\.7\)/);
  });

  it('detects instance-store volumes and warns that their data is erased on stop', async () => {
    ec2.on(DescribeInstancesCommand).resolves(reservations(instanceShape(ID, { state: 'running', publicIp: '127.0.1.7', volumes: ['vol-0aaa0000000000001', 'vol-0aaa0000000000002'] })));
    const instances = await described();
    assert.equal(instances[0]?.instanceStoreGb, 125);
    assert.deepEqual(ec2.commandCalls(DescribeInstanceTypesCommand)[0]?.args[0].input, { InstanceTypes: ['g4dn.xlarge'] });
    const impact = stopImpact(instances);
    assert.equal(impact.losesData, true);
    const text = stopImpactText(impact);
    assert.match(text, /instance-store volume of mde \(125 GB of g4dn\.xlarge\): its data is erased/);
    assert.match(text, /EBS volumes \(2\)/);
    assert.match(text, /the public IP address of mde \(127\.0\.1\.7\)/);
  });

  it('keeps an Elastic IP and has no instance store to lose on a type without one', async () => {
    ec2.on(DescribeInstanceTypesCommand).resolves({ InstanceTypes: [{ InstanceType: 't3.medium', InstanceStorageSupported: false }] });
    ec2.on(DescribeInstancesCommand).resolves(reservations(instanceShape(ID, { state: 'running', type: 't3.medium', publicIp: '127.0.0.5', elastic: true })));
    const impact = stopImpact(await described());
    assert.equal(impact.losesData, false);
    assert.match(stopImpactText(impact), /Stopping keeps: .*the Elastic IP of mde/);
    assert.doesNotMatch(stopImpactText(impact), /public IP address of/);
  });

  it('refuses to stop a pending instance and to start a stopping one, sending nothing', async () => {
    ec2.on(DescribeInstancesCommand).resolves(reservations(instanceShape(ID, { state: 'pending' })));
    const [stop] = await run('stop', await described());
    assert.equal(stop?.outcome, 'refused');
    assert.match(stop?.message ?? '', /still starting/);
    ec2.on(DescribeInstancesCommand).resolves(reservations(instanceShape(ID, { state: 'stopping' })));
    const [start] = await run('start', await described());
    assert.equal(start?.outcome, 'refused');
    assert.equal(ec2.commandCalls(StopInstancesCommand).length + ec2.commandCalls(StartInstancesCommand).length, 0);
  });

  it('reboots a running instance without waiting for a state change', async () => {
    ec2.on(DescribeInstancesCommand).resolves(reservations(instanceShape(ID, { state: 'running', publicIp: '127.0.1.7' })));
    ec2.on(RebootInstancesCommand).resolves({});
    const [result] = await run('reboot', await described());
    assert.equal(ec2.commandCalls(RebootInstancesCommand).length, 1);
    assert.equal(result?.outcome, 'done');
    assert.match(result?.message ?? '', /reboot requested; it keeps its addresses and instance store/);
  });

  it('cancelling stops the waiting with an AbortError; the instance keeps stopping in AWS', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce(reservations(instanceShape(ID, { state: 'running' })))
      .resolves(reservations(instanceShape(ID, { state: 'stopping' })));
    ec2.on(StopInstancesCommand).resolves({});
    const controller = new AbortController();
    const instances = await described();
    const progress: PowerProgress[] = [];
    const pending = run('stop', instances, progress, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, (e: Error) => e.name === 'AbortError' && /keep changing state in AWS/.test(e.message));
    assert.ok(progress.some((p) => p.states?.[ID] === 'stopping'), 'it reported the state while waiting');
    // The SDK's poller makes one last call after its sleep before it sees the abort; let it land here.
    await new Promise((r) => setTimeout(r, 100));
  });
});
