import * as vscode from 'vscode';
import { offersAction } from '../../core/kinds/kindActions';
import { receivedStudiesText } from '../../core/kinds/stowrs/storedReport';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';

/** STOW-RS to S3: what the service wrote to its bucket, by study and series (keys checked against the service's grammar). */
export async function browseReceivedStudies(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, (s) => offersAction(s, 'browseReceivedStudies'), 'Browse the studies received by which STOW-RS stack?');
  const { listing, text } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Listing what ${stack.stackName} received`, cancellable: true },
    (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return receivedStudiesText(services.session.session.clients, stack, abort.signal);
    },
  );
  await services.reports().show(`received-${stack.stackName}`, text);
  const instances = listing.studies.reduce((n, s) => n + s.instanceCount, 0);
  void vscode.window.showInformationMessage(`${stack.stackName} holds ${listing.studies.length} stud${listing.studies.length === 1 ? 'y' : 'ies'} (${instances} instance(s)).`);
}
