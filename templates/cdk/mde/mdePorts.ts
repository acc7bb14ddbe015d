import { MDE_PORTS } from '../../../src/core/kinds/mde/mdeKind';

/** Ports the security group opens to the allowed CIDR (Kibana only when ELK runs). MIG's 5000 is tunnelled. */
export const MDE_INGRESS = [
  { port: MDE_PORTS.ssh, what: 'SSH' },
  { port: MDE_PORTS.migDicom, what: 'MONAI Informatics Gateway DICOM (SCP, AE MONAI-DEPLOY)' },
  { port: MDE_PORTS.orthancDicom, what: 'Orthanc DICOM' },
  { port: MDE_PORTS.orthancHttp, what: 'Orthanc web UI and DICOMweb' },
] as const;

export const MDE_KIBANA_INGRESS = { port: MDE_PORTS.kibana, what: 'Kibana (ELK profile)' } as const;
