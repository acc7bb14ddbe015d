import { orthancSendEndpoint } from '../../core/kinds/orthanc/orthancEndpoint';
import type { StackInfo } from '../../core/stacks/stackInfo';
import type { Services } from '../services';
import { askOncePerOrigin } from './credentialsConsent';
import type { DicomTarget } from './dicomTargets';

/**
 * An Orthanc stack as a DICOM target: its DicomWebUrl, trusting only the certificate whose
 * SHA-256 the instance published in SSM (pinned: a different certificate is refused before any
 * byte or credential is written), with the admin credentials from the stack's own secret.
 */
export function orthancStackTarget(services: Services, stack: StackInfo, url: string): DicomTarget {
  return {
    id: `stack:${stack.stackId}`,
    label: stack.stackName,
    description: `${url} · certificate pinned · ${stack.region}`,
    resolve: async (signal) => {
      const endpoint = await orthancSendEndpoint(services.session.session.clients, stack, signal, askOncePerOrigin(services.context.globalState, stack.stackId));
      services.output.info(`Orthanc ${stack.stackName}: sending to ${url}, trusting only the published certificate SHA-256 ${endpoint.pinSha256}`);
      return endpoint;
    },
  };
}
