import assert from 'node:assert/strict';
import { toDeployEvent } from '../../../src/core/deploy/deployEvent';
import { initialProgress, progressReducer } from '../../../src/core/deploy/progressReducer';
import type { ProgressState } from '../../../src/core/deploy/progressTypes';
import { applyHostMessage, diffViews, PAGE_LOG_LIMIT } from '../../../src/vscode/webviews/progress/panelPatch';
import { toPanelView } from '../../../src/vscode/webviews/progress/progressView';
import type { ProgressTarget } from '../../../src/vscode/webviews/progress/protocol';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/big/1';
const TARGET: ProgressTarget = { region: 'us-east-1', stackId: STACK_ID, stackName: 'big', operation: 'create' };
const T0 = Date.parse('2026-11-23T10:00:00Z');

let n = 0;
function ev(logicalId: string, status: string, at: number, reason?: string) {
  return toDeployEvent({ StackId: STACK_ID, EventId: `e${++n}`, StackName: 'big', LogicalResourceId: logicalId, PhysicalResourceId: logicalId === 'big' ? STACK_ID : `${logicalId}-p`, ResourceType: logicalId === 'big' ? 'AWS::CloudFormation::Stack' : 'AWS::S3::Bucket', Timestamp: new Date(at), ResourceStatus: status as never, ...(reason ? { ResourceStatusReason: reason } : {}) }, STACK_ID);
}

function bigStack(): ProgressState {
  const expected = Array.from({ length: 120 }, (_, i) => ({ logicalId: `R${i}`, type: 'AWS::S3::Bucket', waitsForSignal: false }));
  let s = initialProgress({ region: 'us-east-1', stackName: 'big', stackId: STACK_ID, operation: 'create', startedAt: T0, expected });
  s = progressReducer(s, { type: 'events', events: [ev('big', 'CREATE_IN_PROGRESS', T0, 'User Initiated')] });
  for (let i = 0; i < 120; i++) s = progressReducer(s, { type: 'events', events: [ev(`R${i}`, 'CREATE_IN_PROGRESS', T0 + i * 1000), ev(`R${i}`, 'CREATE_IN_PROGRESS', T0 + i * 1000 + 100, 'Resource creation Initiated'), ev(`R${i}`, 'CREATE_COMPLETE', T0 + i * 1000 + 500)] });
  return s;
}

describe('progress panel patches (host diff, page apply)', () => {
  it('sends only what changed: the resource that moved and the new event, not the other resources or the whole log', () => {
    const before = bigStack();
    const after = progressReducer(before, { type: 'events', events: [ev('Extra', 'CREATE_IN_PROGRESS', T0 + 200_000)] });
    const a = toPanelView(TARGET, before, T0 + 200_000);
    const b = toPanelView(TARGET, after, T0 + 200_000);
    const patch = diffViews(a, b);
    assert.ok(patch);
    assert.deepEqual(patch.resources?.changed.map((r) => r.logicalId), ['Extra']);
    assert.equal(patch.log?.length, 1);
    assert.equal(patch.outputs, undefined);
    assert.ok(JSON.stringify(patch).length * 10 < JSON.stringify(b).length, 'a patch is a small part of the view');
    assert.equal(diffViews(b, b), undefined);
  });

  it('rebuilds on the page exactly the view the host has, keeping untouched parts as they were', () => {
    let s = bigStack();
    let shown = applyHostMessage(undefined, { type: 'view', view: toPanelView(TARGET, s, T0) });
    let host = toPanelView(TARGET, s, T0);
    let untouched = shown?.resources[50];
    for (const [i, status] of [[3, 'DELETE_IN_PROGRESS'], [4, 'CREATE_FAILED']] as const) {
      untouched = shown?.resources[50];
      s = progressReducer(s, { type: 'events', events: [ev(`R${i}`, status, T0 + 300_000 + i, 'Resource creation cancelled')] });
      s = progressReducer(s, { type: 'outputs', outputs: [{ key: 'K', value: `v${i}` }] });
      const next = toPanelView(TARGET, s, T0 + 300_000);
      const patch = diffViews(host, next);
      assert.ok(patch);
      shown = applyHostMessage(shown, { type: 'patch', patch });
      host = next;
      assert.deepEqual(shown, host);
    }
    assert.equal(shown?.resources[50], untouched, 'an untouched resource keeps its identity (the page skips it)');
    assert.equal(shown?.log.length, PAGE_LOG_LIMIT);
    assert.equal(applyHostMessage(undefined, { type: 'patch', patch: { log: [] } }), undefined, 'a patch without a view is ignored');
  });

  it('removes a section the host no longer has (root cause, boot log)', () => {
    const base = toPanelView(TARGET, bigStack(), T0);
    const withCause = { ...base, rootCause: { logicalId: 'R1', resourceType: 'AWS::S3::Bucket', reason: 'x', consoleUrl: 'https://c' }, bootLog: { logicalId: 'S', instanceId: 'i-1', lines: ['a'] } };
    const patch = diffViews(withCause, base);
    assert.equal(patch?.rootCause, null);
    assert.equal(patch?.bootLog, null);
    const page = applyHostMessage(withCause, { type: 'patch', patch: patch ?? {} });
    assert.equal(page?.rootCause, undefined);
    assert.equal(page?.bootLog, undefined);
  });
});
