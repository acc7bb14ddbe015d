import * as vscode from 'vscode';
import { fetchStackAuth, stackDicomTarget } from '../../core/dicom/stackEndpoint';
import { offersAction } from '../../core/kinds/kindActions';
import { ORTHANC_ACTIONS } from '../../core/kinds/orthanc/orthancKind';
import { httpsOutputUrl } from '../../core/kinds/orthanc/orthancEndpoint';
import { publishedFingerprint } from '../../core/kinds/orthanc/publishedTrust';
import { assertServesPublished } from '../../core/kinds/orthanc/servedCertificate';
import { OUTPUT } from '../../core/kinds/stackContract';
import { outputValue, type StackInfo } from '../../core/stacks/stackInfo';
import { notificationText } from '../../core/util/text';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { withSshProgress } from '../ssh/sshTarget';

async function copyAdminPassword(services: Services, stack: StackInfo): Promise<void> {
  const target = stackDicomTarget(stack);
  if (!target?.credentialsSecret) throw new Error(`Stack ${stack.stackName} names no DicomWebCredentialsSecret; read the admin credentials in Secrets Manager.`);
  // Only from a secret the stack owns (fetchStackAuth checks), and only to the clipboard.
  const auth = await fetchStackAuth(services.session.session.clients, target);
  if (auth.kind !== 'basic') throw new Error(`The secret ${target.credentialsSecret} holds no username and password.`);
  await vscode.env.clipboard.writeText(auth.password);
  void vscode.window.showInformationMessage(notificationText(`The Orthanc admin password of ${stack.stackName} is on the clipboard (user: ${auth.username}).`));
}

/**
 * "Open Orthanc": checks that the web server presents the certificate the instance published in
 * SSM, then opens the web UI; the admin password is copied only when asked for.
 */
export async function openOrthanc(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, (s) => offersAction(s, ORTHANC_ACTIONS.openOrthanc), 'Open Orthanc on which stack?');
  const url = httpsOutputUrl(stack, OUTPUT.webUrl, outputValue(stack, OUTPUT.webUrl));
  const fingerprint = await withSshProgress(`Checking the certificate of Orthanc on ${stack.stackName}…`, async (_progress, signal) => {
    const published = await publishedFingerprint(services.session.session.clients, stack, signal);
    await assertServesPublished(url, published, stack.stackName, signal);
    return published;
  });
  await vscode.env.openExternal(vscode.Uri.parse(url.toString()));
  const copy = 'Copy Admin Password';
  const choice = await vscode.window.showInformationMessage(
    notificationText(
      `Opened Orthanc on ${stack.stackName}. Its certificate is the one the instance published (SHA-256 ${fingerprint}); your browser does not know the stack's own CA, so compare this fingerprint before accepting it, or trust the CA that "Show DICOM-TLS Settings" saves.`,
    ),
    copy,
  );
  if (choice === copy) await copyAdminPassword(services, stack);
}
