import type { AwsClients } from '../aws/clients';
import { recordOf } from '../kinds/kinds';
import type { StackInfo } from '../stacks/stackInfo';
import type { DicomWebEndpoint } from './endpoint';
import { fetchStackAuth, stackDicomTarget } from './stackEndpoint';

type Clients = Pick<AwsClients, 'ssm' | 'cloudFormation' | 'secretsManager'>;

/**
 * Where `imaging-lab send --stack` posts: the stack's DICOMweb target resolved as the extension
 * resolves it (STOW-RS: pinned fingerprint + the deploy's client certificate under `storageRoot`;
 * Orthanc: pinned published certificate + the stack's own secret; others: the stack's secret over
 * https). A kind served in clear (MDE) is reached through an SSH tunnel, which the CLI does not open.
 */
export async function stackSendEndpoint(clients: Clients, stack: StackInfo, storageRoot: string, signal?: AbortSignal): Promise<DicomWebEndpoint> {
  const target = stackDicomTarget(stack);
  if (!target) throw new Error(`Stack ${stack.stackName} has no DicomWebUrl output (${stack.status}), so it cannot receive DICOM. Wait for CREATE_COMPLETE, or give --url.`);
  if (stack.kind === 'stowrs') return (await import('../kinds/stowrs/stowrsSendEndpoint')).stowrsSendEndpoint(clients, stack, storageRoot, signal);
  if (stack.kind === 'orthanc') return (await import('../kinds/orthanc/orthancEndpoint')).orthancSendEndpoint(clients, stack, signal);
  const dicomWeb = recordOf(stack.kind)?.dicomWeb;
  if (dicomWeb?.tls === false) {
    throw new Error(
      `${stack.stackName} serves DICOMweb in clear on its instance, so the CLI does not send to it directly. Run 'imaging-lab ssh ${stack.stackName}', then 'ssh -L ${dicomWeb.port}:localhost:${dicomWeb.port} ALIAS' with the alias it prints, and send with --url http://127.0.0.1:${dicomWeb.port}.`,
    );
  }
  return { url: target.url, auth: await fetchStackAuth(clients, target, signal) };
}
