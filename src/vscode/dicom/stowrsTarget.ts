import { stowrsSendEndpoint } from '../../core/kinds/stowrs/stowrsSendEndpoint';
import type { StackInfo } from '../../core/stacks/stackInfo';
import type { Services } from '../services';
import type { DicomTarget } from './dicomTargets';

/** A STOW-RS stack: its pinned endpoint and, with client certificates, the certificate its deploy made here. */
export function stowrsStackTarget(services: Services, stack: StackInfo, url: string): DicomTarget {
  return {
    id: `stack:${stack.stackId}`,
    label: stack.stackName,
    description: `${url} · ${stack.region}`,
    resolve: (signal) => stowrsSendEndpoint(services.session.session.clients, stack, services.context.globalStorageUri.fsPath, signal),
  };
}
