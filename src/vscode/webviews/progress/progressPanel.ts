import * as vscode from 'vscode';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { ProgressState } from '../../../core/deploy/progressTypes';
import { outcome } from '../../../core/deploy/progressSelectors';
import { toStackInfo } from '../../../core/stacks/stackInfo';
import { CommandIds } from '../../commandIds';
import type { Deployments, FollowOptions } from '../../deploy/deployments';
import type { Services } from '../../services';
import { diffViews } from './panelPatch';
import { newNonce, progressHtml } from './progressHtml';
import { isWebUrl, toPanelView, viewUrls } from './progressView';
import { markWalkthroughStep } from '../../walkthrough/walkthrough';
import { isPageMessage, PROGRESS_VIEW_TYPE, type HostMessage, type OutputAction, type PanelView, type ProgressTarget } from './protocol';

function titleOf(target: ProgressTarget): string {
  return `${target.operation === 'delete' ? 'Delete' : target.operation === 'update' ? 'Update' : 'Deploy'}: ${target.stackName}`;
}

/**
 * One panel per stack operation, revealed instead of duplicated; restored after a reload. The page
 * gets one whole view when it (re)loads, then only what changed (no timer: it runs its own clock).
 */
export class ProgressPanel implements vscode.Disposable {
  private state: ProgressState | undefined;
  /** What the page shows now; undefined until it said it is ready (or after it was hidden). */
  private shown: PanelView | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  static show(services: Services, deployments: Deployments, target: ProgressTarget, options: FollowOptions = {}): void {
    const existing = services.progressPanels().find(target.region, target.stackId);
    if (existing) {
      const latest = deployments.latest(existing.target);
      // The same running operation: show it. A new operation on the stack gets a fresh panel.
      if (existing.target.operation === target.operation && (!latest || outcome(latest) === 'running')) {
        existing.reveal();
        return;
      }
      existing.dispose();
    }
    const panel = vscode.window.createWebviewPanel(PROGRESS_VIEW_TYPE, titleOf(target), vscode.ViewColumn.Active, ProgressPanel.options(services));
    new ProgressPanel(services, deployments, panel, target, options);
  }

  /** Called by the serializer after a reload: the panel follows the live state from AWS again. */
  static revive(services: Services, deployments: Deployments, panel: vscode.WebviewPanel, saved: unknown): void {
    // Saved by the page: { target, view } (earlier versions saved { view: { target } }).
    const kept = saved as { target?: ProgressTarget; view?: { target?: ProgressTarget } } | undefined;
    const target = kept?.target ?? kept?.view?.target;
    if (!target || typeof target.region !== 'string' || typeof target.stackId !== 'string' || typeof target.stackName !== 'string' || !['create', 'update', 'delete'].includes(target.operation)) {
      panel.dispose();
      return;
    }
    panel.webview.options = ProgressPanel.options(services);
    new ProgressPanel(services, deployments, panel, target, {});
  }

  private static options(services: Services): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, enableFindWidget: true, localResourceRoots: [vscode.Uri.joinPath(services.context.extensionUri, 'dist', 'webview')] };
  }

  private constructor(
    private readonly services: Services,
    deployments: Deployments,
    private readonly panel: vscode.WebviewPanel,
    readonly target: ProgressTarget,
    options: FollowOptions,
  ) {
    services.progressPanels().add(this);
    // A create this window started (the deploy flows ask to be notified): the walkthrough's deploy step.
    if (target.operation === 'create' && options.notify === true) markWalkthroughStep(services.context, 'deployed');
    panel.title = titleOf(target);
    const webview = panel.webview;
    webview.html = progressHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(services.context.extensionUri, 'dist', 'webview', 'progress.js')).toString(),
      title: panel.title,
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      deployments.subscribe(target, (s) => this.post(s), options),
      panel.onDidDispose(() => {
        services.progressPanels().remove(this);
        for (const d of this.disposables) d.dispose();
      }),
    );
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    this.panel.dispose();
  }

  private post(state: ProgressState): void {
    this.state = state;
    if (!this.ready) return;
    const view = toPanelView(this.target, state, Date.now());
    // A hidden page is unloaded and loses what it is sent: it gets a whole view when it is back.
    if (!this.panel.visible) {
      this.ready = false;
      this.shown = undefined;
      return;
    }
    const patch = this.shown ? diffViews(this.shown, view) : undefined;
    const message: HostMessage | undefined = !this.shown ? { type: 'view', view } : patch ? { type: 'patch', patch } : undefined;
    this.shown = view;
    if (message) void this.panel.webview.postMessage(message);
  }

  private async onMessage(raw: unknown): Promise<void> {
    if (!isPageMessage(raw)) return;
    switch (raw.type) {
      case 'ready':
        markWalkthroughStep(this.services.context, 'progressWatched');
        this.ready = true;
        this.shown = undefined;
        if (this.state) this.post(this.state);
        return;
      case 'cancel':
        await vscode.commands.executeCommand(CommandIds.cancelDeployment, this.target);
        return;
      case 'openUrl':
        // Only links the host itself put into the page (console links), never a value from it.
        if (this.shown && viewUrls(this.shown).has(raw.url) && isWebUrl(raw.url)) await vscode.env.openExternal(vscode.Uri.parse(raw.url, true));
        return;
      case 'outputAction':
        return this.outputAction(raw.action, raw.key);
    }
  }

  private async outputAction(action: OutputAction, key: string): Promise<void> {
    const output = this.state?.outputs.find((o) => o.key === key);
    // Only an action the host offered for that output (its button), never one the page made up.
    if (!output || !this.shown?.outputs.some((o) => o.key === key && o.actions.includes(action))) return;
    if (action === 'copy') {
      await vscode.env.clipboard.writeText(output.value);
      void vscode.window.setStatusBarMessage(`Copied ${key}`, 3000);
    } else if (action === 'open' && isWebUrl(output.value)) {
      await vscode.env.openExternal(vscode.Uri.parse(output.value, true));
    } else if (action === 'ssh' || action === 'sendDicom') {
      // The other features take a tree-like node carrying the stack.
      const cfn = await this.services.session.session.clients.cloudFormation(this.target.region);
      const stack = (await cfn.send(new DescribeStacksCommand({ StackName: this.target.stackId }))).Stacks?.[0];
      if (!stack) return;
      const node = { stack: toStackInfo(stack, this.target.region) };
      await vscode.commands.executeCommand(action === 'ssh' ? CommandIds.openSshTerminal : CommandIds.sendDicom, node);
    }
  }
}
