import * as vscode from 'vscode';
import { offersAction } from '../../core/kinds/kindActions';
import { writeVpnProfile } from '../../core/kinds/lab/vpnProfile';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { deployEnvironment } from '../wizards/deploy/wizardEnvironment';

/**
 * Research lab: writes the ready .ovpn (CA, client certificate and key embedded; 0600 in the
 * stack's private folder, next to the certificates) and offers to reveal it or copy its path.
 */
export async function downloadVpnConfig(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, (s) => offersAction(s, 'downloadVpnConfig'), 'VPN configuration of which research lab?');
  const dir = await deployEnvironment(services).storageDirectory('lab', stack.region, stack.stackName);
  const file = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Writing the VPN profile of ${stack.stackName}…` }, () =>
    writeVpnProfile(services.session.session.clients, stack, dir),
  );
  services.output.info(`VPN profile of ${stack.stackName}: ${file}`);
  const copy = 'Copy Path';
  const reveal = 'Reveal File';
  const choice = await vscode.window.showInformationMessage(`VPN profile of ${stack.stackName} written (private: it holds your client key): ${file}`, copy, reveal);
  if (choice === copy) await vscode.env.clipboard.writeText(file);
  if (choice === reveal) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(file));
}
