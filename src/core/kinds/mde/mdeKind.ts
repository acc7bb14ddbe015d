import { estimate, line } from '../costs';
import type { KindRecord } from '../kindTypes';

/** MDE's ports (Project-MONAI/monai-deploy-informatics-gateway and the bundle's compose defaults). */
export const MDE_PORTS = {
  ssh: 22,
  migDicom: 104,
  migHttp: 5000,
  orthancDicom: 4242,
  orthancHttp: 8042,
  kibana: 5601,
} as const;

export const MDE_AE_TITLE = 'MONAI-DEPLOY';

/** MONAI Deploy Express on one GPU instance, from the Project-MONAI/monai-deploy seed. */
export const MDE_KIND = {
  id: 'mde',
  display: {
    label: 'MONAI Deploy Express',
    icon: 'server-process',
    summary: 'MONAI Informatics Gateway, workflow and task managers, Orthanc on one GPU instance',
  },
  description: 'MONAI Deploy Express (MIG, workflow and task managers, Orthanc) on one GPU instance',
  ports: [
    { port: MDE_PORTS.ssh, label: 'SSH', allowMyIp: true },
    { port: MDE_PORTS.migDicom, label: 'MONAI Informatics Gateway DICOM (SCP)', allowMyIp: true, tunnel: true, dimseAeTitle: MDE_AE_TITLE },
    { port: MDE_PORTS.orthancDicom, label: 'Orthanc DICOM', allowMyIp: true },
    { port: MDE_PORTS.orthancHttp, label: 'Orthanc web UI and DICOMweb', allowMyIp: true, tunnel: true },
    // MIG's HTTP/DICOMweb is plain HTTP and stays closed: it is reached through an SSH tunnel.
    { port: MDE_PORTS.migHttp, label: 'MONAI Informatics Gateway (DICOMweb)', tunnel: true },
    { port: MDE_PORTS.kibana, label: 'Kibana (ELK profile)', allowMyIp: true, tunnel: true },
  ],
  dicomWeb: { port: MDE_PORTS.migHttp, tls: false },
  loginUser: 'ubuntu',
  recognise: {
    why: "upstream MDE.template.json (Project-MONAI/monai-deploy) has the unique parameter 'monaiuserpassword'",
    matches: (f) => f.parameterKeys.includes('monaiuserpassword') || /monai deploy express/i.test(f.description ?? ''),
  },
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
  actions: ['registerSampleWorkflows'],
} satisfies KindRecord<'mde'>;
