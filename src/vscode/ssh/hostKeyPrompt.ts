import * as vscode from 'vscode';
import type { HostKeyCheck } from '../../core/ssh/hostKeyPins';
import { notificationText } from '../../core/util/text';
import type { UnknownHostKeyChoice } from '../terminal/sshTerminalSession';

/** Modal question when an instance has not published its host keys yet; never accepts silently. */
export async function askUnknownHostKey(check: Extract<HostKeyCheck, { ok: false }>): Promise<UnknownHostKeyChoice> {
  const accept = 'Accept Once';
  const wait = 'Wait';
  const choice = await vscode.window.showWarningMessage(
    notificationText(`${check.host} has not published its host keys in the console output yet (it may still be booting).`),
    {
      modal: true,
      detail: `The server presents the key ${check.fingerprint}.\n\nAccept it for this connection only if you can confirm that fingerprint (for example from the EC2 console's "Get system log"). Otherwise wait a minute and reconnect: the keys will then be pinned automatically.`,
    },
    accept,
    wait,
  );
  return choice === accept ? 'accept-once' : choice === wait ? 'wait' : 'cancel';
}
