import * as vscode from 'vscode';
import { portDescription, tunnelPorts } from '../../core/kinds/tunnelPorts';
import type { Services } from '../services';
import { resolveSshTarget, withSshProgress } from '../ssh/sshTarget';
import { openRegisteredTunnel } from '../ssh/registeredTunnel';
import { withHostKeyPrompt } from '../ssh/withHostKeyPrompt';
import { required } from '../userCancelled';

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

/**
 * Forwards a port of the instance to 127.0.0.1 over ssh2 and offers to open it in the browser; the
 * tunnel comes back on the same local port when the instance is stopped and started from here.
 */
export async function openTunnel(services: Services, node?: unknown): Promise<void> {
  const target = await resolveSshTarget(services, node, 'Open a tunnel to which stack?');
  const remotePort = await pickRemotePort(target.stack.kind);
  const open = (acceptOnce: Readonly<Record<string, string>>) =>
    withSshProgress(`Connecting to ${target.plan.alias}`, (progress, signal) =>
      openRegisteredTunnel(services, target, remotePort, `${target.plan.alias}:${remotePort}`, progress, signal, acceptOnce),
    );
  const tunnel = await withHostKeyPrompt(open);
  services.output.info(`Tunnel ${tunnel.id}: ${tunnel.url} -> ${target.plan.alias} 127.0.0.1:${remotePort}`);
  const browse = 'Open in Browser';
  const choice = await vscode.window.showInformationMessage(`Tunnel open: ${tunnel.url} → ${target.plan.alias} port ${remotePort}.`, browse);
  if (choice === browse) await vscode.env.openExternal(vscode.Uri.parse(tunnel.url));
}
