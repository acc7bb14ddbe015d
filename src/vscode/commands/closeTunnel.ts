import * as vscode from 'vscode';
import { setTunnelContext } from '../paletteContext';
import type { Services } from '../services';
import { required } from '../userCancelled';

/** Lists the open tunnels and closes the chosen ones. */
export async function closeTunnel(services: Services): Promise<void> {
  const registry = services.tunnels();
  const open = registry.list();
  if (open.length === 0) {
    setTunnelContext(0);
    void vscode.window.showInformationMessage('No SSH tunnels are open.');
    return;
  }
  const picked = required(
    await vscode.window.showQuickPick(
      open.map((t) => ({
        label: t.url,
        description: `→ ${t.label ?? `${t.remoteHost}:${t.remotePort}`}${registry.isSuspended(t.id) ? ' · closed while its instance is stopped; reopens when it starts' : ''}`,
        id: t.id,
      })),
      { canPickMany: true, placeHolder: 'Tunnels to close' },
    ),
  );
  for (const p of picked) await registry.close(p.id);
  setTunnelContext(registry.list().length);
  services.output.info(`Closed tunnels: ${picked.map((p) => p.label).join(', ')}`);
}
