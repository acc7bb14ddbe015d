import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { initialProgress, progressReducer } from '../../../src/core/deploy/progressReducer';
import type { ProgressState } from '../../../src/core/deploy/progressTypes';
import type { Deployments } from '../../../src/vscode/deploy/deployments';
import type { Services } from '../../../src/vscode/services';
import type { ProgressTarget } from '../../../src/vscode/webviews/progress/protocol';
import { completeVscodeStub } from './completeVscodeStub';
import { fakePanel } from './fakeWebviewPanel';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/lab/1';
const TARGET: ProgressTarget = { region: 'us-east-1', stackId: STACK_ID, stackName: 'lab', operation: 'create' };

describe('progress panel host (faked webview)', () => {
  const win = vscode.window as unknown as Record<string, unknown>;
  const cmds = vscode.commands as unknown as Record<string, unknown>;
  const env = vscode.env as unknown as Record<string, unknown>;
  const saved = { win: { ...win }, cmds: { ...cmds }, env: { ...env } };
  let ProgressPanel: typeof import('../../../src/vscode/webviews/progress/progressPanel').ProgressPanel;
  let panels: ReturnType<typeof fakePanel>[];
  let opened: string[];
  let executed: unknown[][];
  let listener: ((s: ProgressState) => void) | undefined;

  const services = { context: { extensionUri: vscode.Uri.file('/ext') }, session: { session: {} } } as unknown as Services;
  const deployments = {
    latest: () => undefined,
    subscribe: (_t: ProgressTarget, l: (s: ProgressState) => void) => ((listener = l), new vscode.Disposable(() => (listener = undefined))),
  } as unknown as Deployments;

  before(() => {
    completeVscodeStub();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stub is completed
    ProgressPanel = (require('../../../src/vscode/webviews/progress/progressPanel') as typeof import('../../../src/vscode/webviews/progress/progressPanel')).ProgressPanel;
  });
  beforeEach(() => {
    panels = [];
    opened = [];
    executed = [];
    win.createWebviewPanel = () => panels[panels.push(fakePanel()) - 1];
    cmds.getCommands = async () => ['imagingLab.openSshTerminal'];
    cmds.executeCommand = async (...args: unknown[]) => void executed.push(args);
    env.openExternal = async (u: { toString(): string }) => (opened.push(u.toString()), true);
  });
  afterEach(() => {
    for (const p of panels) if (!p.disposed) p.dispose();
    Object.assign(win, saved.win);
    Object.assign(cmds, saved.cmds);
    Object.assign(env, saved.env);
  });

  it('posts the view after the page is ready, with the stack console link', async () => {
    ProgressPanel.show(services, deployments, TARGET);
    const panel = panels[0];
    assert.ok(panel);
    assert.match(panel.webview.html, /default-src 'none'/);
    assert.match(panel.webview.html, /\/ext\/dist\/webview\/progress\.js/);
    const state = initialProgress({ region: 'us-east-1', stackName: 'lab', stackId: STACK_ID, operation: 'create', startedAt: 0, expected: [] });
    listener?.(state);
    assert.equal(panel.posted.length, 0, 'nothing is posted before the page says it is ready');
    await panel.send({ type: 'ready' });
    assert.equal(panel.posted[0]?.view.target.stackName, 'lab');
    assert.equal(panel.title, 'Deploy: lab');
  });

  it('opens only web links, hands Cancel to the command, and copies outputs by key', async () => {
    ProgressPanel.show(services, deployments, TARGET);
    const panel = panels[0];
    assert.ok(panel);
    let state = initialProgress({ region: 'us-east-1', stackName: 'lab', stackId: STACK_ID, operation: 'create', startedAt: 0, expected: [] });
    state = progressReducer(state, { type: 'outputs', outputs: [{ key: 'WebUrl', value: 'https://10.0.0.1' }, { key: 'Evil', value: 'command:workbench.action.terminal.new' }] });
    listener?.(state);
    await panel.send({ type: 'openUrl', url: 'javascript:alert(1)' });
    await panel.send({ type: 'openUrl', url: 'file:///etc/passwd' });
    await panel.send({ type: 'outputAction', action: 'open', key: 'Evil' });
    await panel.send({ type: 'outputAction', action: 'open', key: 'WebUrl' });
    await panel.send({ type: 'openUrl', url: 'https://console.aws.amazon.com/x' });
    assert.deepEqual(opened, ['https://10.0.0.1', 'https://console.aws.amazon.com/x']);
    await panel.send({ type: 'cancel' });
    await panel.send({ type: 'runShell', command: 'rm -rf /' });
    assert.deepEqual(executed, [['imagingLab.cancelDeployment', TARGET]]);
  });

  it('reveals instead of duplicating, and drops a restored panel whose saved state is not a target', () => {
    ProgressPanel.show(services, deployments, TARGET);
    ProgressPanel.show(services, deployments, TARGET);
    assert.equal(panels.length, 1);
    const restored = fakePanel();
    ProgressPanel.revive(services, deployments, restored as unknown as vscode.WebviewPanel, { view: { target: { region: 1 } } });
    assert.equal(restored.disposed, true);
    const good = fakePanel();
    ProgressPanel.revive(services, deployments, good as unknown as vscode.WebviewPanel, { view: { target: { ...TARGET, stackId: `${STACK_ID}-2` } } });
    assert.equal(good.disposed, false);
    assert.match(good.webview.html, /Content-Security-Policy/);
    good.dispose();
  });
});
