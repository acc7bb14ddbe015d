import assert from 'node:assert/strict';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';
import { toDeployEvent } from '../../../src/core/deploy/deployEvent';
import { expectedFromTemplate, initialProgress, progressReducer } from '../../../src/core/deploy/progressReducer';
import { awaitingSignal, estimateRemainingSeconds, outcome, percentComplete } from '../../../src/core/deploy/progressSelectors';
import type { ProgressState } from '../../../src/core/deploy/progressTypes';
import { summaryLines } from '../../../src/core/deploy/progressLines';
import { leftBehind, rootCause } from '../../../src/core/deploy/rootCause';
import { event, REGION, STACK_ID, STACK_NAME } from './fakes';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const TEMPLATE = parseTemplate(
  `Resources:
  Vpc: { Type: AWS::EC2::VPC }
  Role: { Type: AWS::IAM::Role }
  Server:
    Type: AWS::EC2::Instance
    CreationPolicy: { ResourceSignal: { Timeout: PT30M } }
  Data: { Type: AWS::S3::Bucket }
`,
  't.yaml',
).template;

function start(operation: 'create' | 'delete' = 'create'): ProgressState {
  return initialProgress({ region: REGION, stackName: STACK_NAME, stackId: STACK_ID, operation, startedAt: T0, expected: expectedFromTemplate(TEMPLATE) });
}

function apply(state: ProgressState, ...raw: ReturnType<typeof event>[]): ProgressState {
  return progressReducer(state, { type: 'events', events: raw.map((e) => toDeployEvent(e, STACK_ID)) });
}

