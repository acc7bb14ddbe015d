import * as vscode from 'vscode';
import { checkConnection, showSecurityWarnings } from '../dicom/connectionCheck';
import { pickDicomTarget } from '../dicom/dicomTargets';
import type { Services } from '../services';
import { promptNewEndpoint } from '../dicom/promptNewEndpoint';

/** QIDO-RS check of a stack's or a configured DICOMweb endpoint: reachability, TLS trust, credentials. */
export async function testDicomConnection(services: Services, node?: unknown): Promise<void> {
  const target = await pickDicomTarget(services, node, () => promptNewEndpoint(services));
  const endpoint = await target.resolve();
  const check = await checkConnection(services, target, endpoint);
  showSecurityWarnings(services, check.securityWarnings);
  if (check.ok) void vscode.window.showInformationMessage(`${target.label}: ${check.message}`);
  else void vscode.window.showErrorMessage(`${target.label}: ${check.message}`);
}
