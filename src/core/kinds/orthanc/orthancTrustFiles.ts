import { join } from 'node:path';
import type { AwsClients } from '../../aws/clients';
import { ensurePrivateDir, writeFileAtomic } from '../../ssh/secureFile';
import type { StackInfo } from '../../stacks/stackInfo';
import { dicomTlsSettings, type DicomTlsSettings } from './dicomTlsSettings';
import { publishedCa, publishedFingerprint } from './publishedTrust';

type TrustClients = Pick<AwsClients, 'ssm' | 'cloudFormation'>;

/** A file name from a stack name (CloudFormation allows letters, digits and hyphens; anything else is dropped). */
export function caFileName(stackName: string): string {
  return `${stackName.replace(/[^A-Za-z0-9-]/g, '').slice(0, 128) || 'orthanc'}-ca.crt`;
}

/**
 * What a modality administrator needs for an Orthanc stack: its DICOM outputs checked, the CA the
 * instance published saved as a PEM file in `directory` (0600 in a 0700 folder), and the fingerprint.
 */
export async function orthancDicomTlsSettings(clients: TrustClients, stack: StackInfo, directory: string, signal?: AbortSignal): Promise<DicomTlsSettings> {
  const [ca, fingerprint] = await Promise.all([publishedCa(clients, stack, signal), publishedFingerprint(clients, stack, signal)]);
  const caFile = join(directory, caFileName(stack.stackName));
  // Checked before anything is written: outputs that are not a host, port and AE title stop here.
  const settings = dicomTlsSettings(stack, caFile, fingerprint);
  await ensurePrivateDir(directory);
  await writeFileAtomic(caFile, ca.pem);
  return settings;
}