describe('progress model', () => {
  it('has one row per template resource in template order, and counts final states', () => {
    let s = start();
    assert.deepEqual(s.rows.map((r) => [r.logicalId, r.status, r.waitsForSignal]), [
      ['Vpc', '', false], ['Role', '', false], ['Server', '', true], ['Data', '', false],
    ]);
    s = apply(
      s,
      event(STACK_NAME, 'CREATE_IN_PROGRESS', T0, { ResourceStatusReason: 'User Initiated' }),
      event('Vpc', 'CREATE_IN_PROGRESS', T0 + 1000, { ResourceType: 'AWS::EC2::VPC' }),
      event('Vpc', 'CREATE_COMPLETE', T0 + 16_000, { ResourceType: 'AWS::EC2::VPC', PhysicalResourceId: 'vpc-0abc' }),
    );
    const vpc = s.rows[0];
    assert.equal(vpc?.status, 'CREATE_COMPLETE');
    assert.equal(vpc?.physicalId, 'vpc-0abc');
    assert.equal((vpc?.endedAt ?? 0) - (vpc?.startedAt ?? 0), 15_000);
    assert.equal(percentComplete(s), 25);
    assert.equal(outcome(s), 'running');
    assert.equal(s.stackStatus, 'CREATE_IN_PROGRESS');
  });

  it('finds the instance waiting for its signal', () => {
    const s = apply(
      start(),
      event('Server', 'CREATE_IN_PROGRESS', T0 + 1000, { ResourceType: 'AWS::EC2::Instance' }),
      event('Server', 'CREATE_IN_PROGRESS', T0 + 2000, { ResourceType: 'AWS::EC2::Instance', PhysicalResourceId: 'i-0123456789abcdef0', ResourceStatusReason: 'Resource creation Initiated' }),
    );
    assert.equal(awaitingSignal(s)?.physicalId, 'i-0123456789abcdef0');
  });

  it('estimates the remaining time from the type table, refined by observed pace', () => {
    let s = apply(start(), event('Server', 'CREATE_IN_PROGRESS', T0, { ResourceType: 'AWS::EC2::Instance', PhysicalResourceId: 'i-1' }));
    const early = estimateRemainingSeconds(s, T0 + 10_000) ?? 0;
    const later = estimateRemainingSeconds(s, T0 + 300_000) ?? 0;
    assert.ok(early > later, `${early} > ${later}`);
    // The VPC took 4x its typical 15 s: the rest is expected to be slower too.
    const slow = apply(s, event('Vpc', 'CREATE_IN_PROGRESS', T0, { ResourceType: 'AWS::EC2::VPC' }), event('Vpc', 'CREATE_COMPLETE', T0 + 60_000, { ResourceType: 'AWS::EC2::VPC' }));
    const fast = apply(s, event('Vpc', 'CREATE_IN_PROGRESS', T0, { ResourceType: 'AWS::EC2::VPC' }), event('Vpc', 'CREATE_COMPLETE', T0 + 5_000, { ResourceType: 'AWS::EC2::VPC' }));
    assert.ok((estimateRemainingSeconds(slow, T0 + 60_000) ?? 0) > (estimateRemainingSeconds(fast, T0 + 60_000) ?? 0));
    s = apply(s, event(STACK_NAME, 'CREATE_COMPLETE', T0 + 900_000));
    assert.equal(estimateRemainingSeconds(s, T0 + 900_000), undefined);
    assert.equal(percentComplete(s), 100);
    assert.equal(outcome(s), 'succeeded');
  });

  it('puts the first real failure first on rollback, not the cancellations after it', () => {
    const s = apply(
      start(),
      event(STACK_NAME, 'CREATE_IN_PROGRESS', T0, { ResourceStatusReason: 'User Initiated' }),
      event('Role', 'CREATE_IN_PROGRESS', T0 + 1000, { ResourceType: 'AWS::IAM::Role' }),
      event('Server', 'CREATE_IN_PROGRESS', T0 + 1000, { ResourceType: 'AWS::EC2::Instance' }),
      event('Server', 'CREATE_FAILED', T0 + 9000, {
        ResourceType: 'AWS::EC2::Instance',
        PhysicalResourceId: 'i-0feedbeef',
        ResourceStatusReason: 'Failed to receive 1 resource signal(s) within the specified duration',
      }),
      event('Role', 'CREATE_FAILED', T0 + 9100, { ResourceType: 'AWS::IAM::Role', ResourceStatusReason: 'Resource creation cancelled' }),
      event(STACK_NAME, 'ROLLBACK_IN_PROGRESS', T0 + 9200, { ResourceStatusReason: 'The following resource(s) failed to create: [Role, Server]. Rollback requested by user.' }),
      event('Server', 'DELETE_COMPLETE', T0 + 20_000, { ResourceType: 'AWS::EC2::Instance' }),
      event(STACK_NAME, 'ROLLBACK_COMPLETE', T0 + 30_000),
    );
    assert.equal(outcome(s), 'rolled-back');
    const cause = rootCause(s);
    assert.equal(cause?.logicalId, 'Server');
    assert.match(cause?.reason ?? '', /resource signal/);
    assert.match(cause?.advice ?? '', /boot log/);
    assert.equal(cause?.consoleUrl, 'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#InstanceDetails:instanceId=i-0feedbeef');
  });

  it('explains retained and undeletable resources after a delete', () => {
    const s = apply(
      start('delete'),
      event(STACK_NAME, 'DELETE_IN_PROGRESS', T0, { ResourceStatusReason: 'User Initiated' }),
      event('Data', 'DELETE_FAILED', T0 + 5000, {
        ResourceType: 'AWS::S3::Bucket',
        PhysicalResourceId: 'mde-lab-data-1x2y',
        ResourceStatusReason: 'Resource handler returned message: "The bucket you tried to delete is not empty (Service: S3, Status Code: 409)"',
      }),
      event('Role', 'DELETE_SKIPPED', T0 + 5000, { ResourceType: 'AWS::IAM::Role', PhysicalResourceId: 'mde-lab-role' }),
      event(STACK_NAME, 'DELETE_FAILED', T0 + 6000, { ResourceStatusReason: 'The following resource(s) failed to delete: [Data].' }),
    );
    assert.equal(outcome(s), 'failed');
    const left = leftBehind(s);
    assert.deepEqual(left.map((l) => [l.logicalId, l.kind]), [['Role', 'retained'], ['Data', 'delete-failed']]);
    assert.match(left[1]?.explanation ?? '', /Empty it \(aws s3 rm s3:\/\/BUCKET --recursive/);
    assert.match(left[0]?.explanation ?? '', /DeletionPolicy: Retain/);
    assert.equal(rootCause(s)?.logicalId, 'Data');
  });

  it('adds rows for resources the template did not list and caps the log', () => {
    let s = start();
    const many = Array.from({ length: 600 }, (_, i) => event(`Extra${i % 3}`, 'CREATE_IN_PROGRESS', T0 + i));
    s = apply(s, ...many);
    assert.equal(s.rows.length, 7);
    assert.equal(s.log.length, 500);
  });
});

describe('terminal summary', () => {
  it('says an operation still runs in AWS when following stopped early', () => {
    const s = apply(start(), event(STACK_NAME, 'CREATE_IN_PROGRESS', T0, { ResourceStatusReason: 'User Initiated' }));
    assert.match(summaryLines(s).join('\n'), /mde-lab: CREATE_IN_PROGRESS\. Stopped following it; the operation continues in AWS/);
  });
});
