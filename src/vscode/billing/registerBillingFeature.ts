import * as vscode from 'vscode';
import { costSummary } from '../../core/billing/costText';
import type { Services } from '../services';
import { createCostStatusBar } from './costStatusBar';
import { registerCostlyPartsBadge } from './costlyPartsBadge';

/**
 * Running costs in the window: the status bar total, each stack node's hourly figure, recomputed
 * after each refresh of the Stacks view (for stacks that need it) and redrawn as figures arrive.
 */
export function registerBillingFeature(services: Services): vscode.Disposable {
  const monitor = services.costs();
  services.stacksTree.costLabel = (stack) => {
    const cost = monitor.costOf(stack.stackId);
    return cost ? costSummary([cost]) : undefined;
  };
  return vscode.Disposable.from(
    createCostStatusBar(monitor),
    registerCostlyPartsBadge(),
    services.stacksTree.onDidLoad((inventory) => monitor.update(inventory.stacks)),
    monitor.onDidChange(() => services.stacksTree.redraw()),
  );
}
