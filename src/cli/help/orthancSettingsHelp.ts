import type { CliCommandHelp } from '../cliCommand';

export const orthancSettingsHelp: CliCommandHelp = {
  name: 'orthanc-settings',
  summary: 'DICOM-TLS settings and the pinned send command of an Orthanc stack',
  usage: `Usage: imaging-lab orthanc-settings <stack> [--region R] [--profile P]

For an Orthanc stack: reads the certificate fingerprint and CA the instance published in SSM
(only from parameters the stack owns), saves the CA as a PEM file under
$XDG_DATA_HOME/imaging-lab/orthanc/, and prints what a modality administrator types for
DICOM-TLS (host, port, called AE title, CA file) and the send command that pins the certificate.

Exit codes: 0 printed, 1 failure (message on stderr), 2 usage error.
`,
};
