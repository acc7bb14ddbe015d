import { OUTPUT } from '../stackContract';
import { MDE_KIND } from './mdeKind';

/**
 * The seed's warning, kept in meaning: MIG speaks plain DICOM and plain HTTP, so only
 * de-identified data may cross the internet on its open ports.
 */
export const MDE_PHI_WARNING =
  'Only send de-identified DICOM data to MONAI Deploy Express over the internet. The MONAI Informatics Gateway (MIG) ' +
  'does not encrypt DICOM DIMSE or DICOMweb traffic, so this deployment is not suitable for uploading PHI over the internet.';

export type MdeSendRoute = 'tunnel' | 'openPort';

export interface MdeTunnelPlan {
  readonly route: 'tunnel';
  readonly sshHost: string;
  readonly sshUser: string;
  /** Forward a local port (0 = any free one) to this address as seen from the instance. */
  readonly remoteHost: '127.0.0.1';
  readonly remotePort: number;
  readonly localPort: 0;
  /** STOW-RS path on MIG, e.g. /dicomweb/studies or /dicomweb/<workflow>/studies. */
  readonly path: string;
  /** The URL to POST to once the tunnel is bound. */
  urlFor(boundLocalPort: number): string;
}

export interface MdeOpenPortPlan {
  readonly route: 'openPort';
  readonly url: string;
  /** "Allow my IP" must open this port first; the template does not open it by default. */
  readonly portToOpen: number;
  readonly warning: string;
}

export type MdeSendPlan = MdeTunnelPlan | MdeOpenPortPlan;

export interface MdeSendChoice {
  readonly route?: MdeSendRoute;
  /** Must be true for the open-port route: the user saw MDE_PHI_WARNING and chose to go on. */
  readonly acceptedPhiWarning?: boolean;
  /** Trigger this registered workflow (MIG: POST /dicomweb/{workflow-id}/studies) instead of routing rules. */
  readonly workflowId?: string;
}

export class MdeSendPlanError extends Error {
  constructor(
    message: string,
    readonly reason: 'missingOutputs' | 'needsPhiAcknowledgement' | 'badWorkflowId',
  ) {
    super(message);
    this.name = 'MdeSendPlanError';
  }
}

/**
 * How to send DICOMweb to an MDE stack. By default through an SSH tunnel to MIG's HTTP port,
 * which the security group keeps closed; the open port only after an explicit, warned choice.
 */
export function mdeSendPlan(outputs: Readonly<Record<string, string | undefined>>, choice: MdeSendChoice = {}): MdeSendPlan {
  const dicomWebUrl = outputs[OUTPUT.dicomWebUrl];
  const sshHost = outputs[OUTPUT.sshHost];
  if (!dicomWebUrl || !sshHost) {
    throw new MdeSendPlanError(
      `This MDE stack has no ${OUTPUT.dicomWebUrl}/${OUTPUT.sshHost} outputs (it is still being created, or was not made from the Imaging Lab template). Wait for CREATE_COMPLETE or redeploy it with Imaging Lab.`,
      'missingOutputs',
    );
  }
  const url = new URL(dicomWebUrl);
  const path = stowPath(url.pathname, choice.workflowId);
  const remotePort = Number(url.port || MDE_KIND.dicomWeb.port);
  if ((choice.route ?? 'tunnel') === 'tunnel') {
    return {
      route: 'tunnel',
      sshHost,
      sshUser: outputs[OUTPUT.sshUser] || 'ubuntu',
      remoteHost: '127.0.0.1',
      remotePort,
      localPort: 0,
      path,
      urlFor: (boundLocalPort) => `http://127.0.0.1:${boundLocalPort}${path}`,
    };
  }
  if (choice.acceptedPhiWarning !== true) {
    throw new MdeSendPlanError(`Sending over MIG's open port needs your confirmation. ${MDE_PHI_WARNING}`, 'needsPhiAcknowledgement');
  }
  url.pathname = path;
  return { route: 'openPort', url: url.toString(), portToOpen: remotePort, warning: MDE_PHI_WARNING };
}

function stowPath(basePath: string, workflowId: string | undefined): string {
  if (workflowId === undefined) return basePath;
  if (!/^[A-Za-z0-9-]{1,64}$/.test(workflowId)) {
    throw new MdeSendPlanError(`'${workflowId}' is not a workflow id (letters, digits and '-', as returned when the workflow was registered).`, 'badWorkflowId');
  }
  return basePath.replace(/\/studies\/?$/, `/${workflowId}/studies`);
}
