import * as vscode from 'vscode';
import { recordOf } from '../../core/kinds/kinds';
import { visibleParameterValues, type StackInfo } from '../../core/stacks/stackInfo';

/** Scheme of the URIs that carry a stack node's costly parts to the decoration provider. */
export const COSTLY_PARTS_SCHEME = 'imaging-lab-costly';

/**
 * The costly optional parts a stack runs (the lab's NAT gateway, Client VPN), from its kind record
 * and its unmasked parameter values; none for a stack being deleted or gone.
 */
export function runningCostlyParts(stack: StackInfo): readonly string[] {
  if (stack.status.startsWith('DELETE_')) return [];
  return recordOf(stack.kind)?.costlyPartsOn?.(visibleParameterValues(stack)) ?? [];
}

/**
 * The resource URI that gives a stack node its warning badge, or undefined when nothing costly
 * runs. The part names travel in the query, so the provider keeps no state of its own.
 */
export function costlyPartsUri(stack: StackInfo): vscode.Uri | undefined {
  const parts = runningCostlyParts(stack);
  if (parts.length === 0) return undefined;
  return vscode.Uri.from({ scheme: COSTLY_PARTS_SCHEME, path: `/${stack.region}/${stack.stackName}`, query: new URLSearchParams({ parts: parts.join('\n') }).toString() });
}

/** The badge: "$" in the warning colour, the running parts in its tooltip. */
export function costlyPartsDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
  if (uri.scheme !== COSTLY_PARTS_SCHEME) return undefined;
  const parts = (new URLSearchParams(uri.query).get('parts') ?? '').split('\n').filter(Boolean);
  if (parts.length === 0) return undefined;
  return new vscode.FileDecoration('$', `Billed by the hour while on: ${parts.join(', ')}`, new vscode.ThemeColor('list.warningForeground'));
}

export function registerCostlyPartsBadge(): vscode.Disposable {
  return vscode.window.registerFileDecorationProvider({ provideFileDecoration: costlyPartsDecoration });
}
