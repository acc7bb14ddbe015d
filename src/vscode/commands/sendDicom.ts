import * as vscode from 'vscode';
import { hasStack } from '../pickers/pickStack';
import { ensureConnectionTested } from '../dicom/connectionCheck';
import { pickDicomTarget, withResolvedTarget } from '../dicom/dicomTargets';
import { runSend } from '../dicom/runSend';
import type { Services } from '../services';
import { required } from '../userCancelled';
import { promptNewEndpoint } from '../dicom/promptNewEndpoint';

/** Explorer passes (clicked uri, all selected uris); the palette passes nothing; a stack node fixes the target. */
async function inputsFrom(clicked: unknown, selected: unknown): Promise<string[]> {
  const uris = Array.isArray(selected) && selected.length > 0 ? selected : clicked instanceof vscode.Uri ? [clicked] : [];
  let chosen = uris.filter((u): u is vscode.Uri => u instanceof vscode.Uri);
  if (chosen.length === 0) {
    chosen = required(
      await vscode.window.showOpenDialog({ title: 'Send DICOM: choose files or folders', canSelectFiles: true, canSelectFolders: true, canSelectMany: true, openLabel: 'Send' }),
    );
  }
  const notOnDisk = chosen.find((u) => u.scheme !== 'file');
  if (notOnDisk) throw new Error(`${notOnDisk.toString()} is not a file on disk; copy it into the workspace folder and send it from there.`);
  return chosen.map((u) => u.fsPath);
}

/** "Send DICOM to…": validate locally, stream to the chosen DICOMweb server, report every instance. */
export async function sendDicom(services: Services, clicked?: unknown, selected?: unknown): Promise<void> {
  const stackNode = hasStack(clicked) ? clicked : undefined;
  const inputs = await inputsFrom(stackNode ? undefined : clicked, stackNode ? undefined : selected);
  const target = await pickDicomTarget(services, stackNode, () => promptNewEndpoint(services));
  await withResolvedTarget(target, async (endpoint) => {
    await ensureConnectionTested(services, target, endpoint);
    await runSend(services, target, endpoint, inputs);
  });
}
