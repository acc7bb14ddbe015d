/** What the instance serves and to whom (the security group, outputs and catalog agree on these). */
export const ORTHANC_PORTS = {
  ssh: 22,
  https: 443,
  dicomTls: 11112,
  postgres: 5432,
} as const;

/** Orthanc's called AE title (orthanc.json "DicomAet", checked on every association). */
export const ORTHANC_AE_TITLE = 'ORTHANC';

/** DICOMweb root of the Orthanc plugin behind nginx (orthanc.json "DicomWeb.Root"). */
export const ORTHANC_DICOMWEB_PATH = '/dicom-web';

export type OrthancIngressSource = 'web' | 'dicom';

/** Security-group rules: the web range reaches HTTPS and SSH (EC2 Instance Connect), the DICOM range DICOM-TLS. */
export const ORTHANC_INGRESS: readonly { port: number; from: OrthancIngressSource; what: string }[] = [
  { port: ORTHANC_PORTS.https, from: 'web', what: 'HTTPS: Orthanc web UI, REST and DICOMweb (nginx)' },
  { port: ORTHANC_PORTS.ssh, from: 'web', what: 'SSH through EC2 Instance Connect (no key pair)' },
  { port: ORTHANC_PORTS.dicomTls, from: 'dicom', what: 'DICOM-TLS (nginx, to Orthanc 4242)' },
];
