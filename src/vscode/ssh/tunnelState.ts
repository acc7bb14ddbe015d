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

/** Well-known services of the kinds, offered first when opening a tunnel. */
export const KNOWN_TUNNEL_PORTS: readonly { port: number; label: string }[] = [
  { port: 8888, label: 'Jupyter' },
  { port: 8042, label: 'Orthanc' },
  { port: 8080, label: 'FileGator' },
  { port: 5000, label: 'MONAI Informatics Gateway' },
];
