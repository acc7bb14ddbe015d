import { basename } from 'node:path';
import * as vscode from 'vscode';
import { runImagePipeline } from '../../core/kinds/lab/imagePipeline';
import { testImagePng } from '../../core/kinds/lab/testImage';
import { offersAction } from '../../core/kinds/kindActions';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { required } from '../userCancelled';

/** The function copies, it does not resize: a file this large is refused before it is read. */
const MAX_BYTES = 50 * 1024 * 1024;

async function chooseImage(node: unknown): Promise<{ key: string; body: Uint8Array }> {
  const uri = node instanceof vscode.Uri ? node : undefined;
  const test = { label: '$(file-media) Generated test image', description: 'a 64×64 PNG gradient, no patient data' };
  const file = { label: '$(folder-opened) An image file…', description: 'PNG, JPEG, GIF, TIFF, WebP, BMP or DICOM' };
  const picked = uri ? file : required(await vscode.window.showQuickPick([test, file], { placeHolder: 'What should go through the lab pipeline?' }));
  if (picked === test) return { key: `imaging-lab-test-${new Date().toISOString().replace(/[:.]/g, '-')}.png`, body: testImagePng() };
  const chosen = uri ?? required((await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Upload to the lab' }))?.[0]);
  const stat = await vscode.workspace.fs.stat(chosen);
  if (stat.size > MAX_BYTES) throw new Error(`${basename(chosen.fsPath)} is ${Math.round(stat.size / 1048576)} MB; the lab pipeline action uploads images up to 50 MB. Upload larger files from the Jupyter instance.`);
  return { key: basename(chosen.fsPath), body: await vscode.workspace.fs.readFile(chosen) };
}

/**
 * Research lab: puts an image into the input bucket and waits for the function's processed copy in
 * the output bucket, showing the Lambda round trip (handout T1.7-T1.8 from the editor).
 */
export async function uploadLabImage(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, (s) => offersAction(s, 'uploadLabImage'), 'Upload an image to which research lab?');
  const image = await chooseImage(node);
  const run = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Lab pipeline of ${stack.stackName}`, cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort(Object.assign(new Error('Cancelled'), { name: 'AbortError' })));
      return runImagePipeline(services.session.session.clients, stack, { ...image, signal: abort.signal, progress: (message) => progress.report({ message }) });
    },
  );
  const seconds = (run.waitedMs / 1000).toFixed(1);
  services.output.info(`Lab pipeline ${stack.stackName}: s3://${run.inputBucket}/${run.key} (${run.bytes} bytes) -> s3://${run.outputBucket}/${run.outputKey} after ${seconds} s`);
  void vscode.window.showInformationMessage(`${stack.stackName}: the function processed ${run.key} into ${run.outputKey} (${run.outputBucket}) in ${seconds} s.`);
}
