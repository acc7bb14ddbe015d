import * as vscode from 'vscode';
import { PREVIEW_VIEW_TYPE } from '../preview/protocol';
import type { Services } from '../services';
import { required } from '../userCancelled';

/** "Open DICOM Preview": the preview for any file (extension-less DICOM files have no default editor). */
export async function openDicomPreview(_services: Services, clicked?: unknown): Promise<void> {
  const uri =
    clicked instanceof vscode.Uri
      ? clicked
      : required(await vscode.window.showOpenDialog({ title: 'Open DICOM Preview', canSelectFiles: true, canSelectMany: false, openLabel: 'Preview' }))[0];
  if (!uri) return;
  await vscode.commands.executeCommand('vscode.openWith', uri, PREVIEW_VIEW_TYPE);
}
