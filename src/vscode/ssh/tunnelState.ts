import type * as vscode from 'vscode';
import { TunnelRegistry } from '../../core/ssh/tunnels';

let registry: TunnelRegistry | undefined;

/** The window's tunnels; closed when the extension deactivates. */
export function tunnels(context: vscode.ExtensionContext): TunnelRegistry {
  if (!registry) {
    const created = new TunnelRegistry();
    registry = created;
    context.subscriptions.push({ dispose: () => void created.closeAll() });
  }
  return registry;
}
