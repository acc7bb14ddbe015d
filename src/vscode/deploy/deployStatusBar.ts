import * as vscode from 'vscode';
import type { ProgressState } from '../../core/deploy/progressTypes';
import { percentComplete } from '../../core/deploy/progressSelectors';
import { CommandIds } from '../commandIds';

/** A spinner while any deployment runs; clicking it opens the progress of the (first) running one. */
export class DeployStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 40);

  constructor() {
    this.item.name = 'Imaging Lab deployments';
    this.item.command = CommandIds.showProgress;
  }

  update(running: readonly ProgressState[]): void {
    const first = running[0];
    if (!first) {
      this.item.hide();
      return;
    }
    const paused = running.some((s) => s.pollerState === 'paused-auth');
    const icon = paused ? '$(warning)' : '$(sync~spin)';
    this.item.text = running.length === 1 ? `${icon} ${first.stackName} ${percentComplete(first)}%` : `${icon} ${running.length} deployments`;
    this.item.tooltip = running.map((s) => `${s.stackName} (${s.region}): ${s.stackStatus || 'starting'}${s.pollerState === 'paused-auth' ? ' — paused, credentials expired' : ''}`).join('\n');
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
