import { copyFile, chmod } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { deidMapPath } from '../deid/deidMapPath';
import type { Services } from '../services';
import { required } from '../userCancelled';

/** "Export De-identification Map…": copies the project's UID/pseudonym map (0600) where the user says. */
export async function exportDeidMap(services: Services): Promise<void> {
  const source = deidMapPath(services.context);
  if (!existsSync(source)) {
    void vscode.window.showInformationMessage('This project has no de-identification map yet: it is created by the first de-identified send or dry run.');
    return;
  }
  const proceed = await vscode.window.showWarningMessage(
    'The map links every replaced UID and pseudonym back to the original patient and study. Keep the exported copy as protected as the original data.',
    { modal: true },
    'Export',
  );
  required(proceed);
  const target = required(await vscode.window.showSaveDialog({ title: 'Export De-identification Map', saveLabel: 'Export', filters: { JSON: ['json'] } }));
  await copyFile(source, target.fsPath);
  await chmod(target.fsPath, 0o600);
  void vscode.window.showInformationMessage(`De-identification map exported to ${target.fsPath} (readable by you only).`);
}
