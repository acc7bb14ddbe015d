import type { KindCatalogEntry } from '../catalogTypes';
import { OUTPUT } from '../kindIds';
import { KIND_DISPLAY } from '../kindInfo';
import { estimate, line } from '../costs';

/** MIG ports (Project-MONAI/monai-deploy-informatics-gateway defaults). */
export const MDE_PORTS = {
  ssh: 22,
  migDicom: 104,
  migHttp: 5000,
  orthancDicom: 4242,
  orthancHttp: 8042,
  kibana: 5601,
} as const;

export const MDE_AE_TITLE = 'MONAI-DEPLOY';

export const MDE_ENTRY: KindCatalogEntry = {
  id: 'mde',
  displayName: KIND_DISPLAY.mde.label,
  description: 'MONAI Deploy Express (MIG, workflow and task managers, Orthanc) on one GPU instance',
  templateFile: 'templates/mde.template.json',
  // The seed says "about 20 minutes"; most of it is driver and image downloads in user data.
  typicalDeployMinutes: 20,
  cost: estimate([
    line('EC2 g4dn.xlarge (default instance type)', 'ec2:g4dn.xlarge'),
    line('EBS gp3 root volume, 200 GB', 'gp3GbHour', 200),
    line('Elastic IP (public IPv4)', 'publicIpv4'),
    line('Secrets Manager, 4 secrets (monaiuser, MinIO, RabbitMQ, MongoDB)', 'secretsManagerSecret', 4),
    line('KMS customer-managed key (secrets, flow logs)', 'kmsKey'),
    line('EC2 detailed monitoring', 'ec2DetailedMonitoring'),
  ]),
  loginUser: 'ubuntu',
  allowMyIpPorts: [MDE_PORTS.ssh, MDE_PORTS.migDicom, MDE_PORTS.orthancHttp, MDE_PORTS.orthancDicom],
  // MIG's HTTP/DICOMweb is plain HTTP: tunnel to it over SSH by default (see src/core/mde/sendPlan.ts).
  dicomWeb: { urlOutput: OUTPUT.dicomWebUrl, remotePort: MDE_PORTS.migHttp, tls: false },
  dimse: { port: MDE_PORTS.migDicom, aeTitle: MDE_AE_TITLE },
  postDeployActions: ['allowMyIp', 'openSshTerminal', 'openWebUi', 'registerSampleWorkflows', 'sendSampleDicom'],
};
