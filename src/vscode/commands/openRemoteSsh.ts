import * as vscode from 'vscode';
import type { Services } from '../services';
import { UserCancelledError } from '../userCancelled';
import { prepareForOpenSsh } from '../ssh/prepareOpenSsh';

const REMOTE_SSH = 'ms-vscode-remote.remote-ssh';

/** Opens a Remote-SSH window on the instance, through the same managed config. */
export async function openRemoteSsh(services: Services, node?: unknown): Promise<void> {
  if (!vscode.extensions.getExtension(REMOTE_SSH)) {
    const install = 'Show Extension';
    // Not awaited: a notification can sit unanswered, and the command should not stay pending.
    void vscode.window.showInformationMessage('"Open in Remote-SSH" needs the Remote - SSH extension (ms-vscode-remote.remote-ssh).', install).then((choice) => {
      if (choice === install) void vscode.commands.executeCommand('workbench.extensions.search', REMOTE_SSH);
    });
    throw new UserCancelledError();
  }
  const { access } = await prepareForOpenSsh(services, node, 'Open which stack in Remote-SSH?');
  if (typeof access.include === 'object') {
    throw new Error(`Remote-SSH reads ~/.ssh/config, which could not include the managed file. ${access.include.error}`);
  }
  await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.parse(`vscode-remote://ssh-remote+${access.alias}/`), { forceNewWindow: true });
}
