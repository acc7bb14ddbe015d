import * as vscode from 'vscode';
import { costSummary, ESTIMATE_NOTE, lineText } from '../../core/billing/costText';
import { CommandIds } from '../commandIds';
import type { CostMonitor } from './costMonitor';

/** The tooltip: one block per stack (its figure, then its lines), every AWS string as plain text. */
function tooltipOf(monitor: CostMonitor): vscode.MarkdownString {
  const tip = new vscode.MarkdownString(undefined, false);
  tip.supportHtml = false;
  tip.appendMarkdown('**Imaging Lab: what the listed stacks cost now (estimate)**\n\n');
  for (const cost of monitor.costs()) {
    tip.appendText(`${cost.stackName} (${cost.region}): ${costSummary([cost])}`).appendMarkdown('\n\n');
    for (const line of cost.lines) tip.appendMarkdown('- ').appendText(lineText(line)).appendMarkdown('\n');
    tip.appendMarkdown('\n');
    if (cost.notCounted.length > 0) tip.appendMarkdown('_').appendText(`Billed by use, not in the figure: ${cost.notCounted.join(', ')}.`).appendMarkdown('_\n\n');
  }
  for (const failure of monitor.failures()) tip.appendText(`${failure.stackName}: no figure (${failure.error})`).appendMarkdown('\n\n');
  tip.appendText(ESTIMATE_NOTE).appendMarkdown('\n\nClick to compute again.');
  return tip;
}

/** `≈ $1.42/h` in the status bar: the total of the listed regions, with the lines in its tooltip. */
export function createCostStatusBar(monitor: CostMonitor): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('imagingLab.costs', vscode.StatusBarAlignment.Left, 49);
  item.name = 'Imaging Lab: running cost';
  item.command = CommandIds.refreshCosts;
  const render = () => {
    const costs = monitor.costs();
    if (costs.length === 0 && monitor.failures().length === 0) {
      item.hide();
      return;
    }
    item.text = `$(credit-card) ${costSummary(costs)}${monitor.busy ? ' $(sync~spin)' : ''}`;
    item.tooltip = tooltipOf(monitor);
    item.accessibilityInformation = { label: `Imaging Lab running cost estimate ${costSummary(costs)} per hour` };
    item.show();
  };
  const subscription = monitor.onDidChange(render);
  render();
  return vscode.Disposable.from(item, subscription);
}

