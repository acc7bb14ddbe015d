import * as vscode from 'vscode';
import type { ProgressState } from '../../core/deploy/progressTypes';
import { percentComplete } from '../../core/deploy/progressSelectors';
import { CommandIds } from '../commandIds';
import { setDeploymentContext } from '../paletteContext';

/** What a screen reader says for the item: plain words, no icon syntax, no markdown. */
export function deploymentsLabel(running: readonly ProgressState[]): string {
  const paused = running.filter((s) => s.pollerState === 'paused-auth').length;
  const first = running[0];
  const what =
    running.length === 1 && first
      ? `Imaging Lab: deploying ${first.stackName} in ${first.region}, ${percentComplete(first)} percent of resources done`
      : `Imaging Lab: ${running.length} deployments running`;
  return `${what}${paused > 0 ? `; progress paused, credentials expired` : ''}. Activate to show the progress.`;
}

/** A spinner while any deployment runs; clicking it opens the progress of the (first) running one. */
export class DeployStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 40);

  constructor() {
    this.item.name = 'Imaging Lab deployments';
    this.item.command = CommandIds.showProgress;
  }

  update(running: readonly ProgressState[]): void {
    setDeploymentContext(running.length);
    const first = running[0];
    if (!first) {
      this.item.hide();
      return;
    }
    const paused = running.some((s) => s.pollerState === 'paused-auth');
    const icon = paused ? '$(warning)' : '$(sync~spin)';
    this.item.text = running.length === 1 ? `${icon} ${first.stackName} ${percentComplete(first)}%` : `${icon} ${running.length} deployments`;
    this.item.tooltip = running.map((s) => `${s.stackName} (${s.region}): ${s.stackStatus || 'starting'}${s.pollerState === 'paused-auth' ? ' — paused, credentials expired' : ''}`).join('\n');
    this.item.accessibilityInformation = { label: deploymentsLabel(running) };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
