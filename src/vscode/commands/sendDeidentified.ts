import * as vscode from 'vscode';
import { ensureConnectionTested } from '../dicom/connectionCheck';
import { pickDicomTarget } from '../dicom/dicomTargets';
import { promptNewEndpoint } from '../dicom/promptNewEndpoint';
import { pickDeidChoices, pickDestination } from '../deid/deidChoices';
import { runDeidentifiedSend } from '../deid/runDeidentifiedSend';
import type { Services } from '../services';
import { required } from '../userCancelled';

/** Files on disk from the Explorer selection, the preview's document, or an open dialog. */
async function chosenPaths(clicked: unknown, selected: unknown): Promise<string[]> {
  const given = [...(Array.isArray(selected) ? selected : []), ...(clicked instanceof vscode.Uri ? [clicked] : [])].filter((u): u is vscode.Uri => u instanceof vscode.Uri);
  const uris = given.length
    ? given
    : required(await vscode.window.showOpenDialog({ title: 'Send De-identified: choose files or folders', canSelectFiles: true, canSelectFolders: true, canSelectMany: true, openLabel: 'Choose' }));
  const remote = uris.find((u) => u.scheme !== 'file');
  if (remote) throw new Error(`${remote.toString()} is not a file on disk; copy it into a local folder and send it from there.`);
  return [...new Set(uris.map((u) => u.fsPath))];
}

/** "Send De-identified…": PS3.15 Annex E rewrite of every instance, then STOW-RS or a dry-run folder. */
export async function sendDeidentified(services: Services, clicked?: unknown, selected?: unknown): Promise<void> {
  const inputs = await chosenPaths(clicked, selected);
  const choices = await pickDeidChoices();
  const destination = await pickDestination();
  if (destination.kind === 'folder') {
    await runDeidentifiedSend(services, inputs, destination.dir, { deid: choices.options, includeBurnedIn: choices.includeBurnedIn, dryRunDir: destination.dir });
    return;
  }
  const target = await pickDicomTarget(services, undefined, () => promptNewEndpoint(services));
  try {
    const endpoint = await target.resolve();
    await ensureConnectionTested(services, target, endpoint);
    await runDeidentifiedSend(services, inputs, target.label, { deid: choices.options, includeBurnedIn: choices.includeBurnedIn, endpoint });
  } finally {
    await target.release?.();
  }
}
