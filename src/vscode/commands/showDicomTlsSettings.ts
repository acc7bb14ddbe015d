import { join } from 'node:path';
import { offersAction } from '../../core/kinds/kindActions';
import { formatDicomTlsSettings } from '../../core/kinds/orthanc/dicomTlsSettings';
import { ORTHANC_ACTIONS } from '../../core/kinds/orthanc/orthancKind';
import { orthancDicomTlsSettings } from '../../core/kinds/orthanc/orthancTrustFiles';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { withSshProgress } from '../ssh/sshTarget';

/** "Show DICOM-TLS Settings": what a modality administrator types, with the stack's CA saved to a file. */
export async function showDicomTlsSettings(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, (s) => offersAction(s, ORTHANC_ACTIONS.showDicomTlsSettings), 'DICOM-TLS settings of which Orthanc stack?');
  const directory = join(services.context.globalStorageUri.fsPath, 'orthanc');
  const settings = await withSshProgress(`Reading the published certificate of ${stack.stackName}…`, (_progress, signal) =>
    orthancDicomTlsSettings(services.session.session.clients, stack, directory, signal),
  );
  await services.reports().show(`DICOM-TLS settings: ${stack.stackName}`, [`Orthanc on ${stack.stackName} (${stack.region})`, '', ...formatDicomTlsSettings(settings), ''].join('\n'));
}
