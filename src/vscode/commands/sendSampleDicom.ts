import { readdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import { stackDicomTarget } from '../../core/dicom/stackEndpoint';
import { ensureConnectionTested } from '../dicom/connectionCheck';
import { stackTarget, withResolvedTarget } from '../dicom/dicomTargets';
import { runSend } from '../dicom/runSend';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';

/** Sends the bundled synthetic samples (media/samples) to a stack: the quickest "does it work?" check. */
export async function sendSampleDicom(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, (s) => stackDicomTarget(s) !== undefined, 'Send the sample DICOM to which stack?');
  const target = stackTarget(services, stack);
  if (!target) throw new Error(`${stack.stackName} has no DicomWebUrl output, so it cannot receive DICOM.`);
  const samples = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'samples').fsPath;
  // The sample folders only: the README next to them is not DICOM and would show up as skipped.
  const folders = (await readdir(samples, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => `${samples}/${e.name}`);
  await withResolvedTarget(target, async (endpoint) => {
    await ensureConnectionTested(services, target, endpoint);
    await runSend(services, target, endpoint, folders);
  });
}
