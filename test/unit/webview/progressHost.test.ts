import assert from 'node:assert/strict';
import { ORTHANC_KIND } from '../../../src/core/kinds/orthanc/orthancKind';
import { toDeployEvent } from '../../../src/core/deploy/deployEvent';
import { initialProgress, progressReducer } from '../../../src/core/deploy/progressReducer';
import { newNonce, progressHtml } from '../../../src/vscode/webviews/progress/progressHtml';
import { isWebUrl, signalWaitFor, toPanelView, typicalTotalFor, viewUrls } from '../../../src/vscode/webviews/progress/progressView';
import { isPageMessage, type ProgressTarget } from '../../../src/vscode/webviews/progress/protocol';

const STACK_ID = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/lab/1';
const TARGET: ProgressTarget = { region: 'eu-west-1', stackId: STACK_ID, stackName: 'lab', operation: 'create', kind: 'orthanc' };

describe('progress panel host', () => {
  it('serves a document with CSP default-src none and nonce-only script and style', () => {
    const nonce = newNonce();
    assert.match(nonce, /^[A-Za-z0-9]{16,}$/);
    const doc = progressHtml({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://x/dist/webview/progress.js', nonce, title: 'Deploy: <lab>' });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(doc)?.[1] ?? '';
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce}'(;|$)`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    const scripts = [...doc.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    assert.deepEqual(scripts, [` nonce="${nonce}" src="https://x/dist/webview/progress.js"`]);
    assert.match(doc, new RegExp(`<style nonce="${nonce}">`));
    assert.match(doc, /<title>Deploy: &#60;lab&#62;<\/title>/);
    assert.match(doc, /var\(--vscode-foreground\)/, 'theme colours');
    assert.doesNotMatch(doc.replace(/<style[^]*<\/style>/, ''), /#[0-9a-f]{3,6}\b/i, 'no fixed colours outside the theme tokens');
  });

  it('derives the view: percent, ETA from the wizard estimate, cancel only while creating, actions per output, timeline bars', () => {
    let state = initialProgress({ region: 'eu-west-1', stackName: 'lab', stackId: STACK_ID, operation: 'create', startedAt: 0, expected: [{ logicalId: 'Server', type: 'AWS::EC2::Instance', waitsForSignal: false }] });
    const ev = (status: string, logicalId = 'lab', physical = STACK_ID, at = 1000) =>
      toDeployEvent({ StackId: STACK_ID, EventId: `${logicalId}${status}`, StackName: 'lab', LogicalResourceId: logicalId, PhysicalResourceId: physical, ResourceType: logicalId === 'lab' ? 'AWS::CloudFormation::Stack' : 'AWS::EC2::Instance', Timestamp: new Date(at), ResourceStatus: status as never, ...(logicalId === 'lab' && status === 'CREATE_IN_PROGRESS' ? { ResourceStatusReason: 'User Initiated' } : {}) }, STACK_ID);
    state = progressReducer(state, { type: 'events', events: [ev('CREATE_IN_PROGRESS'), ev('CREATE_IN_PROGRESS', 'Server', 'i-0abc')] });
    let view = toPanelView(TARGET, state, 1000);
    assert.equal(view.header.canCancel, true);
    assert.equal(view.header.percent, 0);
    assert.equal(view.header.etaSeconds, ORTHANC_KIND.typicalDeployMinutes * 60, "the Orthanc wizard's estimate: so does the panel before anything finished");
    assert.equal(view.header.startedAt, 1000);
    assert.equal(view.resources[0]?.consoleUrl, 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#InstanceDetails:instanceId=i-0abc');
    assert.equal(view.resources[0]?.bar?.outcome, 'running');
    assert.ok(viewUrls(view).has(view.resources[0]?.consoleUrl ?? ''));
    assert.equal(toPanelView({ ...TARGET, operation: 'delete' }, state, 5000).header.canCancel, false);
    state = progressReducer(state, { type: 'events', events: [ev('CREATE_COMPLETE', 'Server', 'i-0abc', 9000), ev('CREATE_COMPLETE', 'lab', STACK_ID, 9500)] });
    state = progressReducer(state, {
      type: 'outputs',
      outputs: [{ key: 'WebUrl', value: 'https://127.0.0.1:8042' }, { key: 'SshHost', value: '127.0.0.1' }, { key: 'DicomWebUrl', value: 'https://127.0.0.1/dicom-web' }, { key: 'Evil', value: 'javascript:alert(1)' }],
    });
    view = toPanelView(TARGET, state, 99_000);
    assert.equal(view.header.canCancel, false);
    assert.equal(view.header.percent, 100);
    assert.equal((view.header.finishedAt ?? 0) - view.header.startedAt, 8500, 'a finished operation shows its real duration');
    assert.equal(view.header.etaSeconds, undefined);
    assert.deepEqual(Object.fromEntries(view.outputs.map((o) => [o.key, o.actions])), { WebUrl: ['copy', 'open'], SshHost: ['copy', 'ssh'], DicomWebUrl: ['copy', 'open', 'sendDicom'], Evil: ['copy'] });
    assert.deepEqual(view.timeline.criticalPath, ['Server']);
  });

  it('expects a kind instance to signal after most of the kind typical deploy time, and starts its create ETA at the typical time', () => {
    assert.equal(signalWaitFor('mde'), 20 * 60 - 300);
    assert.equal(signalWaitFor(undefined), undefined);
    assert.equal(signalWaitFor('other'), undefined);
    assert.equal(typicalTotalFor({ ...TARGET, kind: 'mde' }), 20 * 60);
    assert.equal(typicalTotalFor({ ...TARGET, kind: 'mde', operation: 'delete' }), undefined);
  });

  it('only opens web links', () => {
    assert.equal(isWebUrl('https://console.aws.amazon.com/x'), true);
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'command:workbench.action.terminal.new', 'https://a b']) assert.equal(isWebUrl(bad), false, bad);
  });

  it('checks every page message field by field, and accepts nothing else', () => {
    for (const good of [{ type: 'ready' }, { type: 'cancel' }, { type: 'openUrl', url: 'https://x' }, { type: 'outputAction', action: 'copy', key: 'WebUrl' }]) {
      assert.equal(isPageMessage(good), true, JSON.stringify(good));
    }
    const bad: unknown[] = [
      null, 'ready', [], { type: 'runShell' }, { type: 'copy', text: 'x' },
      { type: 'cancel', stackId: 'arn:other' },
      { type: 'openUrl' }, { type: 'openUrl', url: 42 }, { type: 'openUrl', url: '' }, { type: 'openUrl', url: 'x'.repeat(5000) }, { type: 'openUrl', url: 'https://x', extra: 1 },
      { type: 'outputAction', action: 'rm', key: 'WebUrl' }, { type: 'outputAction', action: 'copy' }, { type: 'outputAction', action: 'copy', key: { toString: () => 'WebUrl' } },
      { type: 'outputAction', action: 'copy', key: 'WebUrl', then: 'x' }, { type: 'ready', __proto__: { x: 1 }, constructor: 1 },
    ];
    for (const m of bad) assert.equal(isPageMessage(m), false, JSON.stringify(m));
  });
});
