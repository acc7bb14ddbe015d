import * as vscode from 'vscode';
import type { DicomWebEndpoint } from '../../core/dicom/endpoint';
import { testDicomWebConnection, type ConnectionCheck } from '../../core/dicom/testConnection';
import { notificationText } from '../../core/util/text';
import type { Services } from '../services';
import { UserCancelledError } from '../userCancelled';
import type { DicomTarget } from './dicomTargets';

/**
 * Target + URL pairs whose connection test passed in this window (Services.testedConnections): no
 * need to test before every send. The URL is part of the key because one target can be reached
 * several ways (an MDE stack through a tunnel on a fresh local port, or over its open port).
 */
const testedKey = (target: DicomTarget, endpoint: DicomWebEndpoint) => `${target.id} ${endpoint.url}`;

/** Tests the target; a pass is remembered in `testedConnections` when the caller has it (the window's Services do). */
export async function checkConnection(services: Pick<Services, 'output'> & Partial<Pick<Services, 'testedConnections'>>, target: DicomTarget, endpoint: DicomWebEndpoint): Promise<ConnectionCheck> {
  const check = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Testing the connection to ${target.label}…`, cancellable: true },
    (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return testDicomWebConnection(endpoint, controller.signal);
    },
  );
  services.output.info(`test connection ${target.label}: ${check.ok ? 'ok' : 'failed'}: ${check.message}`);
  if (check.ok) services.testedConnections?.add(testedKey(target, endpoint));
  return check;
}

/** Shows every security warning, every time (they are never silenced). */
export function showSecurityWarnings(services: Pick<Services, 'output'>, warnings: readonly string[]): void {
  for (const warning of warnings) {
    services.output.warn(warning);
    void vscode.window.showWarningMessage(notificationText(warning));
  }
}

const OPEN_SETTINGS = 'Open Endpoint Settings';
const ENDPOINTS_SETTING = 'imagingLab.dicomweb.endpoints';

/** Before the first send to a target: test it, and let the user stop if it fails. */
export async function ensureConnectionTested(services: Pick<Services, 'output' | 'testedConnections'>, target: DicomTarget, endpoint: DicomWebEndpoint): Promise<void> {
  if (services.testedConnections.has(testedKey(target, endpoint))) return;
  const check = await checkConnection(services, target, endpoint);
  if (check.ok) return;
  const failed = `The connection test to ${target.label} failed: ${check.message}`;
  if (check.blocking) {
    // Unreachable or untrusted: every file would fail the same way, so there is nothing to send anyway.
    if (check.blocking === 'unreachable') {
      void vscode.window.showErrorMessage(notificationText(`${failed}. Nothing can be sent until it is reachable.`));
      throw new UserCancelledError();
    }
    // Not the pinned certificate: the message names both fingerprints and what to check; no "Send Anyway".
    if (check.blocking === 'pin') {
      void vscode.window.showErrorMessage(notificationText(`${failed}. Nothing was sent.`));
      throw new UserCancelledError();
    }
    // TLS: the fix is the endpoint's CA certificate ("ca") or the host name in its URL, both in its settings.
    const choice = await vscode.window.showErrorMessage(notificationText(`${failed}. Set the endpoint's CA certificate or use the certificate's host name, then send again.`), OPEN_SETTINGS);
    if (choice === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', ENDPOINTS_SETTING);
    throw new UserCancelledError();
  }
  // "Don't Send" comes first: the highlighted default of the dialog, and what Escape does.
  const dontSend: vscode.MessageItem = { title: "Don't Send", isCloseAffordance: true };
  const sendAnyway: vscode.MessageItem = { title: 'Send Anyway' };
  const choice = await vscode.window.showWarningMessage(notificationText(failed), { modal: true }, dontSend, sendAnyway);
  if (choice !== sendAnyway) throw new UserCancelledError();
}
