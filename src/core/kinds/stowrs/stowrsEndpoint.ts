import { access } from 'node:fs/promises';
import { GetParameterCommand, ListTagsForResourceCommand } from '@aws-sdk/client-ssm';
import type { AwsClients } from '../../aws/clients';
import { dicomWebBase, type DicomWebEndpoint } from '../../dicom/endpoint';
import { stackResourceIds, STACK_ID_TAG, taggedForStack } from '../../net/stackOwnership';
import { OUTPUT } from '../stackContract';
import type { StackInfo } from '../../stacks/stackInfo';
import { clientCertificateFiles, CLIENT_CERTIFICATE_MODE } from './clientCertificates';
import { parseEndpointFingerprint } from './endpointTrust';
import { stowrsStackFacts } from './stowrsOutputs';

type Clients = Pick<AwsClients, 'ssm' | 'cloudFormation'>;

/** The fingerprint parameter must be the stack's own: tagged with its ARN, or one of its resources. */
async function ownedParameter(clients: Clients, stack: StackInfo, name: string, signal?: AbortSignal): Promise<boolean> {
  const ssm = await clients.ssm(stack.region);
  const tags = await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name }), { abortSignal: signal }).catch(() => undefined);
  if (taggedForStack(tags?.TagList, stack)) return true;
  return (await stackResourceIds(clients, stack, 'AWS::SSM::Parameter', signal)).includes(name);
}

/** The endpoint's SHA-256 as the instance published it, read only from a parameter the stack owns. */
async function publishedFingerprint(clients: Clients, stack: StackInfo, name: string, signal?: AbortSignal): Promise<string> {
  if (!(await ownedParameter(clients, stack, name, signal))) {
    throw new Error(`Stack ${stack.stackName} names ${name} as its endpoint fingerprint, but that parameter does not belong to the stack (no ${STACK_ID_TAG} tag of this stack, not one of its resources). Nothing was sent; fix the stack's EndpointFingerprintParameter output.`);
  }
  const ssm = await clients.ssm(stack.region);
  const value = (await ssm.send(new GetParameterCommand({ Name: name }), { abortSignal: signal })).Parameter?.Value;
  const fingerprint = parseEndpointFingerprint(value);
  if (!fingerprint) {
    throw new Error(`The STOW-RS endpoint of ${stack.stackName} has not published its certificate fingerprint yet (${name}). Wait until the instance is healthy (a few minutes after CREATE_COMPLETE), then try again.`);
  }
  return fingerprint;
}

/**
 * How to reach a STOW-RS stack: its https DicomWebUrl; unless an ACM certificate is used, exactly
 * the certificate whose fingerprint the instance published (pinned, never "insecure"); with client
 * certificates, the client certificate and key the deploy wrote into `storageDir`.
 */
export async function stowrsEndpoint(clients: Clients, stack: StackInfo, storageDir: string, signal?: AbortSignal): Promise<DicomWebEndpoint> {
  const url = stack.outputs.find((o) => o.key === OUTPUT.dicomWebUrl)?.value ?? '';
  const base = dicomWebBase(url);
  if (base.protocol !== 'https:') throw new Error(`Stack ${stack.stackName}'s DicomWebUrl (${base.origin}) is not https; the STOW-RS template only publishes https endpoints. Nothing was sent.`);
  const facts = stowrsStackFacts(stack);
  const pinSha256 = facts.fingerprintParameter ? await publishedFingerprint(clients, stack, facts.fingerprintParameter, signal) : undefined;
  const endpoint: DicomWebEndpoint = { url, auth: { kind: 'none' }, ...(pinSha256 ? { pinSha256 } : {}) };
  if (facts.tlsMode !== CLIENT_CERTIFICATE_MODE) return endpoint;
  const files = clientCertificateFiles(storageDir);
  try {
    await Promise.all([access(files.certificateFile), access(files.keyFile)]);
  } catch {
    throw new Error(`${stack.stackName} accepts only clients with a certificate from the CA made when it was deployed, and this machine has none for it (${files.keyFile} is missing). Send from the machine that deployed it, or update the stack from here to make a new CA and client certificate.`);
  }
  return { ...endpoint, certFile: files.certificateFile, keyFile: files.keyFile };
}
