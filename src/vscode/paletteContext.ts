import * as vscode from 'vscode';
import type { Inventory } from '../core/stacks/inventoryModel';
import { ContextKeys } from './commandIds';
import { stackFlags } from './contextValues';

/**
 * Context keys that let the command palette offer a command only when it applies (package.json
 * `commandPalette` when clauses): Cancel Deployment with something to cancel, Close Tunnel with a
 * tunnel open, and so on. Each is set where its state changes.
 */
function set(key: string, value: boolean): void {
  void vscode.commands.executeCommand('setContext', key, value);
}

/** After each refresh of the Stacks view. */
export function setInventoryContext(inventory: Inventory): void {
  set(ContextKeys.stackInProgress, inventory.stacks.some((s) => /^(CREATE|UPDATE)_IN_PROGRESS$/.test(s.status)));
  set(ContextKeys.allowMyIpStack, inventory.stacks.some((s) => stackFlags(s).includes('allowMyIp')));
}

export function setDeploymentContext(running: number): void {
  set(ContextKeys.deploymentRunning, running > 0);
}

export function setTunnelContext(open: number): void {
  set(ContextKeys.tunnelOpen, open > 0);
}
