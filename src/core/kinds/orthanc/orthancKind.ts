import { COST_NOTE, estimate, line } from '../costs';
import type { KindRecord } from '../kindTypes';

/** The Orthanc stack actions (command `imagingLab.<id>`). */
export const ORTHANC_ACTIONS = { openOrthanc: 'openOrthanc', showDicomTlsSettings: 'showDicomTlsSettings' } as const;

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
  templateFile: 'templates/orthanc.template.json',
  // The evaluation profile (templates/README.md estimates 8 minutes: boot, image pull, health checks
  // behind the signal); production waits for RDS too (about 20 minutes), which this figure leaves out.
  typicalDeployMinutes: 8,
  // The default (evaluation) profile; templates/README.md gives both profiles line by line.
  cost: estimate(
    [
      line('EC2 t3.medium (default instance type)', 'ec2:t3.medium'),
      line('EC2 detailed monitoring', 'ec2DetailedMonitoring'),
      line('EBS gp3, 30 GB root + 20 GB index volume', 'gp3GbHour', 50),
      line('Elastic IP (public IPv4)', 'publicIpv4'),
      line('KMS customer-managed key (bucket, volumes, secrets)', 'kmsKey'),
      line('Secrets Manager, Orthanc admin credentials', 'secretsManagerSecret'),
    ],
    `${COST_NOTE} Evaluation profile (default). The production profile adds RDS PostgreSQL db.t4g.micro with 20 GB gp3 and its secret (about $0.074/h in all; Multi-AZ about $0.093/h) and drops the index volume.`,
  ),
  actions: [ORTHANC_ACTIONS.openOrthanc, ORTHANC_ACTIONS.showDicomTlsSettings],
} satisfies KindRecord<'orthanc'>;
