import * as vscode from 'vscode';
import { portDescription, tunnelPorts } from '../../core/kinds/tunnelPorts';
import { connectBuiltIn } from '../../core/ssh/sshAccess';
import { forwardLocal } from '../../core/ssh/tunnels';
import type { Services } from '../services';
import { resolveSshTarget, withSshProgress } from '../ssh/sshTarget';
import { withHostKeyPrompt } from '../ssh/withHostKeyPrompt';
import { required } from '../userCancelled';
import { setTunnelContext } from '../paletteContext';

/** The stack kind's services first (its record's tunnel ports), then any port. */
async function pickRemotePort(kind: string): Promise<number> {
  const other = { label: 'Other port…', port: 0 };
  const picked = required(
    await vscode.window.showQuickPick([...tunnelPorts(kind).map((p) => ({ label: String(p.port), description: portDescription(p), port: p.port })), other], {
      placeHolder: 'Remote port to forward (on the instance)',
    }),
  );
  if (picked.port !== 0) return picked.port;
  const text = required(
    await vscode.window.showInputBox({
      prompt: 'Remote TCP port',
      validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : 'A port number from 1 to 65535'),
    }),
  );
  return Number(text);
}

/** Forwards a port of the instance to 127.0.0.1 over ssh2 and offers to open it in the browser. */
export async function openTunnel(services: Services, node?: unknown): Promise<void> {
  const target = await resolveSshTarget(services, node, 'Open a tunnel to which stack?');
  const remotePort = await pickRemotePort(target.stack.kind);
  const open = (acceptOnce: Readonly<Record<string, string>>) =>
    withSshProgress(`Connecting to ${target.plan.alias}`, async (progress, signal) => {
      const connection = await connectBuiltIn(target.deps(progress, signal), target.plan, acceptOnce);
      const spec = { remoteHost: '127.0.0.1', remotePort, localPort: remotePort, label: `${target.plan.alias}:${remotePort}` };
      // The same local port is friendliest; when it is taken, any free port will do.
      const tunnel = await forwardLocal(connection, spec).catch(() => forwardLocal(connection, { ...spec, localPort: 0 }));
      return { ...tunnel, close: async () => (await tunnel.close(), connection.close()) };
    });
  const tunnel = await withHostKeyPrompt(open);
  services.tunnels().add(tunnel);
  setTunnelContext(services.tunnels().list().length);
  services.output.info(`Tunnel ${tunnel.id}: ${tunnel.url} -> ${target.plan.alias} 127.0.0.1:${remotePort}`);
  const browse = 'Open in Browser';
  const choice = await vscode.window.showInformationMessage(`Tunnel open: ${tunnel.url} → ${target.plan.alias} port ${remotePort}.`, browse);
  if (choice === browse) await vscode.env.openExternal(vscode.Uri.parse(tunnel.url));
}
