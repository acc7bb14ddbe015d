import assert from 'node:assert/strict';
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';
import { toDeployEvent } from '../../../src/core/deploy/deployEvent';
import { expectedFromTemplate, initialProgress, progressReducer } from '../../../src/core/deploy/progressReducer';
import { estimateRemainingSeconds } from '../../../src/core/deploy/progressSelectors';
import type { ExpectedResource, Operation, ProgressState } from '../../../src/core/deploy/progressTypes';
import { timelineLayout } from '../../../src/core/deploy/timeline';
import { templateDependencies } from '../../../src/core/deploy/timelineDependencies';
import { event, STACK_ID, STACK_NAME, REGION } from './fakes';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const s = (seconds: number) => T0 + seconds * 1000;

/** A small MDE-like stack: network, IAM, an instance that signals, a bucket. */
const TEMPLATE = parseTemplate(
  `Resources:
  Vpc: { Type: AWS::EC2::VPC }
  Subnet: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc } }
  Role: { Type: AWS::IAM::Role }
  Profile: { Type: AWS::IAM::InstanceProfile, Properties: { Roles: [!Ref Role] } }
  Server:
    Type: AWS::EC2::Instance
    CreationPolicy: { ResourceSignal: { Timeout: PT30M } }
    Properties:
      SubnetId: !Ref Subnet
      IamInstanceProfile: !Ref Profile
      UserData: { 'Fn::Base64': !Sub 'cfn-signal --resource Server --stack \${AWS::StackName} \${Data.Arn} \${!Literal}' }
  Data: { Type: AWS::S3::Bucket, DependsOn: Vpc }
`,
  't.yaml',
).template;

type Raw = [logicalId: string, status: string, at: number, extra?: Partial<StackEvent>];

const TYPES: Readonly<Record<string, string>> = {
  Vpc: 'AWS::EC2::VPC', Subnet: 'AWS::EC2::Subnet', Role: 'AWS::IAM::Role', Profile: 'AWS::IAM::InstanceProfile', Server: 'AWS::EC2::Instance', Data: 'AWS::S3::Bucket',
};

function toEvents(raw: Raw[]) {
  return raw.map(([id, status, at, extra]) => toDeployEvent(event(id, status, at, { ...(id === STACK_NAME ? {} : { ResourceType: TYPES[id] ?? 'AWS::S3::Bucket' }), ...extra }), STACK_ID));
}

function play(raw: Raw[], options: { operation?: Operation; expected?: readonly ExpectedResource[] } = {}): ProgressState {
  const state = initialProgress({ region: REGION, stackName: STACK_NAME, stackId: STACK_ID, operation: options.operation ?? 'create', startedAt: Date.now(), expected: options.expected ?? expectedFromTemplate(TEMPLATE) });
  return progressReducer(state, { type: 'events', events: toEvents(raw) });
}

/** A create in which Role -> Profile -> Server (waiting 4 min for its signal) decides the total time. */
const CREATE: Raw[] = [
  [STACK_NAME, 'CREATE_IN_PROGRESS', s(0), { ResourceStatusReason: 'User Initiated' }],
  ['Vpc', 'CREATE_IN_PROGRESS', s(1)],
  ['Role', 'CREATE_IN_PROGRESS', s(1)],
  ['Vpc', 'CREATE_COMPLETE', s(14)],
  ['Subnet', 'CREATE_IN_PROGRESS', s(15)],
  ['Data', 'CREATE_IN_PROGRESS', s(15)],
  ['Subnet', 'CREATE_COMPLETE', s(22)],
  ['Role', 'CREATE_COMPLETE', s(20)],
  ['Profile', 'CREATE_IN_PROGRESS', s(21)],
  ['Data', 'CREATE_COMPLETE', s(40)],
  ['Profile', 'CREATE_COMPLETE', s(140)],
  ['Server', 'CREATE_IN_PROGRESS', s(141)],
  ['Server', 'CREATE_IN_PROGRESS', s(142), { PhysicalResourceId: 'i-0abc12345', ResourceStatusReason: 'Resource creation Initiated' }],
  ['Server', 'CREATE_IN_PROGRESS', s(180), { PhysicalResourceId: 'i-0abc12345', DetailedStatus: 'CONFIGURATION_COMPLETE' }],
  ['Server', 'CREATE_IN_PROGRESS', s(420), { PhysicalResourceId: 'i-0abc12345', ResourceStatusReason: 'Received SUCCESS signal with UniqueId i-0abc12345' }],
  ['Server', 'CREATE_COMPLETE', s(421), { PhysicalResourceId: 'i-0abc12345' }],
  [STACK_NAME, 'CREATE_COMPLETE', s(423)],
];

