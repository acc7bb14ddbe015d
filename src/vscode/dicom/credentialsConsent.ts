import * as vscode from 'vscode';
import type { ConfirmCredentials } from '../../core/dicom/stackEndpoint';
import { notificationText } from '../../core/util/text';
import { UserCancelledError } from '../userCancelled';

const GRANTED = 'imagingLab.dicomweb.stackCredentialsSent';

/**
 * Before a stack's secret is first sent to a server: one modal naming both, remembered per stack,
 * secret and origin (a stack that later points its URL elsewhere is asked about again).
 */
export function askOncePerOrigin(state: vscode.Memento, stackId: string): ConfirmCredentials {
  return async ({ stackName, secret, secretArn, origin }) => {
    const key = `${stackId} ${secretArn || secret} ${origin}`;
    const granted = state.get<string[]>(GRANTED, []);
    if (granted.includes(key)) return;
    const send = 'Send Credentials';
    const answer = await vscode.window.showWarningMessage(
      notificationText(`Send the credentials of stack ${stackName} to ${origin}?`),
      {
        modal: true,
        detail: notificationText(
          `The stack's outputs say that the secret ${secret} holds the credentials of its DICOMweb server at ${origin}. Send them only if that server is the one you expect. You will not be asked again for this stack, secret and server.`,
        ),
      },
      send,
    );
    if (answer !== send) throw new UserCancelledError();
    await state.update(GRANTED, [...granted, key]);
  };
}
