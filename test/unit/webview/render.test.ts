import assert from 'node:assert/strict';
import { toDeployEvent } from '../../../src/core/deploy/deployEvent';
import { initialProgress, progressReducer } from '../../../src/core/deploy/progressReducer';
import { outcome, percentComplete } from '../../../src/core/deploy/progressSelectors';
import { leftBehind, rootCause } from '../../../src/core/deploy/rootCause';
import type { ProgressView } from '../../../src/vscode/webviews/progress/protocol';
import { escapeHtml, html } from '../../../webview/progress/escape';
import { renderProgress } from '../../../webview/progress/render';

const XSS = '<img src=x onerror=alert(1)>';
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/lab/1';
const T0 = Date.parse('2026-11-23T10:00:00Z');

function view(events: Parameters<typeof toDeployEvent>[0][], outputs: { key: string; value: string; description?: string }[] = []): ProgressView {
  let state = initialProgress({ region: 'us-east-1', stackName: 'lab', stackId: STACK_ID, operation: 'create', startedAt: T0, expected: [{ logicalId: 'Server', type: 'AWS::EC2::Instance', waitsForSignal: true }] });
  state = progressReducer(state, { type: 'events', events: events.map((e) => toDeployEvent(e, STACK_ID)) });
  state = progressReducer(state, { type: 'outputs', outputs });
  state = progressReducer(state, { type: 'bootLog', tail: { logicalId: 'Server', instanceId: 'i-1', lines: [`</pre>${XSS}`], fetchedAt: T0 } });
  const cause = rootCause(state);
  return {
    target: { region: 'us-east-1', stackId: STACK_ID, stackName: 'lab', operation: 'create', kind: 'mde' },
    state, now: T0 + 60_000, percent: percentComplete(state), outcome: outcome(state), ...(cause ? { rootCause: cause } : {}),
    leftBehind: leftBehind(state), stackConsoleUrl: 'https://console.example/"onmouseover="x', resourceUrls: { Server: 'https://console.example/i-1' },
    canCancel: true, outputActions: {},
  };
}

function ev(logicalId: string, status: string, at: number, reason?: string) {
  return {
    StackId: STACK_ID, EventId: `${logicalId}-${status}-${at}`, StackName: 'lab', LogicalResourceId: logicalId,
    PhysicalResourceId: logicalId === 'lab' ? STACK_ID : 'i-1', ResourceType: logicalId === 'lab' ? 'AWS::CloudFormation::Stack' : 'AWS::EC2::Instance',
    Timestamp: new Date(at), ResourceStatus: status as never, ...(reason ? { ResourceStatusReason: reason } : {}),
  };
}

/** Every tag the rendered markup opens; AWS text must never add one. */
function tagsOf(markup: string): Set<string> {
  return new Set([...markup.matchAll(/<([a-z][a-z0-9-]*)/gi)].map((m) => (m[1] ?? '').toLowerCase()));
}

describe('progress webview rendering', () => {
  it('renders a ResourceStatusReason with markup as text, everywhere it appears', () => {
    const markup = renderProgress(
      view([ev('lab', 'CREATE_IN_PROGRESS', T0, 'User Initiated'), ev('Server', 'CREATE_FAILED', T0 + 1000, XSS), ev('lab', 'ROLLBACK_IN_PROGRESS', T0 + 2000, XSS)]),
    );
    assert.ok(!tagsOf(markup).has('img'), 'no <img> element');
    assert.ok(!tagsOf(markup).has('script'));
    // Root cause, resource row, event log and the boot log all carry the escaped text.
    const escaped = '&#60;img src=x onerror=alert(1)&#62;';
    assert.ok(markup.split(escaped).length - 1 >= 3, markup);
    assert.match(markup, /Root cause/);
  });

  it('escapes attribute values and output values', () => {
    const markup = renderProgress(view([ev('lab', 'CREATE_COMPLETE', T0)], [{ key: 'Web"Url', value: 'javascript:alert(1)//<b>', description: XSS }]));
    assert.ok(!markup.includes('"onmouseover="'), 'quotes in URLs cannot break out of attributes');
    assert.match(markup, /data-key="Web&#34;Url"/);
    assert.match(markup, /<code>javascript:alert\(1\)\/\/&#60;b&#62;<\/code>/);
    assert.ok(!tagsOf(markup).has('b'));
    assert.match(markup, /data-output-action="copy"/);
  });

  it('escapes every interpolated value unless it is already safe', () => {
    assert.equal(escapeHtml(`<a href='x'>&"\``), '&#60;a href=&#39;x&#39;&#62;&#38;&#34;&#96;');
    assert.equal(html`<p>${'<b>'}${html`<i>${'&'}</i>`}${['<', html`<br>`]}</p>`.text, '<p>&#60;b&#62;<i>&#38;</i>&#60;<br></p>');
  });
});
