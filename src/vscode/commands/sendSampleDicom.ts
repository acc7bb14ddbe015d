import { readdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import { stackDicomTarget } from '../../core/dicom/stackEndpoint';
import { ensureConnectionTested } from '../dicom/connectionCheck';
import { stackTarget, withResolvedTarget } from '../dicom/dicomTargets';
import { runSend } from '../dicom/runSend';
import { showStoredInS3 } from '../dicom/stowrsStoredCheck';
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
  const sent = await withResolvedTarget(target, async (endpoint) => {
    await ensureConnectionTested(services, target, endpoint);
    return runSend(services, target, endpoint, folders);
  });
  // STOW-RS to S3: the response says the service accepted them; the bucket says they are there.
  if (sent && !sent.cancelled && stack.kind === 'stowrs') await showStoredInS3(services, stack, sent);
}
