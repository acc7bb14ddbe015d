import assert from 'node:assert/strict';
import { CloudFormationClient, DescribeStackEventsCommand, ListStackResourcesCommand, type ResourceStatus, type StackEvent, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { AwsClients } from '../../../src/core/aws/clients';
import { recentStackEvents } from '../../../src/core/stacks/recentEvents';
import { listStackInstances } from '../../../src/core/stacks/stackInstances';
import { inventoryFingerprint, nextRefreshDelay, REFRESH_FAST_MS, REFRESH_SLOW_MS } from '../../../src/core/stacks/refreshSchedule';
import { mdeReservations } from '../../fixtures/account';

const clients = () => new AwsClients(async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }), 1);
const resource = (logical: string, type: string, physical: string, status: ResourceStatus = 'CREATE_COMPLETE'): StackResourceSummary => ({
  LogicalResourceId: logical,
  PhysicalResourceId: physical,
  ResourceType: type,
  ResourceStatus: status,
  LastUpdatedTimestamp: new Date('2026-11-20T09:10:00Z'),
});

describe('stack details', () => {
  let cfn: AwsClientStub<CloudFormationClient>;
  let ec2: AwsClientStub<EC2Client>;
  beforeEach(() => {
    cfn = mockClient(CloudFormationClient);
    ec2 = mockClient(EC2Client);
  });
  afterEach(() => {
    cfn.restore();
    ec2.restore();
  });

  it("lists the stack's instances across resource pages with the contract tags", async () => {
    cfn
      .on(ListStackResourcesCommand, { NextToken: undefined })
      .resolves({ StackResourceSummaries: [resource('Vpc', 'AWS::EC2::VPC', 'vpc-1')], NextToken: 't2' })
      .on(ListStackResourcesCommand, { NextToken: 't2' })
      .resolves({
        StackResourceSummaries: [
          resource('MdeInstance', 'AWS::EC2::Instance', 'i-0abc1234def567890'),
          resource('OldInstance', 'AWS::EC2::Instance', 'i-0dead', 'DELETE_COMPLETE'),
        ],
      });
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: mdeReservations });
    const instances = await listStackInstances(clients(), 'us-east-1', 'mylab');
    assert.deepEqual(ec2.commandCalls(DescribeInstancesCommand)[0]?.args[0].input.InstanceIds, ['i-0abc1234def567890']);
    assert.deepEqual(instances, [
      {
        instanceId: 'i-0abc1234def567890',
        logicalId: 'MdeInstance',
        state: 'running',
        instanceType: 'g4dn.xlarge',
        publicIp: '127.0.0.20',
        privateIp: '10.0.0.5',
        publicDns: 'ec2-198-51-100-20.compute-1.amazonaws.com',
        name: 'MONAIDeployExpress',
        role: 'mde',
        sshUser: 'ubuntu',
        keyName: 'MONAIDeployExpress-key',
        availabilityZone: 'us-east-1a',
      },
    ]);
  });

  it('reads the sshd port from imaging-lab:ssh-port and ignores values that are not a port', async () => {
    const ids = ['i-p1', 'i-p2', 'i-p3', 'i-p4'];
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: ids.map((id, n) => resource(`Host${n}`, 'AWS::EC2::Instance', id)) });
    const values = ['2222', ' 443 ', '70000', '22abc'];
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: ids.map((id, n) => ({ InstanceId: id, State: { Name: 'running' }, Tags: [{ Key: 'imaging-lab:ssh-port', Value: values[n] }] })) }],
    });
    const ports = (await listStackInstances(clients(), 'us-east-1', 'ports')).map((i) => i.sshPort);
    assert.deepEqual(ports, [2222, 443, undefined, undefined]);
  });

  it('makes no EC2 call for a stack without instances', async () => {
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [resource('Bucket', 'AWS::S3::Bucket', 'b')] });
    assert.deepEqual(await listStackInstances(clients(), 'us-east-1', 'x'), []);
    assert.equal(ec2.commandCalls(DescribeInstancesCommand).length, 0);
  });

  it('reads one page of events, newest first, capped', async () => {
    const events = Array.from({ length: 40 }, (_, i): StackEvent => ({
      EventId: `e${i}`,
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/mylab/1',
      StackName: 'mylab',
      LogicalResourceId: `R${i}`,
      ResourceType: 'AWS::EC2::Instance',
      ResourceStatus: 'CREATE_IN_PROGRESS',
      ResourceStatusReason: i === 0 ? 'Resource creation Initiated' : undefined,
      Timestamp: new Date(Date.UTC(2026, 10, 20, 9, 0, 40 - i)),
    }));
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: events, NextToken: 'older' });
    const recent = await recentStackEvents(clients(), 'us-east-1', 'mylab', 10);
    assert.equal(cfn.commandCalls(DescribeStackEventsCommand).length, 1);
    assert.equal(recent.length, 10);
    assert.equal(recent[0]?.reason, 'Resource creation Initiated');
    assert.equal(recent[0]?.timestamp, '2026-11-20T09:00:40.000Z');
  });
});

describe('adaptive refresh', () => {
  it('does not poll when nothing is in progress', () => {
    assert.equal(nextRefreshDelay({ anyInProgress: false, changed: true, previousDelayMs: 3000 }), undefined);
  });
  it('polls fast while stacks change and backs off to the slow bound when quiet', () => {
    let delay = nextRefreshDelay({ anyInProgress: true, changed: true });
    assert.equal(delay, REFRESH_FAST_MS);
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      delay = nextRefreshDelay({ anyInProgress: true, changed: false, previousDelayMs: delay });
      seen.push(delay ?? -1);
    }
    assert.deepEqual(seen, [6000, 12000, 24000, REFRESH_SLOW_MS, REFRESH_SLOW_MS, REFRESH_SLOW_MS]);
    assert.equal(nextRefreshDelay({ anyInProgress: true, changed: true, previousDelayMs: REFRESH_SLOW_MS }), REFRESH_FAST_MS);
  });
  it('fingerprints status and update time', () => {
    const a = inventoryFingerprint([{ stackId: 's', status: 'CREATE_IN_PROGRESS' }]);
    assert.notEqual(a, inventoryFingerprint([{ stackId: 's', status: 'CREATE_COMPLETE' }]));
    assert.equal(a, inventoryFingerprint([{ stackId: 's', status: 'CREATE_IN_PROGRESS' }]));
  });
});
