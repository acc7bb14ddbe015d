import * as vscode from 'vscode';
import type { Services } from '../services';
import { prepareForOpenSsh, sshCommandLine } from '../ssh/prepareOpenSsh';

export async function writeSshConfig(services: Services, node?: unknown): Promise<void> {
  const { target, access } = await prepareForOpenSsh(services, node, 'Write the SSH config for which stack?');
  const command = sshCommandLine(target, access);
  const copy = 'Copy Command';
  const choice = await vscode.window.showInformationMessage(
    `Host ${access.alias} is in ~/.ssh/imaging-lab/config. Connect from any terminal with: ${command}${access.instanceConnect ? ' (temporary key: run this again if more than 60 s pass)' : ''}`,
    copy,
  );
  if (choice === copy) await vscode.env.clipboard.writeText(command);
}
