import * as vscode from 'vscode';
import { formatDeidReport } from '../../core/deid/deidReport';
import { sendDeidentified, type DeidSendOptions, type DeidSendResult } from '../../core/deid/sendDeidentified';
import { formatBytes } from '../../core/dicom/formatBytes';
import { allStored, summaryLine } from '../../core/dicom/reportFormat';
import { notificationText } from '../../core/util/text';
import type { Services } from '../services';
import { deidMapPath } from './deidMapPath';

/**
 * Runs a de-identified send or dry run under one cancellable progress notification, then offers
 * the full report (per instance: source, new UID, fate, options; held-back instances and why).
 */
export async function runDeidentifiedSend(
  services: Services,
  inputs: readonly string[],
  label: string,
  options: Omit<DeidSendOptions, 'mapPath' | 'privateMapFolder' | 'signal' | 'onPhase' | 'onProgress' | 'log'>,
): Promise<DeidSendResult> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `De-identifying for ${label}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return sendDeidentified(inputs, {
        ...options,
        mapPath: deidMapPath(services.context),
        privateMapFolder: true,
        signal: controller.signal,
        log: (line) => services.output.info(line),
        onPhase: (phase, done, total) => {
          if (done % 25 === 0 || done === total) progress.report({ message: `${phase} ${done} of ${total}` });
        },
        onProgress: (p) => progress.report({ message: `sending ${p.instancesDone} of ${p.instancesTotal} · ${formatBytes(p.bytesSent)} of ${formatBytes(p.totalBytes)}` }),
      });
    },
  );
  const held = result.heldBack.length ? `; ${result.heldBack.length} held back (possible burned-in identity)` : '';
  const line = result.written
    ? `${result.written.length} de-identified cop${result.written.length === 1 ? 'y' : 'ies'} written to ${label}${held}`
    : `${label}: ${result.report ? summaryLine(result.report) : 'nothing sent'}${held}`;
  const ok = result.written ? result.written.length > 0 : result.report !== undefined && allStored(result.report);
  const show = ok && result.heldBack.length === 0 ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(notificationText(line), 'Show Details').then((choice) => {
    if (choice === 'Show Details') void services.reports().show(`deid-${label}`, formatDeidReport(result));
  });
  return result;
}
