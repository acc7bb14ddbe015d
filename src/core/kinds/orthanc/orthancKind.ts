import { estimate, line } from '../costs';
import type { KindRecord } from '../kindTypes';

/** Facts from the Orthweb seed (HTTPS 443 -> Orthanc 8043, DICOM-TLS 11112 -> 4242, ec2-user). */
export const ORTHANC_KIND = {
  id: 'orthanc',
  display: { label: 'Orthanc', icon: 'database', summary: 'Orthanc DICOM server with DICOMweb' },
  description: 'Orthanc with DICOMweb behind TLS (HTTPS 443, DICOM-TLS 11112), PostgreSQL storage',
  ports: [
    { port: 22, label: 'SSH', allowMyIp: true },
    { port: 443, label: 'Orthanc web UI and DICOMweb (HTTPS)', allowMyIp: true },
    { port: 11112, label: 'Orthanc DICOM-TLS', allowMyIp: true, dimseAeTitle: 'ORTHANC' },
    { port: 8042, label: 'Orthanc HTTP (on the instance)', tunnel: true },
  ],
  dicomWeb: { port: 443, tls: true },
  loginUser: 'ec2-user',
  recognise: {
    why: 'Orthanc stacks describe themselves as such (Orthweb itself is Terraform and makes no stack)',
    matches: (f) => /\borthanc\b/i.test(f.description ?? '') && !/monai/i.test(f.description ?? ''),
  },
  // Template not shipped yet.
  typicalDeployMinutes: 15,
  cost: estimate([
    line('EC2 t3.medium, 2 instances (primary and secondary)', 'ec2:t3.medium', 2),
    line('RDS PostgreSQL db.t3.medium', 'rds:db.t3.medium-postgres'),
    line('EBS gp3, 2 x 30 GB', 'gp3GbHour', 60),
    line('Public IPv4 address', 'publicIpv4'),
  ]),
  actions: [],
} satisfies KindRecord<'orthanc'>;
