import { OUTPUT } from '../stackContract';
import { shellQuote } from '../../ssh/shellQuote';
import { outputValue, type StackInfo } from '../../stacks/stackInfo';

/** What a modality administrator types to send to an Orthanc stack over DICOM-TLS. */
export interface DicomTlsSettings {
  readonly host: string;
  readonly port: number;
  readonly calledAeTitle: string;
  /** The CA certificate file the modality must trust (saved from TlsCaCertificateParameter). */
  readonly caFile: string;
  /** The served certificate's SHA-256, for modalities that pin instead of trusting a CA. */
  readonly fingerprint: string;
}

const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const DNS_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** PS3.5 AE: 1-16 characters of the default repertoire, no backslash or control characters, not only spaces. */
const AE_TITLE = /^(?! *$)[\x20-\x5b\x5d-\x7e]{1,16}$/;

export class DicomTlsSettingsError extends Error {}

/** Reads and checks the DICOM outputs of a stack (untrusted text) into settings. */
export function dicomTlsSettings(stack: Pick<StackInfo, 'stackName' | 'outputs'>, caFile: string, fingerprint: string): DicomTlsSettings {
  const read = (key: string) => {
    const value = outputValue(stack, key)?.trim();
    if (!value) throw new DicomTlsSettingsError(`Stack ${stack.stackName} has no ${key} output; it may still be creating, or it is not an Orthanc stack.`);
    return value;
  };
  const host = read(OUTPUT.dicomHost);
  // A name of digits and dots is an address, so it must be a valid one (999.1.1.1 is not a host name).
  if (/^[\d.]+$/.test(host) ? !IPV4.test(host) : !DNS_NAME.test(host)) throw new DicomTlsSettingsError(`The ${OUTPUT.dicomHost} output of ${stack.stackName} is not a host name or IPv4 address.`);
  const port = Number(read(OUTPUT.dicomPort));
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new DicomTlsSettingsError(`The ${OUTPUT.dicomPort} output of ${stack.stackName} is not a TCP port.`);
  const calledAeTitle = read(OUTPUT.dicomAeTitle);
  if (!AE_TITLE.test(calledAeTitle)) throw new DicomTlsSettingsError(`The ${OUTPUT.dicomAeTitle} output of ${stack.stackName} is not a valid AE title.`);
  return { host, port, calledAeTitle, caFile, fingerprint };
}

/** Plain lines for a read-only document or the CLI. */
export function formatDicomTlsSettings(settings: DicomTlsSettings): string[] {
  return [
    `Host:            ${settings.host}`,
    `Port:            ${settings.port}`,
    `Called AE title: ${settings.calledAeTitle}`,
    'Calling AE title: any (Orthanc accepts stores from any AE title that reaches the port)',
    'Transport:       DICOM-TLS required (TLS 1.2 or 1.3; plain DICOM is refused)',
    `Trust:           the CA certificate in ${settings.caFile}`,
    `Server certificate SHA-256: ${settings.fingerprint}`,
    `Test (dcmtk):    echoscu +tla +cf ${shellQuote(settings.caFile)} -aec ${shellQuote(settings.calledAeTitle)} ${settings.host} ${settings.port}`,
  ];
}
