import * as vscode from 'vscode';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { ProgressState } from '../../../core/deploy/progressTypes';
import { outcome } from '../../../core/deploy/progressSelectors';
import { toStackInfo } from '../../../core/stacks/stackInfo';
import { CommandIds } from '../../commandIds';
import type { Deployments, FollowOptions } from '../../deploy/deployments';
import { targetKey } from '../../deploy/operationOf';
import type { Services } from '../../services';
import { newNonce, progressHtml } from './progressHtml';
import { isWebUrl, toProgressView, type OutputCommands } from './progressView';
import { isPageMessage, PROGRESS_VIEW_TYPE, type HostMessage, type PageMessage, type ProgressTarget } from './protocol';

/** One panel per stack operation, revealed instead of duplicated; restored after a reload. */
export class ProgressPanel {
  private static readonly panels = new Map<string, ProgressPanel>();
  private state: ProgressState | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private available: OutputCommands = { ssh: false, sendDicom: false };

  static show(services: Services, deployments: Deployments, target: ProgressTarget, options: FollowOptions = {}): void {
    const existing = ProgressPanel.panels.get(targetKey(target.region, target.stackId));
    if (existing) {
      const latest = deployments.latest(existing.target);
      // The same running operation: show it. A new operation on the stack gets a fresh panel.
      if (existing.target.operation === target.operation && (!latest || outcome(latest) === 'running')) {
        existing.panel.reveal();
        return;
      }
      existing.panel.dispose();
    }
    const panel = vscode.window.createWebviewPanel(PROGRESS_VIEW_TYPE, `Deploy: ${target.stackName}`, vscode.ViewColumn.Active, ProgressPanel.options(services));
    new ProgressPanel(services, deployments, panel, target, options);
  }

  /** Called by the serializer after a reload: the panel follows the live state from AWS again. */
  static revive(services: Services, deployments: Deployments, panel: vscode.WebviewPanel, saved: unknown): void {
    const target = (saved as { view?: { target?: ProgressTarget } } | undefined)?.view?.target;
    if (!target || typeof target.region !== 'string' || typeof target.stackId !== 'string' || typeof target.stackName !== 'string') {
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
    private readonly target: ProgressTarget,
    options: FollowOptions,
  ) {
    const key = targetKey(target.region, target.stackId);
    ProgressPanel.panels.set(key, this);
    panel.title = `${target.operation === 'delete' ? 'Delete' : target.operation === 'update' ? 'Update' : 'Deploy'}: ${target.stackName}`;
    const webview = panel.webview;
    webview.html = progressHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(services.context.extensionUri, 'dist', 'webview', 'progress.js')).toString(),
      title: panel.title,
    });
    void vscode.commands.getCommands(true).then((all) => {
      this.available = { ssh: all.includes(CommandIds.openSshTerminal), sendDicom: all.includes(CommandIds.sendDicom) };
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      deployments.subscribe(target, (s) => this.post(s), options),
      panel.onDidDispose(() => {
        ProgressPanel.panels.delete(key);
        for (const d of this.disposables) d.dispose();
      }),
    );
    // Elapsed time and ETA move between events.
    const ticker = setInterval(() => this.state && outcome(this.state) === 'running' && panel.visible && this.post(this.state), 1000);
    this.disposables.push(new vscode.Disposable(() => clearInterval(ticker)));
  }

  private post(state: ProgressState): void {
    this.state = state;
    if (!this.ready) return;
    const message: HostMessage = { type: 'view', view: toProgressView(this.target, state, Date.now(), this.available) };
    void this.panel.webview.postMessage(message);
  }

  private async onMessage(raw: unknown): Promise<void> {
    if (!isPageMessage(raw)) return;
    const m: PageMessage = raw;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.state) this.post(this.state);
        return;
      case 'cancel':
        await vscode.commands.executeCommand(CommandIds.cancelDeployment, this.target);
        return;
      case 'openUrl':
        // Only web links: an output value such as javascript: or file: is never opened.
        if (isWebUrl(m.url)) await vscode.env.openExternal(vscode.Uri.parse(m.url, true));
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(m.text);
        return;
      case 'outputAction':
        return this.outputAction(m.action, m.key);
    }
  }

  private async outputAction(action: string, key: string): Promise<void> {
    const output = this.state?.outputs.find((o) => o.key === key);
    if (!output) return;
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