describe('deployment timeline (layout as a pure function)', () => {
  it('reads what each resource waits for from DependsOn, Ref, GetAtt and Sub', () => {
    const deps = templateDependencies(TEMPLATE);
    assert.deepEqual(deps.get('Server'), ['Data', 'Profile', 'Subnet']);
    assert.deepEqual(deps.get('Subnet'), ['Vpc']);
    assert.deepEqual(deps.get('Data'), ['Vpc']);
    assert.deepEqual(deps.get('Vpc'), []);
  });

  it('draws one bar per started resource, from its first IN_PROGRESS to its final event, by start time', () => {
    const layout = timelineLayout(play(CREATE), s(500));
    assert.deepEqual(layout.bars.map((b) => [b.logicalId, (b.start - T0) / 1000, ((b.end ?? 0) - T0) / 1000, b.outcome]), [
      ['Vpc', 1, 14, 'done'], ['Role', 1, 20, 'done'], ['Subnet', 15, 22, 'done'], ['Data', 15, 40, 'done'], ['Profile', 21, 140, 'done'], ['Server', 141, 421, 'done'],
    ]);
    assert.equal(layout.start, T0);
    assert.equal(layout.end, s(423));
  });

  it('marks the wait for the signal: from the configured instance to the signal CloudFormation received', () => {
    const server = timelineLayout(play(CREATE), s(500)).bars.find((b) => b.logicalId === 'Server');
    assert.deepEqual(server?.segments[0]?.signalWait, { start: s(180), end: s(420) });
  });

  it('highlights the critical path: the dependency that finished last, back to the start', () => {
    const layout = timelineLayout(play(CREATE), s(500));
    assert.deepEqual(layout.criticalPath, ['Role', 'Profile', 'Server']);
    assert.deepEqual(layout.bars.filter((b) => b.critical).map((b) => b.logicalId).sort(), ['Profile', 'Role', 'Server']);
  });

  it('finds the same critical path from timing alone, for a stack whose template it does not know', () => {
    const unknown = Object.entries(TYPES).map(([logicalId, type]) => ({ logicalId, type, waitsForSignal: false }));
    assert.deepEqual(timelineLayout(play(CREATE, { expected: unknown }), s(500)).criticalPath, ['Role', 'Profile', 'Server']);
  });

  it('keeps running bars open and leaves resources that have not started out', () => {
    const running = play(CREATE.slice(0, 12));
    const layout = timelineLayout(running, s(200));
    const server = layout.bars.find((b) => b.logicalId === 'Server');
    assert.equal(server?.end, undefined);
    assert.equal(server?.outcome, 'running');
    assert.equal(layout.end, undefined);
    // While it runs, the chain to the resource still running is the critical one.
    assert.deepEqual(layout.criticalPath, ['Role', 'Profile', 'Server']);
    assert.equal(timelineLayout(play(CREATE.slice(0, 1)), s(1)).bars.length, 0);
  });

  it('leads from the first failure to the resource its reason points at, and cancellations to the failure', () => {
    const failed = play([
      ...CREATE.slice(0, 12),
      ['Server', 'CREATE_IN_PROGRESS', s(142), { PhysicalResourceId: 'i-0abc12345', ResourceStatusReason: 'Resource creation Initiated' }],
      ['Vpc', 'UPDATE_IN_PROGRESS', s(150)],
      ['Data', 'CREATE_FAILED', s(300), { ResourceStatusReason: 'Received FAILURE signal with UniqueId i-0abc12345' }],
      ['Server', 'CREATE_FAILED', s(301), { PhysicalResourceId: 'i-0abc12345', ResourceStatusReason: 'Resource creation cancelled' }],
      [STACK_NAME, 'ROLLBACK_IN_PROGRESS', s(302), { ResourceStatusReason: 'The following resource(s) failed to create: [Data, Server]. Rollback requested by user.' }],
      ['Server', 'DELETE_IN_PROGRESS', s(303), { PhysicalResourceId: 'i-0abc12345' }],
      ['Server', 'DELETE_COMPLETE', s(360), { PhysicalResourceId: 'i-0abc12345' }],
      ['Profile', 'DELETE_IN_PROGRESS', s(361)],
      ['Profile', 'DELETE_COMPLETE', s(365)],
      [STACK_NAME, 'ROLLBACK_COMPLETE', s(400)],
    ]);
    const layout = timelineLayout(failed, s(500));
    assert.deepEqual(layout.failureChain, ['Data', 'Server']);
    const bar = (id: string) => layout.bars.find((b) => b.logicalId === id);
    assert.equal(bar('Data')?.failureStep, 0);
    assert.equal(bar('Data')?.outcome, 'failed');
    assert.equal(bar('Server')?.failureStep, 1, 'the instance whose signal failed is the end of the chain');
    assert.equal(bar('Server')?.outcome, 'cancelled');
    assert.deepEqual(bar('Server')?.segments.map((x) => [x.action, x.outcome]), [['CREATE', 'cancelled'], ['DELETE', 'removed']]);
    assert.equal(bar('Server')?.end, s(360), 'a bar ends with its final event, the rollback included');
    assert.equal(bar('Server')?.causedBy, 'Data');
    assert.equal(bar('Profile')?.causedBy, undefined, 'deleted by the rollback, not failed');
    assert.deepEqual(bar('Vpc')?.segments.map((x) => x.outcome), ['done', 'running']);
  });

  it('draws a delete, whose critical path runs through the dependents deleted first', () => {
    const expected = expectedFromTemplate(TEMPLATE);
    const deleted = play(
      [
        [STACK_NAME, 'DELETE_IN_PROGRESS', s(0), { ResourceStatusReason: 'User Initiated' }],
        ['Server', 'DELETE_IN_PROGRESS', s(1)],
        ['Data', 'DELETE_IN_PROGRESS', s(1)],
        ['Data', 'DELETE_SKIPPED', s(2)],
        ['Server', 'DELETE_COMPLETE', s(60)],
        ['Subnet', 'DELETE_IN_PROGRESS', s(61)],
        ['Profile', 'DELETE_IN_PROGRESS', s(61)],
        ['Profile', 'DELETE_COMPLETE', s(63)],
        ['Subnet', 'DELETE_COMPLETE', s(70)],
        ['Vpc', 'DELETE_IN_PROGRESS', s(71)],
        ['Role', 'DELETE_IN_PROGRESS', s(64)],
        ['Role', 'DELETE_COMPLETE', s(66)],
        ['Vpc', 'DELETE_COMPLETE', s(80)],
        [STACK_NAME, 'DELETE_COMPLETE', s(81)],
      ],
      { operation: 'delete', expected },
    );
    const layout = timelineLayout(deleted, s(100));
    assert.deepEqual(layout.criticalPath, ['Server', 'Subnet', 'Vpc']);
    assert.deepEqual(layout.bars.find((b) => b.logicalId === 'Data')?.segments.map((x) => x.outcome), ['kept']);
  });

  it('draws an update rolled back: the update, then the revert, on one bar', () => {
    const expected = expectedFromTemplate(TEMPLATE);
    const layout = timelineLayout(
      play(
        [
          [STACK_NAME, 'UPDATE_IN_PROGRESS', s(0), { ResourceStatusReason: 'User Initiated' }],
          ['Server', 'UPDATE_IN_PROGRESS', s(2)],
          ['Server', 'UPDATE_FAILED', s(30), { ResourceStatusReason: 'Insufficient capacity in us-east-1a' }],
          [STACK_NAME, 'UPDATE_ROLLBACK_IN_PROGRESS', s(31), { ResourceStatusReason: 'The following resource(s) failed to update: [Server].' }],
          ['Server', 'UPDATE_IN_PROGRESS', s(32)],
          ['Server', 'UPDATE_COMPLETE', s(50)],
          [STACK_NAME, 'UPDATE_ROLLBACK_COMPLETE', s(52)],
        ],
        { operation: 'update', expected },
      ),
      s(60),
    );
    const server = layout.bars[0];
    assert.deepEqual(server?.segments.map((x) => [x.action, x.outcome]), [['UPDATE', 'failed'], ['UPDATE', 'done']]);
    assert.deepEqual(layout.failureChain, ['Server']);
  });
});

