import { promptNewEndpoint } from '../dicom/promptNewEndpoint';
import type { Services } from '../services';

/** "Add DICOMweb Endpoint…": a user-defined STOW-RS target, secrets in SecretStorage, tested once saved. */
export async function addDicomEndpoint(services: Services): Promise<void> {
  await promptNewEndpoint(services);
}
