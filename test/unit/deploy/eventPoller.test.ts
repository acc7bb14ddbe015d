import assert from 'node:assert/strict';
import { DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation';
import { StackEventPoller, type PollerUpdate } from '../../../src/core/deploy/eventPoller';
import { PollerRegistry } from '../../../src/core/deploy/pollerRegistry';
import { awsError, event, FakeClock, mockAws, newestFirst, REGION, STACK_ID, STACK_NAME, type MockedAws } from './fakes';

const T0 = Date.parse('2026-11-23T10:00:00Z');

describe('stack event poller', () => {
  let aws: MockedAws;
  beforeEach(async () => (aws = await mockAws()));

  it('reads one page per poll and stops at the newest event already seen', async () => {
    const history = [event(STACK_NAME, 'CREATE_IN_PROGRESS', T0, { ResourceStatusReason: 'User Initiated' }), event('Bucket', 'CREATE_IN_PROGRESS', T0 + 1000)];
    const later = [event('Bucket', 'CREATE_COMPLETE', T0 + 5000), event(STACK_NAME, 'CREATE_COMPLETE', T0 + 6000)];
    aws.cfn
      .on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: newestFirst(history) })
      .resolvesOnce({ StackEvents: newestFirst(history) })
      .resolves({ StackEvents: newestFirst([...history, ...later]), NextToken: 'older-page' });
    const clock = new FakeClock();
    const poller = new StackEventPoller({ clients: aws.clients, region: REGION, stackId: STACK_ID, clock });
    const updates: PollerUpdate[] = [];
    poller.subscribe((u) => updates.push(u));
    assert.equal(await poller.start(), 'finished');
    const calls = aws.cfn.commandCalls(DescribeStackEventsCommand).map((c) => c.args[0].input);
    // Three polls, one page each; the NextToken of the last page is never followed: its events were seen.
    assert.deepEqual(calls, [{ StackName: STACK_ID }, { StackName: STACK_ID }, { StackName: STACK_ID }]);
    assert.deepEqual(poller.events.map((e) => `${e.logicalId}:${e.status}`), [
      'mde-lab:CREATE_IN_PROGRESS', 'Bucket:CREATE_IN_PROGRESS', 'Bucket:CREATE_COMPLETE', 'mde-lab:CREATE_COMPLETE',
    ]);
    assert.equal(updates.at(-1)?.state, 'finished');
    // Fast while events arrive, slower when a poll brings nothing.
    assert.deepEqual(clock.sleeps, [2000, 4000]);
  });

  it('backs off to 10 s when quiet and further when throttled', async () => {
    const start = [event(STACK_NAME, 'CREATE_IN_PROGRESS', T0)];
    const stub = aws.cfn.on(DescribeStackEventsCommand);
    for (let i = 0; i < 6; i++) stub.resolvesOnce({ StackEvents: start });
    stub.rejectsOnce(awsError('Throttling', 'Rate exceeded')).rejectsOnce(awsError('Throttling', 'Rate exceeded'));
    stub.resolves({ StackEvents: newestFirst([...start, event(STACK_NAME, 'CREATE_COMPLETE', T0 + 60_000)]) });
    const clock = new FakeClock();
    const poller = new StackEventPoller({ clients: aws.clients, region: REGION, stackId: STACK_ID, clock });
    assert.equal(await poller.start(), 'finished');
    assert.deepEqual(clock.sleeps, [2000, 4000, 8000, 10000, 10000, 10000, 20000, 30000]);
  });

  it('pauses on expired credentials and resumes after re-authentication', async () => {
    aws.cfn
      .on(DescribeStackEventsCommand)
      .rejectsOnce(awsError('ExpiredToken', 'The security token included in the request is expired', 403))
      .resolves({ StackEvents: [event(STACK_NAME, 'DELETE_COMPLETE', T0)] });
    const poller = new StackEventPoller({ clients: aws.clients, region: REGION, stackId: STACK_ID, clock: new FakeClock() });
    const states: string[] = [];
    poller.subscribe((u) => states.push(u.state));
    const done = poller.start();
    while (poller.state !== 'paused-auth') await new Promise((r) => setImmediate(r));
    assert.equal(aws.cfn.commandCalls(DescribeStackEventsCommand).length, 1);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(aws.cfn.commandCalls(DescribeStackEventsCommand).length, 1, 'no calls while paused');
    poller.resume();
    assert.equal(await done, 'finished');
    assert.deepEqual(states, ['running', 'paused-auth', 'running', 'finished']);
  });

  it('reads back only to the start of the current operation when reopened', async () => {
    const old = [event(STACK_NAME, 'CREATE_IN_PROGRESS', T0, { ResourceStatusReason: 'User Initiated' }), event(STACK_NAME, 'CREATE_COMPLETE', T0 + 1)];
    const current = [event(STACK_NAME, 'UPDATE_IN_PROGRESS', T0 + 100, { ResourceStatusReason: 'User Initiated' }), event('Server', 'UPDATE_IN_PROGRESS', T0 + 200)];
    aws.cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: newestFirst([...old, ...current]), NextToken: 'more' });
    const poller = new StackEventPoller({ clients: aws.clients, region: REGION, stackId: STACK_ID, fromOperationStart: true, clock: new FakeClock() });
    await poller.pollOnce();
    assert.deepEqual(poller.events.map((e) => e.status), ['UPDATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS']);
    assert.equal(aws.cfn.commandCalls(DescribeStackEventsCommand).length, 1);
  });

  it('reports a stack that disappeared as gone', async () => {
    aws.cfn.on(DescribeStackEventsCommand).rejects(awsError('ValidationError', `Stack [${STACK_ID}] does not exist`));
    const poller = new StackEventPoller({ clients: aws.clients, region: REGION, stackId: STACK_ID, clock: new FakeClock() });
    assert.equal(await poller.start(), 'gone');
  });

  it('shares one poller per stack between listeners and replays history to late ones', async () => {
    aws.cfn
      .on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: [event(STACK_NAME, 'CREATE_IN_PROGRESS', T0)] })
      .resolves({ StackEvents: newestFirst([event(STACK_NAME, 'CREATE_IN_PROGRESS', T0), event('B', 'CREATE_IN_PROGRESS', T0 + 1)]) });
    const registry = new PollerRegistry();
    const clock = new FakeClock();
    const options = { clients: aws.clients, region: REGION, stackId: STACK_ID, clock };
    const first: number[] = [];
    const stopFirst = registry.subscribe(options, (u) => first.push(u.events.length));
    while ((registry.find(REGION, STACK_ID)?.events.length ?? 0) < 1) await new Promise((r) => setImmediate(r));
    const second: number[] = [];
    const stopSecond = registry.subscribe(options, (u) => second.push(u.events.length));
    assert.equal(registry.active().length, 1);
    assert.ok(second[0] !== undefined && second[0] >= 1, 'late listener gets the history');
    stopFirst();
    assert.equal(registry.active().length, 1, 'still running for the second listener');
    stopSecond();
    assert.equal(registry.active().length, 0);
    registry.dispose();
  });
});
