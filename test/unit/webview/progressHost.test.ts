import assert from 'node:assert/strict';
import { toDeployEvent } from '../../../src/core/deploy/deployEvent';
import { initialProgress, progressReducer } from '../../../src/core/deploy/progressReducer';
import { newNonce, progressHtml } from '../../../src/vscode/webviews/progress/progressHtml';
import { isWebUrl, signalWaitFor, toProgressView } from '../../../src/vscode/webviews/progress/progressView';
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
  });

  it('derives the view: percent, ETA, cancel only while creating, actions per output', () => {
    let state = initialProgress({ region: 'eu-west-1', stackName: 'lab', stackId: STACK_ID, operation: 'create', startedAt: 0, expected: [{ logicalId: 'Server', type: 'AWS::EC2::Instance', waitsForSignal: false }] });
    const ev = (status: string, logicalId = 'lab', physical = STACK_ID) =>
      toDeployEvent({ StackId: STACK_ID, EventId: `${logicalId}${status}`, StackName: 'lab', LogicalResourceId: logicalId, PhysicalResourceId: physical, ResourceType: logicalId === 'lab' ? 'AWS::CloudFormation::Stack' : 'AWS::EC2::Instance', Timestamp: new Date(1000), ResourceStatus: status as never }, STACK_ID);
    state = progressReducer(state, { type: 'events', events: [ev('CREATE_IN_PROGRESS'), ev('CREATE_IN_PROGRESS', 'Server', 'i-0abc')] });
    const available = { ssh: true, sendDicom: false };
    let view = toProgressView(TARGET, state, 5000, available);
    assert.equal(view.canCancel, true);
    assert.equal(view.percent, 0);
    assert.ok((view.etaSeconds ?? 0) > 0);
    assert.equal(view.resourceUrls.Server, 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#InstanceDetails:instanceId=i-0abc');
    assert.equal(toProgressView({ ...TARGET, operation: 'delete' }, state, 5000, available).canCancel, false);
    state = progressReducer(state, { type: 'events', events: [ev('CREATE_COMPLETE', 'Server', 'i-0abc'), ev('CREATE_COMPLETE')] });
    state = progressReducer(state, {
      type: 'outputs',
      outputs: [{ key: 'WebUrl', value: 'https://10.0.0.1:8042' }, { key: 'SshHost', value: '10.0.0.1' }, { key: 'Evil', value: 'javascript:alert(1)' }],
    });
    view = toProgressView(TARGET, state, 9000, available);
    assert.equal(view.canCancel, false);
    assert.equal(view.percent, 100);
    assert.deepEqual(view.outputActions, { WebUrl: ['copy', 'open'], SshHost: ['copy', 'ssh'], Evil: ['copy'] });
  });

  it('expects a kind instance to signal after most of the kind typical deploy time', () => {
    assert.equal(signalWaitFor('mde'), 20 * 60 - 300);
    assert.equal(signalWaitFor(undefined), undefined);
    assert.equal(signalWaitFor('other'), undefined);
  });

  it('only opens web links and accepts only known page messages', () => {
    assert.equal(isWebUrl('https://console.aws.amazon.com/x'), true);
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'command:workbench.action.terminal.new', 'https://a b']) assert.equal(isWebUrl(bad), false, bad);
    assert.equal(isPageMessage({ type: 'cancel' }), true);
    assert.equal(isPageMessage({ type: 'runShell' }), false);
    assert.equal(isPageMessage(null), false);
  });
});
