import type { KindCatalogEntry } from '../catalogTypes';
import { OUTPUT } from '../kindIds';
import { KIND_DISPLAY } from '../kindInfo';
import { estimate, line } from '../costs';

/** Facts from the Orthweb seed (HTTPS 443 -> Orthanc 8043, DICOM-TLS 11112 -> 4242, ec2-user). */
export const ORTHANC_ENTRY: KindCatalogEntry = {
  id: 'orthanc',
  displayName: KIND_DISPLAY.orthanc.label,
  description: 'Orthanc with DICOMweb behind TLS (HTTPS 443, DICOM-TLS 11112), PostgreSQL storage',
  // Template not shipped yet.
  typicalDeployMinutes: 15,
  cost: estimate([
    line('EC2 t3.medium, 2 instances (primary and secondary)', 'ec2:t3.medium', 2),
    line('RDS PostgreSQL db.t3.medium', 'rds:db.t3.medium-postgres'),
    line('EBS gp3, 2 x 30 GB', 'gp3GbHour', 60),
    line('Public IPv4 address', 'publicIpv4'),
  ]),
  loginUser: 'ec2-user',
  allowMyIpPorts: [443, 11112],
  dicomWeb: { urlOutput: OUTPUT.dicomWebUrl, remotePort: 443, tls: true },
  dimse: { port: 11112, aeTitle: 'ORTHANC' },
  postDeployActions: ['allowMyIp', 'openWebUi', 'openSshTerminal', 'sendSampleDicom'],
};
