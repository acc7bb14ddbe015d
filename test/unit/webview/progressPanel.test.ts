import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { toDeployEvent } from '../../../src/core/deploy/deployEvent';
import { initialProgress, progressReducer } from '../../../src/core/deploy/progressReducer';
import type { ProgressState } from '../../../src/core/deploy/progressTypes';
import type { Deployments } from '../../../src/vscode/deploy/deployments';
import type { Services } from '../../../src/vscode/services';
import { ProgressPanels } from '../../../src/vscode/webviews/progress/progressPanels';
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
  let services: Services;

  const deployments = {
    latest: () => undefined,
    subscribe: (_t: ProgressTarget, l: (s: ProgressState) => void) => ((listener = l), new vscode.Disposable(() => (listener = undefined))),
  } as unknown as Deployments;
  const start = () => initialProgress({ region: 'us-east-1', stackName: 'lab', stackId: STACK_ID, operation: 'create', startedAt: 0, expected: [] });

  before(() => {
    completeVscodeStub();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stub is completed
    ProgressPanel = (require('../../../src/vscode/webviews/progress/progressPanel') as typeof import('../../../src/vscode/webviews/progress/progressPanel')).ProgressPanel;
  });
  let panelRegistry: ProgressPanels;
  beforeEach(() => {
    panelRegistry = new ProgressPanels();
    panels = [];
    opened = [];
    executed = [];
    services = { context: { extensionUri: vscode.Uri.file('/ext') }, session: { session: {} }, progressPanels: () => panelRegistry } as unknown as Services;
    win.createWebviewPanel = () => panels[panels.push(fakePanel()) - 1];
    cmds.getCommands = async () => assert.fail('the panel knows its own extension’s commands; it does not ask VS Code for them');
    cmds.executeCommand = async (...args: unknown[]) => void executed.push(args);
    env.openExternal = async (u: { toString(): string }) => (opened.push(u.toString()), true);
  });
  afterEach(() => {
    services.progressPanels().dispose();
    Object.assign(win, saved.win);
    Object.assign(cmds, saved.cmds);
    Object.assign(env, saved.env);
  });

  it('posts the whole view once the page is ready, then only changes, and no timer ticks', async () => {
    ProgressPanel.show(services, deployments, TARGET);
    const panel = panels[0];
    assert.ok(panel);
    assert.match(panel.webview.html, /default-src 'none'/);
    assert.match(panel.webview.html, /\/ext\/dist\/webview\/progress\.js/);
    let state = start();
    listener?.(state);
    assert.equal(panel.posted.length, 0, 'nothing is posted before the page says it is ready');
    await panel.send({ type: 'ready' });
    assert.equal(panel.posted[0]?.type, 'view');
    assert.equal(panel.view()?.header.target.stackName, 'lab');
    assert.equal(panel.title, 'Deploy: lab');
    const ev = toDeployEvent({ StackId: STACK_ID, StackName: 'lab', EventId: 'e1', LogicalResourceId: 'Bucket', PhysicalResourceId: 'b-1', ResourceType: 'AWS::S3::Bucket', Timestamp: new Date(5000), ResourceStatus: 'CREATE_IN_PROGRESS' }, STACK_ID);
    state = progressReducer(state, { type: 'events', events: [ev] });
    listener?.(state);
    const second = panel.posted[1];
    assert.equal(second?.type, 'patch');
    assert.deepEqual(second?.type === 'patch' ? Object.keys(second.patch).sort() : [], ['header', 'log', 'resources', 'timeline']);
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(panel.posted.length, 2, 'the page runs its own clock: nothing is posted between events');
    // Reloaded (or hidden and shown again), the page asks again and gets the whole view.
    await panel.send({ type: 'ready' });
    assert.equal(panel.posted[2]?.type, 'view');
    assert.deepEqual(panel.view()?.resources.map((r) => r.logicalId), ['Bucket']);
  });

  it('opens only links it put into the page, hands Cancel to the command, acts on outputs by key, ignores anything else', async () => {
    ProgressPanel.show(services, deployments, TARGET);
    const panel = panels[0];
    assert.ok(panel);
    let state = start();
    state = progressReducer(state, { type: 'outputs', outputs: [{ key: 'WebUrl', value: 'https://127.0.0.1' }, { key: 'Evil', value: 'command:workbench.action.terminal.new' }] });
    listener?.(state);
    await panel.send({ type: 'ready' });
    const consoleUrl = panel.view()?.header.stackConsoleUrl ?? '';
    await panel.send({ type: 'openUrl', url: 'javascript:alert(1)' });
    await panel.send({ type: 'openUrl', url: 'file:///etc/passwd' });
    await panel.send({ type: 'openUrl', url: 'https://127.0.0.1:9/phish' });
    await panel.send({ type: 'outputAction', action: 'open', key: 'Evil' });
    await panel.send({ type: 'outputAction', action: 'open', key: 'WebUrl' });
    // An action the host did not offer for that output (no SSH button on WebUrl) does nothing.
    await panel.send({ type: 'outputAction', action: 'ssh', key: 'WebUrl' });
    await panel.send({ type: 'outputAction', action: 'sendDicom', key: 'Evil' });
    await panel.send({ type: 'openUrl', url: consoleUrl });
    assert.deepEqual(opened, ['https://127.0.0.1', consoleUrl]);
    await panel.send({ type: 'cancel' });
    await panel.send({ type: 'runShell', command: 'rm -rf /' });
    await panel.send({ type: 'cancel', stackId: 'arn:another' });
    assert.deepEqual(executed.filter((c) => c[0] !== 'setContext'), [['imagingLab.cancelDeployment', TARGET]]);
    assert.deepEqual(executed.find((c) => c[0] === 'setContext'), ['setContext', 'imagingLab.walkthrough.progressWatched', true], 'the walkthrough step "watch it come up" is done');
  });

  it('reveals instead of duplicating, knows when it is visible, and drops a restored panel whose saved state is not a target', () => {
    ProgressPanel.show(services, deployments, TARGET);
    ProgressPanel.show(services, deployments, TARGET);
    assert.equal(panels.length, 1);
    assert.equal(services.progressPanels().isVisible(TARGET), true);
    const restored = fakePanel();
    ProgressPanel.revive(services, deployments, restored as unknown as vscode.WebviewPanel, { target: { region: 1 } });
    assert.equal(restored.disposed, true);
    const good = fakePanel();
    ProgressPanel.revive(services, deployments, good as unknown as vscode.WebviewPanel, { target: { ...TARGET, stackId: `${STACK_ID}-2` } });
    assert.equal(good.disposed, false);
    assert.match(good.webview.html, /Content-Security-Policy/);
    panels[0]?.dispose();
    assert.equal(services.progressPanels().isVisible(TARGET), false);
  });
});
