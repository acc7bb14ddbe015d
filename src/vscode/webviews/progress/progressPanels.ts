import type * as vscode from 'vscode';
import { targetKey } from '../../deploy/operationOf';
import type { ProgressTarget } from './protocol';

/** What the registry needs of an open panel. */
export interface OpenPanel extends vscode.Disposable {
  readonly target: ProgressTarget;
  readonly visible: boolean;
  reveal(): void;
}

/**
 * The window's progress panels, one per stack. Owned by Services; cheap to create (a panel and
 * the code behind it load only when one is shown).
 */
export class ProgressPanels implements vscode.Disposable {
  private readonly open = new Map<string, OpenPanel>();

  find(region: string, stackId: string): OpenPanel | undefined {
    return this.open.get(targetKey(region, stackId));
  }

  add(panel: OpenPanel): void {
    this.open.set(targetKey(panel.target.region, panel.target.stackId), panel);
  }

  remove(panel: OpenPanel): void {
    const key = targetKey(panel.target.region, panel.target.stackId);
    if (this.open.get(key) === panel) this.open.delete(key);
  }

  /** True when the stack's panel is on screen (a notification need not offer to show it). */
  isVisible(target: Pick<ProgressTarget, 'region' | 'stackId'>): boolean {
    return this.find(target.region, target.stackId)?.visible === true;
  }

  dispose(): void {
    for (const p of [...this.open.values()]) p.dispose();
    this.open.clear();
  }
}
