import * as vscode from 'vscode';
import { notificationText } from '../../core/util/text';
import { checkConnection, showSecurityWarnings } from '../dicom/connectionCheck';
import { pickDicomTarget, withResolvedTarget, type DicomTarget } from '../dicom/dicomTargets';
import type { Services } from '../services';
import { promptNewEndpoint } from '../dicom/promptNewEndpoint';

/** Tests one target; what resolving it opened (an MDE stack's SSH tunnel) is closed afterwards, whatever happens. */
export async function testTargetConnection(services: Pick<Services, 'output'>, target: DicomTarget): Promise<void> {
  const check = await withResolvedTarget(target, (endpoint) => checkConnection(services, target, endpoint));
  showSecurityWarnings(services, check.securityWarnings);
  const text = notificationText(`${target.label}: ${check.message}`);
  if (check.ok) void vscode.window.showInformationMessage(text);
  else void vscode.window.showErrorMessage(text);
}

/** QIDO-RS check of a stack's or a configured DICOMweb endpoint: reachability, TLS trust, credentials. */
export async function testDicomConnection(services: Services, node?: unknown): Promise<void> {
  await testTargetConnection(services, await pickDicomTarget(services, node, () => promptNewEndpoint(services)));
}