describe('progress of a finished operation read back later', () => {
  it('counts elapsed time from the operation’s first event, not from when the panel opened', () => {
    const opened = s(3600);
    const state = progressReducer(
      initialProgress({ region: REGION, stackName: STACK_NAME, stackId: STACK_ID, operation: 'create', startedAt: opened, expected: [] }),
      { type: 'events', events: toEvents(CREATE) },
    );
    assert.equal(state.startedAt, T0);
    assert.equal((state.finishedAt ?? 0) - state.startedAt, 423_000);
  });

  it('starts the ETA at what the wizard announced and lets observed durations refine it', () => {
    const first = play(CREATE.slice(0, 1));
    assert.equal(estimateRemainingSeconds(first, s(0), { typicalTotalSeconds: 1200 }), 1200);
    assert.equal(estimateRemainingSeconds(first, s(60), { typicalTotalSeconds: 1200 }), 1140);
    // As resources finish, the estimate moves from the announcement towards the model's.
    const pull = (raw: Raw[], seconds: number) => {
      const state = play(raw);
      const at = s(seconds);
      const model = estimateRemainingSeconds(state, at) ?? 0;
      const prior = 1200 - seconds;
      const blended = estimateRemainingSeconds(state, at, { typicalTotalSeconds: 1200 }) ?? 0;
      assert.ok(blended <= Math.max(model, prior) && blended >= Math.min(model, prior), `${blended} between ${model} and ${prior}`);
      return Math.abs(blended - prior) / Math.max(1, Math.abs(model - prior));
    };
    assert.ok(pull(CREATE.slice(0, 4), 14) < pull(CREATE.slice(0, 13), 200));
  });
});
