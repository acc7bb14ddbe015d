import type { AwsClients } from '../../aws/clients';
import { dicomWebBase, type DicomWebEndpoint } from '../../dicom/endpoint';
import { fetchStackAuth, stackDicomTarget, type ConfirmCredentials } from '../../dicom/stackEndpoint';
import type { StackInfo } from '../../stacks/stackInfo';
import { PublishedCertificateError } from './publishedCertificate';
import { publishedFingerprint } from './publishedTrust';

type OrthancClients = Pick<AwsClients, 'ssm' | 'cloudFormation' | 'secretsManager'>;

/** An https URL from a stack output (untrusted): no credentials, no other scheme. */
export function httpsOutputUrl(stack: Pick<StackInfo, 'stackName'>, output: string, value: string | undefined): URL {
  let url: URL;
  try {
    url = new URL(value ?? '');
  } catch {
    throw new PublishedCertificateError(`The ${output} output of ${stack.stackName} is not a URL; Imaging Lab did not use it.`);
  }
  if (url.protocol !== 'https:' || url.username || url.password) {
    throw new PublishedCertificateError(`The ${output} output of ${stack.stackName} is not a plain https URL (${url.protocol}); an Orthanc stack serves TLS only, so Imaging Lab did not use it.`);
  }
  return url;
}

/**
 * Where Send DICOM posts for an Orthanc stack: its DicomWebUrl over https, trusting exactly the
 * certificate whose fingerprint the instance published in SSM (no CA, no "insecure"), with the
 * admin credentials from the stack's own secret. The fingerprint is read first: nothing secret is
 * fetched for a stack whose certificate cannot be checked.
 */
export async function orthancSendEndpoint(clients: OrthancClients, stack: StackInfo, signal?: AbortSignal, confirm?: ConfirmCredentials): Promise<DicomWebEndpoint> {
  const target = stackDicomTarget(stack);
  if (!target) throw new PublishedCertificateError(`Stack ${stack.stackName} has no DicomWebUrl output yet; wait until it is CREATE_COMPLETE.`);
  httpsOutputUrl(stack, 'DicomWebUrl', dicomWebBase(target.url).toString());
  const pinSha256 = await publishedFingerprint(clients, stack, signal);
  const auth = await fetchStackAuth(clients, target, signal, confirm);
  return { url: target.url, auth, pinSha256 };
}
