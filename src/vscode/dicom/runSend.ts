import * as vscode from 'vscode';
import type { DicomWebEndpoint } from '../../core/dicom/endpoint';
import { allStored, formatReportText, summaryLine } from '../../core/dicom/reportFormat';
import { scanDicom } from '../../core/dicom/scanDicom';
import { formatBytes } from '../../core/dicom/formatBytes';
import { sendInstances } from '../../core/dicom/sendInstances';
import { notificationText } from '../../core/util/text';
import type { SendReport } from '../../core/dicom/sendTypes';
import { dicomStrict } from '../configuration';
import { loggableUrl } from '../../core/util/log';
import type { Services } from '../services';
import { markWalkthroughStep } from '../walkthrough/walkthrough';
import { showSecurityWarnings } from './connectionCheck';
import type { DicomTarget } from './dicomTargets';

/**
 * Validates and sends files/folders under one cancellable progress notification, then shows the
 * summary with "Show Details" (a read-only report of every file and its fate).
 */
export async function runSend(services: Services, target: DicomTarget, endpoint: DicomWebEndpoint, inputs: readonly string[]): Promise<SendReport | undefined> {
  services.output.info(`DICOM send to ${target.label} (${loggableUrl(endpoint.url)}, ${endpoint.auth?.kind ?? 'no'} authentication): ${inputs.length} path(s)`);
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Sending DICOM to ${target.label}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      progress.report({ message: 'checking files…' });
      const scan = await scanDicom(inputs, {
        strict: dicomStrict(),
        signal: controller.signal,
        onProgress: (done, total) => {
          if (done % 50 === 0 || done === total) progress.report({ message: `checked ${done} of ${total} files` });
        },
      });
      if (scan.instances.length === 0) return { skipped: scan.skipped, report: undefined };
      let shownPercent = 0;
      return sendInstances(scan.instances, scan.skipped, {
        endpoint,
        signal: controller.signal,
        log: (line) => services.output.info(line),
        onProgress: (p) => {
          const percent = p.totalBytes ? (100 * p.bytesSent) / p.totalBytes : 0;
          const increment = Math.max(0, percent - shownPercent);
          shownPercent = Math.max(shownPercent, percent);
          progress.report({ increment, message: `${p.instancesDone} of ${p.instancesTotal} instances · ${formatBytes(p.bytesSent)} of ${formatBytes(p.totalBytes)}` });
        },
      }).then((r) => ({ skipped: scan.skipped, report: r }));
    },
  );
  const result = report.report;
  if (!result) {
    const details = report.skipped.map((s) => `${s.path}\n    ${s.reason}`).join('\n');
    void vscode.window
      .showWarningMessage(`None of the ${report.skipped.length} selected file(s) is valid DICOM, so nothing was sent.`, 'Show Details')
      .then((choice) => choice && services.reports().show('skipped', `Nothing sent to ${target.label}: no valid DICOM Part 10 file.\n\n${details}\n`));
    return undefined;
  }
  showSecurityWarnings(services, result.securityWarnings);
  const line = `${target.label}: ${summaryLine(result)}${result.cancelled ? ' (cancelled)' : ''}`;
  services.output.info(`DICOM send to ${target.label}: ${summaryLine(result)}, ${result.requests} request(s), ${result.retries} retried${result.cancelled ? ', cancelled' : ''}`);
  if (result.instances.some((i) => i.fate === 'stored')) markWalkthroughStep(services.context, 'dicomSent');
  const show = allStored(result) ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(notificationText(line), 'Show Details').then((choice) => {
    if (choice === 'Show Details') void services.reports().show(`stow-${target.label}`, formatReportText(result));
  });
  return result;
}
