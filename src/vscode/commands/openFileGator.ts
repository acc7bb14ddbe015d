import * as vscode from 'vscode';
import { offersAction } from '../../core/kinds/kindActions';
import { fetchFileGatorPassword, fileGatorTarget, fileGatorUrl } from '../../core/kinds/lab/fileGatorAccess';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { openRegisteredTunnel } from '../ssh/registeredTunnel';
import { resolveSshTarget, withSshProgress } from '../ssh/sshTarget';
import { withHostKeyPrompt } from '../ssh/withHostKeyPrompt';
import { jupyterInstanceNode } from './labInstance';

const COPY_PASSWORD = 'Copy Admin Password';

/**
 * Research lab: FileGator has no public address. An SSH tunnel through the Jupyter instance (the
 * jump host) reaches its private address, and the browser opens on the local end: no Client VPN
 * needed for one person. The admin password is read only when asked for, into the clipboard.
 */
export async function openFileGator(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, (s) => offersAction(s, 'openFileGator'), 'Open FileGator of which research lab?');
  const to = fileGatorTarget(stack);
  const jump = await resolveSshTarget(services, await jupyterInstanceNode(services, stack), 'Jupyter instance (jump host to FileGator)');
  const label = `${jump.plan.alias} -> ${to.host}:${to.port} (FileGator)`;
  // Registered with how to reopen it: after a stop and start of the jump host it comes back on the same local port.
  const tunnel = await withHostKeyPrompt((acceptOnce) =>
    withSshProgress(`Opening FileGator of ${stack.stackName}`, (progress, signal) => openRegisteredTunnel(services, jump, to.port, label, progress, signal, acceptOnce, to.host)),
  );
  services.output.info(`Tunnel ${tunnel.id}: ${tunnel.url} -> ${label}`);
  const url = fileGatorUrl(tunnel.boundPort);
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
  const choice = await vscode.window.showInformationMessage(`FileGator of ${stack.stackName} is open at ${url} (through ${jump.plan.alias}). Log in as admin.`, COPY_PASSWORD);
  if (choice !== COPY_PASSWORD) return;
  const password = await fetchFileGatorPassword(services.session.session.clients, stack);
  await vscode.env.clipboard.writeText(password);
  void vscode.window.showInformationMessage(`The FileGator admin password of ${stack.stackName} is in the clipboard.`);
}
