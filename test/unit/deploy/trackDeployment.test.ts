import assert from 'node:assert/strict';
import { DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import { consoleTail } from '../../../src/core/deploy/bootLog';
import type { ProgressState } from '../../../src/core/deploy/progressTypes';
import { trackDeployment } from '../../../src/core/deploy/trackDeployment';
import { awsError, event, FakeClock, mockAws, newestFirst, REGION, STACK_ID, STACK_NAME, type MockedAws } from './fakes';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const EXPECTED = [{ logicalId: 'Server', type: 'AWS::EC2::Instance', waitsForSignal: true }];
const BOOT = Buffer.from('cloud-init: start\r\n\u001b[32mOK\u001b[0m  Started docker\r\nprogress 10%\rprogress 90%\n\n').toString('base64');

describe('trackDeployment', () => {
  let aws: MockedAws;
  beforeEach(async () => (aws = await mockAws()));

  it('follows a create to completion with the boot log while waiting and the outputs at the end', async () => {
    const e1 = [event(STACK_NAME, 'CREATE_IN_PROGRESS', T0, { ResourceStatusReason: 'User Initiated' })];
    const e2 = [...e1, event('Server', 'CREATE_IN_PROGRESS', T0 + 1, { ResourceType: 'AWS::EC2::Instance', PhysicalResourceId: 'i-0abc', ResourceStatusReason: 'Resource creation Initiated' })];
    const e3 = [...e2, event('Server', 'CREATE_COMPLETE', T0 + 2, { ResourceType: 'AWS::EC2::Instance', PhysicalResourceId: 'i-0abc' }), event(STACK_NAME, 'CREATE_COMPLETE', T0 + 3)];
    aws.cfn.on(DescribeStackEventsCommand).resolvesOnce({ StackEvents: newestFirst(e1) }).resolvesOnce({ StackEvents: newestFirst(e2) }).resolves({ StackEvents: newestFirst(e3) });
    aws.cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(T0), Outputs: [{ OutputKey: 'WebUrl', OutputValue: 'https://10.0.0.1' }] }],
    });
    aws.ec2.on(GetConsoleOutputCommand).resolves({ InstanceId: 'i-0abc', Output: BOOT, Timestamp: new Date() });
    const states: ProgressState[] = [];
    const final = await trackDeployment({
      clients: aws.clients, region: REGION, stackId: STACK_ID, stackName: STACK_NAME, operation: 'create', expected: EXPECTED,
      clock: new FakeClock(), bootLogIntervalMs: 0, onState: (s) => states.push(s),
    });
    assert.equal(final.stackStatus, 'CREATE_COMPLETE');
    assert.deepEqual(final.outputs, [{ key: 'WebUrl', value: 'https://10.0.0.1' }]);
    assert.deepEqual(aws.ec2.commandCalls(GetConsoleOutputCommand)[0]?.args[0].input, { InstanceId: 'i-0abc', Latest: true });
    const withLog = states.find((s) => s.bootLog);
    assert.deepEqual(withLog?.bootLog?.lines, ['cloud-init: start', 'OK  Started docker', 'progress 90%']);
  });

  it('stops cleanly when aborted and reports a paused poller', async () => {
    aws.cfn.on(DescribeStackEventsCommand).rejects(awsError('ExpiredTokenException', 'The security token included in the request is expired', 403));
    const abort = new AbortController();
    const states: ProgressState[] = [];
    const done = trackDeployment({
      clients: aws.clients, region: REGION, stackId: STACK_ID, stackName: STACK_NAME, operation: 'create', expected: EXPECTED,
      clock: new FakeClock(), bootLogIntervalMs: 0, signal: abort.signal, onState: (s) => states.push(s),
    });
    while (!states.some((s) => s.pollerState === 'paused-auth')) await new Promise((r) => setImmediate(r));
    assert.match(states.at(-1)?.pollerMessage ?? '', /Progress paused: The AWS credentials/);
    abort.abort();
    const final = await done;
    assert.equal(final.pollerState, 'paused-auth');
  });

  it('decodes console output to plain last lines', () => {
    assert.deepEqual(consoleTail(Buffer.from('a\nb\nc\n').toString('base64'), 2), ['b', 'c']);
    assert.deepEqual(consoleTail(undefined, 5), []);
  });
});
