import { GetParameterCommand, ListTagsForResourceCommand } from '@aws-sdk/client-ssm';
import type { AwsClients } from '../../aws/clients';
import { stackResourceIds, STACK_ID_TAG, taggedForStack } from '../../net/stackOwnership';
import { outputValue, type StackInfo } from '../../stacks/stackInfo';
import { parsePublishedCa, parsePublishedFingerprint, PublishedCertificateError, TLS_CA_OUTPUT, TLS_FINGERPRINT_OUTPUT } from './publishedCertificate';

type TrustClients = Pick<AwsClients, 'ssm' | 'cloudFormation'>;
type TrustStack = Pick<StackInfo, 'stackName' | 'stackId' | 'region' | 'outputs'>;

/** An SSM parameter name (letters, digits, `_.-/`), as CloudFormation's Ref of an AWS::SSM::Parameter gives it. */
const PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

function parameterNameOf(stack: TrustStack, output: string): string {
  const name = outputValue(stack, output)?.trim() ?? '';
  if (!name) throw new PublishedCertificateError(`Stack ${stack.stackName} has no ${output} output, so the Orthanc certificate cannot be checked. Wait for CREATE_COMPLETE; a stack made from another template cannot be trusted this way.`);
  if (name.length > 1011 || !PARAMETER_NAME.test(name)) throw new PublishedCertificateError(`The ${output} output of ${stack.stackName} is not an SSM parameter name; Imaging Lab did not read it.`);
  return name;
}

/**
 * The parameter belongs to the stack: tagged with its ARN, or one of its AWS::SSM::Parameter
 * resources (whose physical id is the name). A stack must not make Imaging Lab trust a
 * certificate through a parameter some other system writes.
 */
async function assertOwned(clients: TrustClients, stack: TrustStack, name: string, output: string, signal?: AbortSignal): Promise<void> {
  const ssm = await clients.ssm(stack.region);
  const tags = await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name }), signal ? { abortSignal: signal } : {}).catch(() => undefined);
  if (taggedForStack(tags?.TagList, stack)) return;
  if ((await stackResourceIds(clients, stack, 'AWS::SSM::Parameter', signal)).includes(name)) return;
  throw new PublishedCertificateError(
    `Stack ${stack.stackName} names the parameter ${name} in its ${output} output, but that parameter does not belong to the stack (no ${STACK_ID_TAG} tag of this stack, and not one of its resources). Imaging Lab trusted nothing from it and sent nothing. Fix the stack's output.`,
  );
}

async function readOwnedParameter(clients: TrustClients, stack: TrustStack, output: string, signal?: AbortSignal): Promise<string> {
  const name = parameterNameOf(stack, output);
  await assertOwned(clients, stack, name, output, signal);
  const ssm = await clients.ssm(stack.region);
  const result = await ssm.send(new GetParameterCommand({ Name: name }), signal ? { abortSignal: signal } : {});
  return result.Parameter?.Value ?? '';
}

const pending = (stack: TrustStack, what: string) =>
  new PublishedCertificateError(`Orthanc on ${stack.stackName} has not published its ${what} yet (the instance writes it on first boot). Wait until the stack is CREATE_COMPLETE, then try again.`);

/** The SHA-256 fingerprint (AA:BB:…) of the certificate the instance serves, as it published it. */
export async function publishedFingerprint(clients: TrustClients, stack: TrustStack, signal?: AbortSignal): Promise<string> {
  const parsed = parsePublishedFingerprint(await readOwnedParameter(clients, stack, TLS_FINGERPRINT_OUTPUT, signal));
  if (parsed.state === 'pending') throw pending(stack, 'certificate fingerprint');
  return parsed.sha256;
}

/** The one-off CA that signed the instance's certificate (PEM), as the instance published it. */
export async function publishedCa(clients: TrustClients, stack: TrustStack, signal?: AbortSignal): Promise<{ readonly pem: string; readonly sha256: string }> {
  const parsed = parsePublishedCa(await readOwnedParameter(clients, stack, TLS_CA_OUTPUT, signal));
  if (parsed.state === 'pending') throw pending(stack, 'CA certificate');
  return { pem: parsed.pem, sha256: parsed.sha256 };
}
