import { generateCertificateAuthority, isIssuedBy, issueCertificate, type KeyMaterial } from '../../pki/certificates';
import { keyMaterialFiles, readKeyMaterial, writeKeyMaterial, type KeyMaterialFiles } from '../../pki/keyMaterialFiles';

/** The TlsMode in which the endpoint requires a client certificate signed by the CA Imaging Lab generated. */
export const CLIENT_CERTIFICATE_MODE = 'generated-client-certificates';

const CA_NAME = 'client-ca';
const CLIENT_NAME = 'client';

/** The files Send DICOM presents to a client-certificate stack (in the stack's private storage folder). */
export function clientCertificateFiles(dir: string): KeyMaterialFiles {
  return keyMaterialFiles(dir, CLIENT_NAME);
}

export interface ClientCertificates {
  readonly ca: KeyMaterial;
  readonly client: KeyMaterial;
  readonly files: KeyMaterialFiles;
  /** False: the CA and client certificate already in the folder were kept (an update, a second try). */
  readonly generated: boolean;
}

/**
 * The CA that the stack trusts and the client certificate it signs, in `dir` (keys 0600 in a 0700
 * folder). What is already there is kept while the client certificate is still the CA's and valid,
 * so an update or a retried deploy does not lock out the machine that holds them; otherwise both are
 * made anew. Only the CA certificate leaves the machine (as the ClientCaCertificate parameter).
 */
export async function ensureClientCertificates(dir: string, stackName: string, now: Date = new Date()): Promise<ClientCertificates> {
  const [ca, client] = await Promise.all([readKeyMaterial(dir, CA_NAME), readKeyMaterial(dir, CLIENT_NAME)]);
  if (ca && client && isIssuedBy(client.certificatePem, ca.certificatePem, now)) {
    return { ca, client, files: clientCertificateFiles(dir), generated: false };
  }
  const label = stackName.slice(0, 40);
  const newCa = await generateCertificateAuthority({ commonName: `Imaging Lab STOW-RS clients ${label}`, organization: 'Imaging Lab', now });
  const newClient = await issueCertificate(newCa, { commonName: `stowrs-client ${label}`, usage: 'client', now });
  await writeKeyMaterial(dir, CA_NAME, newCa);
  const files = await writeKeyMaterial(dir, CLIENT_NAME, newClient);
  return { ca: newCa, client: newClient, files, generated: true };
}
