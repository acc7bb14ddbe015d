import * as vscode from 'vscode';
import type { SendReport } from '../../core/dicom/sendTypes';
import { reportStoredInS3 } from '../../core/kinds/stowrs/storedReport';
import type { StackInfo } from '../../core/stacks/stackInfo';
import type { Services } from '../services';

/** After a send to a STOW-RS stack: are the acknowledged instances really in S3? Shows the objects found. */
export async function showStoredInS3(services: Services, stack: StackInfo, sent: SendReport): Promise<void> {
  const checked = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking ${stack.stackName}'s bucket` }, () =>
    reportStoredInS3(services.session.session.clients, stack, sent),
  );
  await services.reports().show(`stored-${stack.stackName}`, checked.text);
  if (checked.ok) void vscode.window.showInformationMessage(checked.summary);
  else void vscode.window.showErrorMessage(checked.summary);
}
