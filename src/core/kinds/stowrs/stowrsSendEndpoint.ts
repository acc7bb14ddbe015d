import type { AwsClients } from '../../aws/clients';
import { kindStoragePath } from '../../deploy/deployEnvironment';
import type { DicomWebEndpoint } from '../../dicom/endpoint';
import type { StackInfo } from '../../stacks/stackInfo';
import { stowrsEndpoint } from './stowrsEndpoint';

/**
 * Send DICOM's endpoint for a STOW-RS stack, the same for the extension and the CLI: the client
 * certificate is the one the deploy made under `storageRoot` (the extension's global storage, or
 * the CLI's data folder) for this region and stack, the server pinned by its published fingerprint.
 */
export function stowrsSendEndpoint(clients: Pick<AwsClients, 'ssm' | 'cloudFormation'>, stack: StackInfo, storageRoot: string, signal?: AbortSignal): Promise<DicomWebEndpoint> {
  return stowrsEndpoint(clients, stack, kindStoragePath(storageRoot, 'stowrs', stack.region, stack.stackName), signal);
}
