import * as vscode from 'vscode';
import type { Services } from '../services';
import { prepareForOpenSsh, sshCommandLine } from '../ssh/prepareOpenSsh';

/** Runs the local OpenSSH client in the integrated terminal with the managed config. */
export async function openOpenSshTerminal(services: Services, node?: unknown): Promise<void> {
  const { target, access } = await prepareForOpenSsh(services, node, 'Open OpenSSH on which stack?');
  const terminal = vscode.window.createTerminal({ name: `ssh ${access.alias}` });
  terminal.show();
  terminal.sendText(sshCommandLine(target, access));
}
